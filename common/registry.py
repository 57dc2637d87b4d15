"""The one list of the apps whose models are portal content.

Roles (what the Secretariat may edit), the public page cache (what invalidates cached pages) and
the backup (what is exported) read it from here, so a new content app is added in one place.
"""

# The kernel (themes) comes first: a restore loads rows in this order, themes before their links;
# alliance87 holds the demo load record.
CONTENT_APPS = ("common", "alliance87", "partners", "pathfinders", "actiongroups", "events")


def is_content_model(model) -> bool:
    return model._meta.app_label in CONTENT_APPS
