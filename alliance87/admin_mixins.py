"""What every back-office admin class shares: row-level rights, history and undo, drafts.

`PortalModelAdmin` (a django-reversion `VersionAdmin`) gives each model:

- **Row-level rights.** `group_scope` names the lookup from the model to its action group
  ("pk" for the group itself). An account limited to some groups (see `alliance87.roles`)
  gets only their rows in lists, autocompletes and foreign-key choices; any other row answers
  404 to every view (change, delete, history, preview), and change/delete permission is refused
  on it, so a hand-made POST changes nothing.
- **History and undo.** Every save through the admin is a revision (who, when, what); deletions
  first record the object and everything deleted with it, so "Recover deleted …" brings back the
  object with its children. Reverting and recovering are for unrestricted editors.
- **Concurrent edits.** The change form carries a fingerprint of the row as it was loaded; a save
  made from a stale page is refused with a message instead of silently overwriting.
- **Drafts.** Publish/unpublish actions (recorded), and a preview of the public page for any
  record, draft or not, under /admin/ (never cached, banner "Draft — not public").
"""

from contextlib import suppress
from functools import partial

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import (
    NestedObjects,
    NotRelationField,
    get_fields_from_path,
    quote,
    unquote,
)
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError, connections, models, router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Revision, Version
from taggit.managers import TaggableManager

from . import concurrency, roles
from .models import Theme


class ConcurrencyCheckMixin:
    """Mixed into the admin's ModelForm: refuse a save made from a page loaded before the last one
    (the mechanism is alliance87/concurrency.py)."""

    def clean(self):
        cleaned = super().clean()
        posted = self.data.get(concurrency.FINGERPRINT_FIELD)
        instance = self.instance
        if not posted or not instance.pk:
            return cleaned
        # The admin validates and saves in one transaction: locking the row here makes the check
        # and the write one step (a second save waits, then sees the first and is refused).
        lock = connections[router.db_for_write(type(instance))].in_atomic_block
        current = concurrency.row_fingerprint(type(instance), instance.pk, lock=lock)
        if concurrency.is_stale(posted, current):
            raise concurrency.stale_error(instance)
        return cleaned


# An action that changes records (publish, mark as verified, delete…) saves and records each
# one: it runs on at most this many at a time (a page of the list is 100).
MAX_ACTION_ROWS = 500


def too_many_for_action(count: int) -> str:
    return gettext(
        "Nothing was changed: an action works on at most %(limit)s records at a time, and "
        "%(count)s are selected. Narrow the list with the filters or the search, then run it "
        "again."
    ) % {"limit": MAX_ACTION_ROWS, "count": count}


def save_deletion_snapshot(user, objects, model):
    """Store the objects about to be deleted, and all they take with them, as one revision.

    django-reversion only keeps versions of rows that still exist when a revision closes, and
    the admin's bulk delete runs inside the list's revision; so the snapshot is written here,
    directly, before anything is deleted. "Recover deleted …" then restores it all.
    """
    using = router.db_for_write(model)
    collector = NestedObjects(using=using)
    collector.collect(objects)
    versions = []
    for related_model, instances in collector.data.items():
        if not reversion.is_registered(related_model):
            continue
        content_type = ContentType.objects.get_for_model(related_model)
        for instance in instances:
            versions.append(
                Version(
                    content_type=content_type,
                    object_id=str(instance.pk),
                    db=using,
                    format="json",
                    serialized_data=serializers.serialize("json", [instance]),
                    object_repr=str(instance),
                )
            )
    if not versions:
        return None
    revision = Revision.objects.using(using).create(
        date_created=timezone.now(),
        user=user if getattr(user, "pk", None) else None,
        comment=gettext("Deleted."),
    )
    for version in versions:
        version.revision = revision
    Version.objects.using(using).bulk_create(versions)
    return revision


