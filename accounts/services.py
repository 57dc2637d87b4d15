"""Writes with more than one step: invitations, change requests and their review, progress
updates and freshness reminders. Views and admin screens stay thin and call these."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reversion.models import Version

from . import mail
from .enums import RequestKind, RequestStatus
from .models import ChangeRequest, FocalPoint, Invitation, ProgressUpdate, hash_token

LANGUAGE_KEY = "_language"
# The fields a focal point may propose, in the order the queue shows them.
PROFILE_FIELDS = ("description", "themes", "countries", "website", "contact_url", "logo")


class ReviewError(Exception):
    """A review that cannot happen (already reviewed, organisation deleted); says why."""


# -- invitations ---------------------------------------------------------------------------------


def create_invitation(*, email, partner=None, country=None, language=None, invited_by=None):
    """Store an invitation and return (invitation, token); only the token's hash is kept."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email.strip().lower(),
        partner=partner,
        country=country,
        language=language or settings.LANGUAGE_CODE,
        created_by=invited_by,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    invitation.full_clean(exclude=["token_hash"])
    invitation.save()
    return invitation, token


def invitation_path(token: str, language: str | None = None) -> str:
    from django.utils import translation

    with translation.override(language or settings.LANGUAGE_CODE):
        return reverse("accounts:invitation", kwargs={"token": token})


def send_invitation(invitation, token, request=None):
    link = mail.absolute(request, invitation_path(token, invitation.language))
    mail.send(
        "accounts/invitation",
        [invitation.email],
        {
            "url": link,
            "organisation": str(invitation.target),
            "days": settings.INVITATION_DAYS,
        },
        invitation.language,
    )
    return link


def find_invitation(token: str):
    return (
        Invitation.objects.select_related("partner", "country")
        .filter(token_hash=hash_token(token))
        .first()
    )


class InvitationError(Exception):
    pass


