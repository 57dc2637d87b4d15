"""Back-office roles: who may change what.

- **Secretariat editor** (Django group): every kind of portal content — add, change, delete,
  publish, revert, recover — but no users, groups or permissions.
- **Action group chair** (Django group) together with `actiongroups.GroupEditor` links: only
  the linked action groups, their work plans, objectives, outputs and memberships, and the events
  of those groups; partners and pathfinder countries read-only (to pick them in forms).
- **Superuser**: everything, including accounts and who edits which group.

The Django group gives the model permissions; the row-level limits are enforced by the admin
classes (`common.admin_mixins.PortalModelAdmin`) from `editable_group_ids()`.
`manage.py setup_roles` creates or refreshes the two groups (idempotent).
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .registry import CONTENT_APPS

SECRETARIAT_EDITOR = "Secretariat editor"
GROUP_CHAIR = "Action group chair"
ROLE_LABELS = {
    SECRETARIAT_EDITOR: _("Secretariat editor"),
    GROUP_CHAIR: _("Action group chair"),
}

ALL = ("add", "change", "delete", "view")
# Every content model (common.registry) is the Secretariat's to edit, except these: linking
# an account to a group grants rights, and the demo load record is the loader's own bookkeeping;
# superusers only.
NOT_FOR_EDITORS = {("actiongroups", "groupeditor"), ("alliance87", "demoload")}

CHAIR_PERMISSIONS = {
    ("actiongroups", "actiongroup"): ("change", "view"),
    ("actiongroups", "workplan"): ALL,
    ("actiongroups", "objective"): ALL,
    ("actiongroups", "output"): ALL,
    ("actiongroups", "membership"): ALL,
    ("events", "event"): ALL,
    ("events", "agendaitem"): ALL,
    ("events", "outcome"): ALL,
    ("events", "eventparticipation"): ALL,  # who hosted, chaired, funded or took part
    ("partners", "partner"): ("view",),
    ("pathfinders", "pathfindercountry"): ("view",),
}


def _permissions(wanted):
    """Permission rows for {(app_label, model): actions}, creating content types as needed."""
    result = []
    for (app_label, model), actions in sorted(wanted.items()):
        codenames = [f"{action}_{model}" for action in actions]
        result.extend(
            Permission.objects.filter(
                content_type__app_label=app_label, content_type__model=model, codename__in=codenames
            )
        )
    return result


# Focal points (app `accounts`): the Secretariat invites them and reviews their requests.
SECRETARIAT_ACCOUNT_PERMISSIONS = {
    ("accounts", "invitation"): ("add", "view"),
    ("accounts", "focalpoint"): ALL,
    ("accounts", "changerequest"): ("view", "change", "review"),
    ("accounts", "progressupdate"): ("view", "delete"),
}

# E-mail (apps `mailer` and `relay`): the Secretariat reads the outbox and sends failed mail
# again, sees who wrote to whom, handles abuse reports and sets an organisation's opt-out.
SECRETARIAT_MAIL_PERMISSIONS = {
    ("mailer", "outboundemail"): ("view",),
    ("relay", "contactmessage"): ("view",),
    ("relay", "abusereport"): ("view", "change"),
    ("relay", "contactoptout"): ("add", "view", "delete"),
}

# Beyond content: the Translations view (see what lacks a translation, export it, import the
# translated file, mark translations reviewed). Its rows are kept by the portal itself.
EDITOR_EXTRAS = {("translations", "translationstate"): ("change", "view")}


def secretariat_permissions():
    wanted = {
        (ct.app_label, ct.model): ALL
        for ct in ContentType.objects.filter(app_label__in=CONTENT_APPS)
        if (ct.app_label, ct.model) not in NOT_FOR_EDITORS
    }
    wanted.update(SECRETARIAT_ACCOUNT_PERMISSIONS)
    wanted.update(SECRETARIAT_MAIL_PERMISSIONS)
    return _permissions({**wanted, **EDITOR_EXTRAS})


def chair_permissions():
    return _permissions(CHAIR_PERMISSIONS)


@transaction.atomic
def setup_roles() -> dict[str, int]:
    """Create or refresh the roles; each group gets exactly its permissions. Idempotent."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.management import create_permissions

    # On a fresh database permissions exist only after post_migrate; make sure they do.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    get_user_model()  # the user model must be ready before groups are touched
    counts = {}
    for name, permissions in (
        (SECRETARIAT_EDITOR, secretariat_permissions()),
        (GROUP_CHAIR, chair_permissions()),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts


def group_editor_model():
    """The model linking accounts to the groups they chair (settings.PORTAL_GROUP_EDITOR_MODEL).

    Named in settings, as Django names its user model, so the kernel imports no app: the site
    layer says which app's model it is (actiongroups.GroupEditor).
    """
    return apps.get_model(settings.PORTAL_GROUP_EDITOR_MODEL)


def make_group_editor(user, group):
    """Link an account to an action group and give it the chair role and back-office access."""
    group_editor_model().objects.get_or_create(user=user, group=group)
    grant_chair_role(user)


def grant_chair_role(user):
    role, _created = Group.objects.get_or_create(name=GROUP_CHAIR)
    if not role.permissions.exists():
        role.permissions.set(chair_permissions())
    user.groups.add(role)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def role_names(user) -> frozenset[str]:
    cached = getattr(user, "_portal_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) if user.pk else frozenset()
        user._portal_role_names = cached
    return cached


def editable_group_ids(user):
    """None when the user is not limited to some action groups; else the ids of their groups.

    Limited: an account linked to groups as their editor, or holding the chair role, unless it is
    a superuser or a Secretariat editor. Other staff accounts get exactly their model
    permissions. Cached on the user object, i.e. once per request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    if hasattr(user, "_portal_group_ids"):
        return user._portal_group_ids
    names = role_names(user)
    ids = None
    if SECRETARIAT_EDITOR not in names:
        links = group_editor_model().objects.filter(user=user)
        linked = frozenset(links.values_list("group_id", flat=True))
        if linked or GROUP_CHAIR in names:
            ids = linked
    user._portal_group_ids = ids
    return ids


def is_limited(user) -> bool:
    return editable_group_ids(user) is not None