def _row_exists(model, field_name, value, restored) -> bool:
    if field_name == model._meta.pk.attname and (model, str(value)) in restored:
        return True
    return model._default_manager.filter(**{field_name: value}).exists()


def _unlink_missing(object_version, restored) -> bool:
    """Drop links to rows that no longer exist; False if the object cannot exist without one."""
    obj = object_version.object
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname) if field.many_to_one or field.one_to_one else None
        if value is None:
            continue
        if not _row_exists(field.related_model, field.target_field.attname, value, restored):
            if not field.null:
                return False
            setattr(obj, field.attname, None)
    for name, pks in (object_version.m2m_data or {}).items():
        related = obj._meta.get_field(name).related_model
        existing = {
            str(pk)
            for pk in related._default_manager.filter(pk__in=pks).values_list("pk", flat=True)
        }
        object_version.m2m_data[name] = [pk for pk in pks if str(pk) in existing]
    return True


def recover_revision(revision, delete=False, skipped=None):
    """Restore a deletion snapshot, leaving out what points to rows deleted since.

    django-reversion restores every row of the revision, and a link row whose other end was
    deleted after the snapshot breaks the database's foreign key at commit (a server error).
    Here an optional link to a missing row is emptied, a row that needs it is left out (listed
    in `skipped`), and the rest is saved parents first, as django-reversion does.
    """
    versions = list(revision.version_set.all())
    restored = {(v.content_type.model_class(), str(v.object_id)) for v in versions}
    pending = []
    for version in versions:
        object_version = version._object_version  # django-reversion 6.4's deserialized row
        if _unlink_missing(object_version, restored):
            pending.append((version, object_version))
        elif skipped is not None:
            skipped.append(version)
    with transaction.atomic(using=revision._state.db):
        while pending:
            failed = []
            for version, object_version in pending:
                try:
                    with transaction.atomic(using=version.db):
                        object_version.save(using=version.db)
                except (IntegrityError, ObjectDoesNotExist):
                    failed.append((version, object_version))
            if len(failed) == len(pending):
                raise RevertError(gettext("This record cannot be recovered."))
            pending = failed


def group_id_of(obj, lookup: str):
    """Follow "a__b__group" on an instance to the action group's id (one query per hop)."""
    if lookup == "pk":
        return obj.pk
    *hops, last = lookup.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date + time widget with a real <label> for each of its two inputs."""

    template_name = "alliance87/widgets/split_datetime.html"


class LabelledFormsetMixin:
    """Tabular inline rows show their labels only as column headers: name each input too."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = str(form.instance) if form.instance.pk is not None else ""
        for field in form.fields.values():
            if field.label and not field.widget.is_hidden:
                label = f"{field.label} – {row}" if row else str(field.label)
                field.widget.attrs.setdefault("aria-label", label[:200])