@transaction.atomic
def accept_invitation(token: str, password: str):
    """Make the account the invitation is for; the link proved the address, so it is verified."""
    from allauth.account.models import EmailAddress

    invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.is_usable():
        raise InvitationError(_("This invitation link is no longer valid."))
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError(_("An account already exists for this address: please sign in."))
    user = user_model(username=_free_username(invitation.email), email=invitation.email)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
    focal_point = FocalPoint.objects.create(
        user=user, partner=invitation.partner, country=invitation.country
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return focal_point


def _free_username(email: str) -> str:
    base = email.split("@", 1)[0][:100] or "focal-point"
    user_model = get_user_model()
    candidate, number = base, 1
    while user_model.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


# -- change requests -----------------------------------------------------------------------------


def current_values(partner) -> dict:
    return {
        "description": partner.description,
        "themes": sorted(partner.themes.values_list("slug", flat=True)),
        "countries": sorted(str(c.country) for c in partner.countries_of_work.all()),
        "website": partner.website,
        "contact_url": partner.contact_url,
    }


def proposed_changes(partner, values: dict) -> dict:
    """Only the fields whose proposed value differs from the public one."""
    now = current_values(partner)
    wanted = {
        "description": values.get("description", ""),
        "themes": sorted(theme.slug for theme in values.get("themes", [])),
        "countries": sorted(values.get("countries", [])),
        "website": values.get("website", ""),
        "contact_url": values.get("contact_url", ""),
    }
    return {name: value for name, value in wanted.items() if value != now[name]}


@transaction.atomic
def submit_profile_change(focal_point, values: dict, logo=None) -> ChangeRequest:
    from partners.models import Partner

    partner = Partner.objects.select_for_update().filter(pk=focal_point.partner_id).first()
    if partner is None:
        raise ReviewError(_("This organisation is no longer in the directory."))
    changes = proposed_changes(partner, values)
    if not changes and logo is None:
        raise ReviewError(_("Nothing differs from the public profile."))
    request = ChangeRequest(
        kind=RequestKind.PROFILE_UPDATE,
        partner=partner,
        partner_name=partner.name,
        submitted_by=focal_point,
        # The language the focal point wrote in: with translated descriptions (one column per
        # language) the approval writes that language's column, whatever the reviewer's.
        proposed={**changes, LANGUAGE_KEY: translation.get_language() or settings.LANGUAGE_CODE},
    )
    if logo is not None:
        request.proposed_logo.save(logo.name, logo, save=False)
    request.save()
    return request


def confirm_profile(focal_point) -> None:
    """ "Our profile is still right": counts as verification, no change request."""
    from partners.models import Partner

    Partner.objects.filter(pk=focal_point.partner_id).update(last_verified=timezone.localdate())
    from common.content_version import bump_content_version

    bump_content_version()


def _ensure_baseline(partner):
    """History stores the state after a save: record the state before the first change."""
    if Version.objects.get_for_object(partner).exists():
        return
    with reversion.create_revision():
        reversion.set_comment(_("As it was before its first change in the back office."))
        reversion.add_to_revision(partner)


def approve_request(change_request, reviewer, values=None, logo_accepted=True, message=""):
    """Apply the (possibly edited) values to the partner, in one revision that can be undone."""
    if change_request.kind != RequestKind.PROFILE_UPDATE:
        return close_suggestion(change_request, reviewer, RequestStatus.APPROVED, message)
    partner = change_request.partner
    if partner is None:
        _withdraw(change_request)
        raise ReviewError(_("The organisation was deleted; nothing was applied."))
    _ensure_baseline(partner)
    with transaction.atomic(), reversion.create_revision():
        change_request = _lock_pending(change_request)
        values = values if values is not None else _stored_values(change_request)
        with translation.override(request_language(change_request)):
            _apply(partner, values)
        if logo_accepted and change_request.proposed_logo:
            _apply_logo(partner, change_request.proposed_logo)
        reversion.set_user(reviewer)
        reversion.set_comment(
            _("Change request #%(number)s approved.") % {"number": change_request.pk}
        )
        reversion.add_to_revision(partner)
        _close(change_request, reviewer, RequestStatus.APPROVED, message)
    _tell_submitter(change_request)
    return change_request


def reject_request(change_request, reviewer, message: str):
    with transaction.atomic():
        change_request = _lock_pending(change_request)
        _close(change_request, reviewer, RequestStatus.REJECTED, message)
    _tell_submitter(change_request)
    return change_request


def close_suggestion(change_request, reviewer, status, message=""):
    """A visitor's suggestion is handled by hand in the partner's admin; this closes it."""
    with transaction.atomic():
        change_request = _lock_pending(change_request)
        _close(change_request, reviewer, status, message)
    _tell_submitter(change_request)
    return change_request


def _lock_pending(change_request):
    locked = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if not locked.is_pending:
        raise ReviewError(_("This request was already reviewed."))
    return locked


def _withdraw(change_request):
    ChangeRequest.objects.filter(pk=change_request.pk, status=RequestStatus.PENDING).update(
        status=RequestStatus.WITHDRAWN, reviewed_at=timezone.now()
    )


def _close(change_request, reviewer, status, message):
    change_request.status = status
    change_request.reviewed_by = reviewer
    change_request.reviewed_at = timezone.now()
    change_request.review_message = message
    change_request.save()


def request_language(change_request) -> str:
    language = change_request.proposed.get(LANGUAGE_KEY)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def proposed_fields(change_request) -> dict:
    """The proposed values without the bookkeeping keys."""
    return {k: v for k, v in change_request.proposed.items() if not k.startswith("_")}


def _stored_values(change_request) -> dict:
    from common.models import Theme

    values = proposed_fields(change_request)
    if "themes" in values:
        values["themes"] = list(Theme.objects.filter(slug__in=values["themes"]))
    return values


def _apply(partner, values: dict):
    from partners.models import PartnerCountry

    for name in ("description", "website", "contact_url"):
        if name in values:
            setattr(partner, name, values[name])
    partner.last_verified = timezone.localdate()
    partner.save()
    if "themes" in values:
        partner.themes.set(list(values["themes"]))
    if "countries" in values:
        wanted = set(values["countries"])
        partner.countries_of_work.exclude(country__in=wanted).delete()
        have = {str(c.country) for c in partner.countries_of_work.all()}
        PartnerCountry.objects.bulk_create(
            PartnerCountry(partner=partner, country=code) for code in sorted(wanted - have)
        )


def _apply_logo(partner, proposed_logo):
    from partners.services import refresh_logo_thumbnail

    with proposed_logo.open("rb") as source:
        data = source.read()
    partner.logo.save(proposed_logo.name.rsplit("/", 1)[-1], ContentFile(data), save=True)
    refresh_logo_thumbnail(partner)


def _tell_submitter(change_request):
    """The focal point, or the visitor's reply address, learns the outcome."""
    if change_request.submitted_by_id:
        to = [change_request.submitted_by.user.email]
    elif change_request.reply_email:
        to = [change_request.reply_email]
    else:
        return
    # In the submitter's language (the one the request was written in), not the reviewer's.
    language = request_language(change_request)
    with translation.override(language):
        status = str(change_request.get_status_display())
    mail.send(
        "accounts/request_reviewed",
        to,
        {
            "organisation": change_request.partner_name or change_request.proposed.get("name", ""),
            "approved": change_request.status == RequestStatus.APPROVED,
            "status": status,
            "message": change_request.review_message,
            "number": change_request.pk,
        },
        language,
    )


# -- pathfinder progress -------------------------------------------------------------------------


@dataclass
class StepUpdate:
    step: object
    status: str
    target_date: object
    note: str


@transaction.atomic
def update_next_step(focal_point, update: StepUpdate) -> ProgressUpdate:
    from pathfinders.models import NextStep

    step = NextStep.objects.select_for_update().get(pk=update.step.pk)
    if step.country_id != focal_point.country_id:
        raise PermissionError
    changed_status = step.status != update.status
    step.status = update.status
    step.target_date = update.target_date
    step.save()
    return ProgressUpdate.objects.create(
        country_id=step.country_id,
        author=focal_point.user,
        note=update.note,
        next_step=step,
        new_status=update.status if changed_status else "",
    )


@transaction.atomic
def add_milestone(focal_point, *, date, kind, description):
    from pathfinders.models import Milestone

    milestone = Milestone.objects.create(
        country_id=focal_point.country_id,
        date=date,
        kind=kind,
        description=description,
        recorded_by=focal_point.user,
    )
    ProgressUpdate.objects.create(
        country_id=focal_point.country_id, author=focal_point.user, note=description
    )
    return milestone


# -- freshness -----------------------------------------------------------------------------------


def stale_partners(today=None):
    """Published partners not verified for PROFILE_STALE_DAYS (never verified counts as stale)."""
    from django.db.models import Q

    from partners.models import Partner

    today = today or timezone.localdate()
    limit = today - timedelta(days=settings.PROFILE_STALE_DAYS)
    return Partner.objects.published().filter(
        Q(last_verified__lt=limit) | Q(last_verified__isnull=True)
    )


def remind_stale_focal_points(today=None, now=None) -> int:
    """E-mail each focal point of a stale profile, at most once per reminder period."""
    now = now or timezone.now()
    again_after = now - timedelta(days=30)
    focal_points = (
        FocalPoint.objects.filter(partner__in=stale_partners(today), user__is_active=True)
        .filter(models_q_not_reminded(again_after))
        .select_related("user", "partner")
    )
    sent = 0
    for focal_point in focal_points.iterator(chunk_size=200):
        mail.send(
            "accounts/freshness_reminder",
            [focal_point.user.email],
            {
                "organisation": focal_point.partner.name,
                "last_verified": str(focal_point.partner.last_verified or ""),
                "url": mail.absolute(None, reverse("accounts:dashboard")),
            },
        )
        FocalPoint.objects.filter(pk=focal_point.pk).update(last_reminded_at=now)
        sent += 1
    return sent


def models_q_not_reminded(again_after):
    from django.db.models import Q

    return Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=again_after)
