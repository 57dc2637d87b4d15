"""The partner admin's own screens, kept out of the ModelAdmin (as djangoproject.com's
fundraising/admin_views.py does): the CSV import and its template file.

Each view takes the PartnerAdmin it is mounted by (PartnerAdmin.get_urls), for permissions,
the admin log and history; the URLs are the admin's: /admin/partners/partner/import/...
"""

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from common import roles

from .admin_import import SIMPLE_FIELDS, ImportApplyForm, ImportUploadForm, PartnerImport, decode

# The columns of the downloadable template, in the order an editor fills them in.
TEMPLATE_COLUMNS = [
    "name",
    "acronym",
    "slug",
    "organisation_type",
    "headquarters_country",
    "countries_of_work",
    "themes",
    "website",
    "contact_url",
    "description",
    "date_joined",
    "last_verified",
    "published",
]


def can_import(request, model_admin) -> bool:
    """Importing adds and changes many partners at once: unrestricted editors only."""
    return (
        not roles.is_limited(request.user)
        and model_admin.has_add_permission(request)
        and model_admin.has_change_permission(request)
    )


def import_template(request, model_admin):
    if not can_import(request, model_admin):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partners-import-template.csv"'
    response.write("\ufeff" + ",".join(TEMPLATE_COLUMNS) + "\r\n")
    return response


def import_partners(request, model_admin):
    """Upload → preview (nothing written) → apply the previewed file, checked again first."""
    if not can_import(request, model_admin):
        raise PermissionDenied
    upload_form, apply_form, report = ImportUploadForm(), None, None
    if request.method == "POST" and "_apply" in request.POST:
        apply_form = ImportApplyForm(request.POST)
        if apply_form.is_valid():
            importer = PartnerImport(apply_form.cleaned_data["content"])
            report = importer.check()
            if not report.has_errors:
                _apply(request, model_admin, importer, apply_form.cleaned_data["filename"])
                return HttpResponseRedirect(reverse("admin:partners_partner_changelist"))
            # The data changed since the preview: show the new problems, apply nothing.
    elif request.method == "POST":
        upload_form = ImportUploadForm(request.POST, request.FILES)
        report, apply_form = _preview(upload_form)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Import partners from a CSV file"),
        "opts": model_admin.opts,
        "upload_form": upload_form,
        "apply_form": apply_form,
        "report": report,
        "columns": TEMPLATE_COLUMNS,
        "media": model_admin.media + upload_form.media,
    }
    return TemplateResponse(request, "admin/partners/partner/import.html", context)


def _preview(upload_form):
    """(report, form carrying the file to apply), or (None, None) when the upload is refused."""
    if not upload_form.is_valid():
        return None, None
    upload = upload_form.cleaned_data["file"]
    try:
        text = decode(upload.read())
    except ValidationError as error:
        upload_form.add_error("file", error)
        return None, None
    apply_form = ImportApplyForm(initial={"content": text, "filename": upload.name[:200]})
    return PartnerImport(text).check(), apply_form


def _apply(request, model_admin, importer, filename):
    """One transaction and one revision for the whole file, each partner in the admin log."""
    report = importer.report
    existing = [row.instance for row in report.rows if row.status == "changed"]
    model_admin.ensure_baseline(request, existing)
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(request.user)
        reversion.set_comment(
            gettext("Imported from the CSV file “%(name)s”.") % {"name": filename or "?"}
        )

        def record(row, partner):
            reversion.add_to_revision(partner)
            if row.status == "new":
                model_admin.log_addition(request, partner, [{"added": {}}])
            else:
                fields = [name for name in SIMPLE_FIELDS if name in row.form.changed_data]
                model_admin.log_change(request, partner, [{"changed": {"fields": fields}}])

        importer.apply(on_saved=record)
    model_admin.message_user(
        request,
        gettext(
            "Import applied: %(new)s new partners (as drafts unless the file said "
            "“published”), %(changed)s changed, %(unchanged)s unchanged."
        )
        % report.summary,
        messages.SUCCESS,
    )