class PortalModelAdmin(VersionAdmin):
    show_facets = admin.ShowFacets.ALWAYS
    history_latest_first = True
    change_list_template = "admin/portal/change_list.html"
    object_history_template = "admin/portal/object_history.html"
    recover_list_template = "admin/portal/recover_list.html"
    # Links typed without a scheme are secure ones (Django 6's default, without the warning).
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.DateTimeField: {"widget": LabelledSplitDateTime},
    }

    class Media:
        js = ["alliance87/admin_a11y.js"]

    # Lookup from this model to its ActionGroup, for accounts limited to some groups; None:
    # not group content (such accounts then get only what their model permissions allow).
    group_scope = None
    # The public page's template; set it (and preview_context) to get a preview.
    preview_template = None

    # -- row-level rights ------------------------------------------------------------------

    def scope_ids(self, request):
        return roles.editable_group_ids(request.user)

    def scope_queryset(self, request, queryset):
        ids = self.scope_ids(request)
        if ids is None or self.group_scope is None:
            return queryset
        return queryset.filter(**{f"{self.group_scope}__in": ids})

    def in_scope(self, request, obj) -> bool:
        ids = self.scope_ids(request)
        if ids is None or obj is None or self.group_scope is None:
            return True
        if obj.pk is None and self.group_scope == "pk":
            return False  # a limited account never creates a group
        return group_id_of(obj, self.group_scope) in ids

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with a message; a record that is missing, or that is
        # not this user's, is a plain 404 (no hint whether it exists).
        raise Http404(gettext("No such record."))

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if self.scope_ids(request) is None:
            return filters
        # A limited account's filters offer only values found in its own rows (no names of
        # other groups, no empty counts for them).
        scoped = []
        for entry in filters:
            if isinstance(entry, str) and self._leads_to_scoped_model(entry):
                entry = (entry, admin.RelatedOnlyFieldListFilter)
            scoped.append(entry)
        return scoped

    def _leads_to_scoped_model(self, lookup):
        try:
            field = get_fields_from_path(self.model, lookup)[-1]
        except (FieldDoesNotExist, NotRelationField):
            return False
        related_admin = self.admin_site._registry.get(getattr(field, "related_model", None))
        return isinstance(related_admin, PortalModelAdmin) and related_admin.group_scope is not None

    def scoped_related_queryset(self, request, model, queryset=None):
        related_admin = self.admin_site._registry.get(model)
        if not isinstance(related_admin, PortalModelAdmin) or related_admin.group_scope is None:
            return queryset
        if queryset is None:
            queryset = model._default_manager.all()
        return related_admin.scope_queryset(request, queryset)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager) and db_field.remote_field.model is Theme:
            # Themes are one shared vocabulary, kept in its own admin page. Free text would
            # quietly add to it ("Child labour" typed without quotes made "child" and "labour").
            return forms.ModelMultipleChoiceField(
                queryset=Theme.objects.order_by("name"),
                widget=forms.CheckboxSelectMultiple,
                required=not db_field.blank,
                # One name everywhere (events store them as "tags"), and not taggit's default
                # help text, "A comma-separated list of tags.", which describes a text box.
                label=_("Themes"),
                help_text=_("Tick the themes that apply. The list itself is edited under Themes."),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self.scope_ids(request) is not None:
            base = kwargs.get("queryset")
            if base is None:
                base = self.get_field_queryset(None, db_field, request)
            queryset = self.scoped_related_queryset(request, db_field.remote_field.model, base)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # -- concurrent edits ------------------------------------------------------------------

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        return type(formset)(formset.__name__, (LabelledFormsetMixin, formset), {})

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield type(formset)(formset.__name__, (LabelledFormsetMixin, formset), {}), inline

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not change or obj is None:
            return form
        return type(form)(form.__name__, (ConcurrencyCheckMixin, form), {})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and obj.pk is not None:
            posted = request.POST.get(concurrency.FINGERPRINT_FIELD)
            current = concurrency.row_fingerprint(type(obj), obj.pk)
            context.update(concurrency.page_context(posted, current))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- history: a baseline before the first change, a snapshot before every deletion ----------

    def ensure_baseline(self, request, objects):
        """Record records that have no history yet (demo content, imports) before changing them.

        Without this the first change in the back office could not be undone: django-reversion
        stores the state *after* each save. Must run outside any open revision.
        """
        objects = [obj for obj in objects if obj is not None and obj.pk is not None]
        if not objects:
            return
        content_type = ContentType.objects.get_for_model(self.model)
        recorded = set(
            Version.objects.filter(
                content_type=content_type, object_id__in=[str(obj.pk) for obj in objects]
            ).values_list("object_id", flat=True)
        )
        missing = [obj for obj in objects if str(obj.pk) not in recorded]
        if not missing:
            return
        with reversion.create_revision():
            reversion.set_comment(gettext("As it was before its first change in the back office."))
            for obj in missing:
                reversion.add_to_revision(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self.ensure_baseline(request, [self.get_object(request, unquote(object_id))])
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj):
        save_deletion_snapshot(request.user, [obj], self.model)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        save_deletion_snapshot(request.user, list(queryset), self.model)
        super().delete_queryset(request, queryset)

    def _version_of_this_model(self, version_id, **lookups):
        return get_object_or_404(
            Version,
            pk=version_id,
            content_type=ContentType.objects.get_for_model(self.model),
            **lookups,
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reverting rewrites every record of the revision: only for accounts that may change
        # all content. django-reversion does not check that the version is of this model.
        if roles.is_limited(request.user):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such record."))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        self._version_of_this_model(version_id, object_id=unquote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if roles.is_limited(request.user):
            raise PermissionDenied
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = self._version_of_this_model(version_id)
        if not Version.objects.get_deleted(self.model).filter(pk=version.pk).exists():
            raise Http404(gettext("This record is not deleted."))
        # As django-reversion's recover view, but restoring only what can still be linked: rows
        # deleted since (an event the partner hosted, a group it was in) are left out.
        skipped = []
        version.revision.revert = partial(recover_revision, version.revision, skipped=skipped)
        context = {
            "title": gettext("Recover %(name)s") % {"name": version.object_repr},
            "recover": True,
            **(extra_context or {}),
        }
        response = self._reversion_revisionform_view(
            request,
            version,
            self.recover_form_template or self._reversion_get_template_list("recover_form.html"),
            context,
        )
        if request.method == "POST" and response.status_code == 302 and skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)s link to a record deleted since was not restored.",
                    "%(count)s links to records deleted since were not restored.",
                    len(skipped),
                )
                % {"count": len(skipped)},
                messages.WARNING,
            )
        return response

    def recoverlist_view(self, request, extra_context=None):
        if roles.is_limited(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def _posted_changing_action(self, request):
        """The action this POST runs if it is one this user may run and it changes records."""
        if request.method != "POST" or not request.POST.get("action"):
            return None
        entry = self.get_actions(request).get(request.POST["action"])
        if entry is None:
            return None  # not this user's: Django refuses it without running anything
        if set(getattr(entry[0], "allowed_permissions", ())) <= {"view"}:
            return None  # reads only (the CSV export streams, and writes no history)
        return entry[0]

    def _action_targets(self, request):
        if request.POST.get("select_across") != "1":
            selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
            return self.get_queryset(request).filter(pk__in=selected)
        # "Select all": every record of the list as filtered, as Django will pass to the action.
        try:
            return self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return self.get_queryset(request)

    def changelist_view(self, request, extra_context=None):
        if self._posted_changing_action(request) is not None:
            # Malformed ids select nothing here; the action itself then reports the problem.
            with suppress(ValueError, ValidationError):
                targets = self._action_targets(request)
                count = targets.count()
                if count > MAX_ACTION_ROWS:
                    # Each record changed is saved and recorded: bounded work per request.
                    self.message_user(request, too_many_for_action(count), messages.ERROR)
                    return HttpResponseRedirect(request.get_full_path())
                # Actions change records inside the list's revision: record their state first.
                self.ensure_baseline(request, list(targets))
        extra_context = {
            **(extra_context or {}),
            "can_recover": not roles.is_limited(request.user)
            and self.has_add_permission(request)
            and self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_revert": not roles.is_limited(request.user),
        }
        return super().history_view(request, object_id, extra_context)

    # -- drafts: publishing and preview --------------------------------------------------------

    def set_field_on_selected(self, request, queryset, field: str, value, comment=None) -> int:
        """The one bulk "set a field" of every admin action: each selected record that differs
        and that this account may change is saved (so save() hooks and signals run, e.g. an
        output's status date and the page cache), logged in the admin log, and recorded in the
        list's revision (with `comment` as its history note). Returns how many changed."""
        changed = 0
        for obj in queryset.exclude(**{field: value}):
            if not self.has_change_permission(request, obj):
                continue
            setattr(obj, field, value)
            obj.save()
            self.log_change(request, obj, [{"changed": {"fields": [field]}}])
            changed += 1
        if comment and reversion.is_active():
            reversion.set_comment(comment)
        return changed

    @admin.action(
        description=_("Publish selected (show on the public site)"), permissions=["change"]
    )
    def publish_selected(self, request, queryset):
        changed = self.set_field_on_selected(
            request, queryset, "is_published", True, gettext("Published.")
        )
        self.message_user(
            request,
            ngettext("%(count)s record published.", "%(count)s records published.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected (back to draft)"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        changed = self.set_field_on_selected(
            request, queryset, "is_published", False, gettext("Unpublished.")
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s record unpublished: it is a draft again.",
                "%(count)s records unpublished: they are drafts again.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    def preview_context(self, request, obj) -> dict:
        raise NotImplementedError

    def preview_url(self, obj):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_preview",
            args=[quote(obj.pk)],
        )

    def get_view_on_site_url(self, obj=None):
        # A draft has no public page yet: "View on site" shows its preview instead.
        if obj is not None and self.preview_template and not getattr(obj, "is_published", True):
            return self.preview_url(obj)
        return super().get_view_on_site_url(obj)

    def get_urls(self):
        urls = super().get_urls()
        if not self.preview_template:
            return urls
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
            *urls,
        ]

    def preview_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such record."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.preview_context(request, obj),
            "public_template": self.preview_template,
            "preview_object": obj,
            "is_draft": not getattr(obj, "is_published", True),
            "change_url": reverse(
                f"{self.admin_site.name}:{self.model._meta.app_label}_"
                f"{self.model._meta.model_name}_change",
                args=[quote(obj.pk)],
            ),
        }
        response = TemplateResponse(request, "admin/portal/preview.html", context)
        # A draft must never reach a shared cache or a search engine.
        add_never_cache_headers(response)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class OrderedInlineMixin:
    """Inline rows in their display order."""

    ordering = ["order", "pk"]


class PortalTabularInline(OrderedInlineMixin, admin.TabularInline):
    extra = 0


class PortalStackedInline(OrderedInlineMixin, admin.StackedInline):
    extra = 0


def bounded_textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows, "cols": 60})


