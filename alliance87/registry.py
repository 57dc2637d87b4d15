"""The one list of the apps whose models are portal content.

Roles (what the Secretariat may edit), the public page cache (what invalidates cached pages) and
the backup (what is exported) read it from here, so a new content app is added in one place.
"""

CONTENT_APPS = ("alliance87", "partners", "pathfinders", "actiongroups", "events")

# Bookkeeping rows that live in a content app but are not content: changing them is no edit
# (the page cache's own version counter), and a backup must not carry them to another database.
NOT_CONTENT_MODELS = frozenset({("alliance87", "contentversion")})


def is_content_model(model) -> bool:
    meta = model._meta
    return (
        meta.app_label in CONTENT_APPS
        and (meta.app_label, meta.model_name) not in NOT_CONTENT_MODELS
    )
