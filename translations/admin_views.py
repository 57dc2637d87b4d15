"""The back office's Translations screens (mounted by TranslationStateAdmin.get_urls):

- the status view: what lacks French or Spanish, what is older than its English, what awaits
  review, by area and language, paginated; a translation can be marked reviewed;
- the export of one language's missing and outdated texts as a PO or XLIFF file;
- the import of the translated file: preview first, then everything or nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from .enums import FileFormat
from .formats import export_po, export_xliff
from .forms import ExportForm, ImportApplyForm, ImportUploadForm, ReviewForm, StatusFilterForm
from .importer import MAX_ENTRIES, TranslationImport, language_name
from .models import TranslationState
from .registry import AREAS
from .selectors import StatusListing
from .services import NotReviewableError, mark_reviewed

PAGE_SIZE = 50


def _context(request, model_admin, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        "can_change": model_admin.has_change_permission(request),
        **extra,
    }


def status(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        return _review(request, model_admin)
    form = StatusFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    listing = StatusListing(
        chosen.get("area") or None, chosen.get("language") or None, chosen.get("status") or None
    )
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = _context(
        request,
        model_admin,
        gettext("Translations"),
        form=form,
        page=page,
        query=query.urlencode(),
        summary=_summary(listing),
        export_form=ExportForm(
            initial={"language": chosen.get("language") or None, "area": chosen.get("area") or ""}
        ),
        max_entries=MAX_ENTRIES,
    )
    return TemplateResponse(request, "admin/translations/status.html", context)


def _summary(listing):
    names = {slug: label for slug, (label, _app) in AREAS.items()}
    return [
        {"area": names[area], "language": language_name(lang), "status": status, "count": count}
        for area, lang, status, count in listing.summary()
    ]


def _review(request, model_admin):
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose a translation to mark reviewed."))
    else:
        state = get_object_or_404(TranslationState, pk=form.cleaned_data["state"])
        try:
            mark_reviewed(state, request.user)
        except NotReviewableError:
            messages.error(request, gettext("That translation no longer exists."))
        else:
            messages.success(request, gettext("Translation marked reviewed."))
    back = reverse("admin:translations_translationstate_changelist")
    query = request.POST.get("query", "")
    return HttpResponseRedirect(f"{back}?{query}" if query else back)


def export(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, gettext("Choose a language and a file format to export."))
        return HttpResponseRedirect(reverse("admin:translations_translationstate_changelist"))
    language, kind = form.cleaned_data["language"], form.cleaned_data["format"]
    area = form.cleaned_data["area"] or None
    rows = StatusListing(area, language)[0:MAX_ENTRIES]
    if kind == FileFormat.PO:
        content, suffix, mime = export_po(rows, language), "po", "text/x-gettext-translation"
    else:
        content, suffix, mime = export_xliff(rows, language), "xlf", "application/xliff+xml"
    name = f"alliance87-content-{area or 'all'}-{language}.{suffix}"
    response = HttpResponse(content, content_type=f"{mime}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def import_file(request, model_admin):
    """Upload → preview (nothing written) → apply the previewed file, checked again first."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    upload_form, apply_form, report = ImportUploadForm(), None, None
    if request.method == "POST" and "_apply" in request.POST:
        apply_form = ImportApplyForm(request.POST)
        if apply_form.is_valid():
            carried = apply_form.cleaned_data["payload"]
            importer = TranslationImport(
                carried["data"].encode("utf-8"), carried["language"], request.user
            )
            report = importer.apply(carried["name"])
            if not report.has_errors:
                messages.success(
                    request,
                    ngettext(
                        "Imported %(count)s translation; the record's history shows it.",
                        "Imported %(count)s translations; each record's history shows them.",
                        len(report.changes),
                    )
                    % {"count": len(report.changes)},
                )
                return HttpResponseRedirect(
                    reverse("admin:translations_translationstate_changelist")
                )
            apply_form = None  # the data changed since the preview: show why, apply nothing
        else:
            for error in apply_form.errors.get("payload", []):
                messages.error(request, error)
            apply_form = None
    elif request.method == "POST":
        upload_form = ImportUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            data = upload_form.cleaned_data["file"].read()
            language = upload_form.cleaned_data["language"]
            report = TranslationImport(data, language, request.user).check()
            name = upload_form.cleaned_data["file"].name[:200]
            apply_form = (
                None if report.has_errors else ImportApplyForm.carrying(data, language, name)
            )
    context = _context(
        request,
        model_admin,
        gettext("Import translations"),
        upload_form=upload_form,
        apply_form=apply_form,
        report=report,
        media=model_admin.media + upload_form.media,
    )
    return TemplateResponse(request, "admin/translations/import.html", context)