class _EnglishOriginalForm:
    """The original field (`title`) is the English text whatever the back office's language:
    read and written with English active, so a French-speaking editor's form never writes
    French into the English column (django-modeltranslation's descriptors follow the active
    language)."""

    def __init__(self, *args, **kwargs):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().__init__(*args, **kwargs)

    def _post_clean(self):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super()._post_clean()


def _with_translations(model, fieldsets):
    """Each translatable field followed by its French and Spanish columns, side by side."""
    from alliance87.translated import translated_fields

    translated = set(translated_fields(model))
    others = [code for code in settings.MODELTRANSLATION_LANGUAGES if code != "en"]
    columns = {f"{name}_{code}" for name in translated for code in ("en", *others)}
    result = []
    for title, options in fieldsets:
        fields = []
        for name in options.get("fields", ()):
            if isinstance(name, str) and name in columns:
                continue  # placed after its original below
            fields.append(name)
            if isinstance(name, str) and name in translated:
                fields.extend(f"{name}_{code}" for code in others)
        result.append((title, {**options, "fields": fields}))
    return result


class TranslatedAdminMixin:
    """Back-office editing of content in three languages (issue 15): the English text in the
    original field (as before, so scripts, tests and habits keep working), its French and
    Spanish translations right after it. No JavaScript."""

    def get_fieldsets(self, request, obj=None):
        return _with_translations(self.model, super().get_fieldsets(request, obj))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (_EnglishOriginalForm, form), {})


class TranslatedInlineMixin:
    """The same for inline rows (priorities, next steps, agenda items...)."""

    def get_fieldsets(self, request, obj=None):
        return _with_translations(self.model, super().get_fieldsets(request, obj))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (_EnglishOriginalForm, formset.form), {})
        return formset
