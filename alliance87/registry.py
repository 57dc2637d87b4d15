"""The one list of the apps whose models are portal content.

Roles (what the Secretariat may edit), the public page cache (what invalidates cached pages) and
the backup (what is exported) read it from here, so a new content app is added in one place.
"""

CONTENT_APPS = ("alliance87", "partners", "pathfinders", "actiongroups", "events")


def is_content_model(model) -> bool:
    return model._meta.app_label in CONTENT_APPS
