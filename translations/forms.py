from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .enums import FileFormat, Status
from .registry import AREAS, target_languages

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SIGNING_SALT = "translations.import"


def _areas():
    return [("", _("All areas"))] + [(slug, label) for slug, (label, _app) in AREAS.items()]


def _languages(blank=None):
    languages = [(code, _(name)) for code, name in target_languages()]
    return ([("", blank)] if blank else []) + languages


class StatusFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False, choices=_areas)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=lambda: _languages(_("All languages"))
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=lambda: [("", _("Missing or older than the English"))] + list(Status.choices),
    )


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=_languages)
    format = forms.ChoiceField(label=_("File format"), choices=FileFormat.choices)
    area = forms.ChoiceField(label=_("Area"), required=False, choices=_areas)


class ImportUploadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the translations"), choices=_languages)
    file = forms.FileField(
        label=_("Translated file"),
        help_text=_("A PO or XLIFF file exported here and translated; at most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ImportApplyForm(forms.Form):
    """Carries the previewed file to the apply step, signed so that it cannot be swapped."""

    payload = forms.CharField(widget=forms.HiddenInput)

    @classmethod
    def carrying(cls, data: bytes, language: str, filename: str):
        payload = signing.dumps(
            {"data": data.decode("utf-8", "replace"), "language": language, "name": filename},
            salt=SIGNING_SALT,
            compress=True,
        )
        return cls(initial={"payload": payload})

    def clean_payload(self):
        try:
            value = signing.loads(self.cleaned_data["payload"], salt=SIGNING_SALT, max_age=3600)
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _(
                    "The previewed file could not be read back (or the preview is over an hour "
                    "old); upload it again."
                )
            ) from error
        return value


class ReviewForm(forms.Form):
    state = forms.IntegerField(widget=forms.HiddenInput)
