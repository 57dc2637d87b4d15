import re

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from common.models import Theme
from common.uploads import SafeImageField
from pathfinders.enums import MilestoneKind, NextStepStatus

from . import challenge

TEXT_LIMIT = 5000
MESSAGE_LIMIT = 2000
# Any tag-like text: messages and profiles are plain text, and a tag in one is refused with a
# message rather than stored (pages escape it anyway; e-mails and exports need not wonder).
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def no_html(value: str):
    if value and HTML_TAG.search(value):
        raise ValidationError(
            _("Please write plain text: HTML tags such as <b> are not accepted."), code="html"
        )


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, not a common password."),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            raise ValidationError(_("The two passwords differ."))
        if first:
            from django.contrib.auth import get_user_model

            probe = get_user_model()(username=self.email.split("@")[0], email=self.email)
            password_validation.validate_password(first, probe)
        return cleaned


class ProfileChangeForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TEXT_LIMIT,
        validators=[no_html],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text, at most 5 000 characters."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Fields of expertise"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries of work"),
        choices=[],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    contact_url = forms.URLField(
        label=_("Public contact page"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A public contact form or page; never a private e-mail address."),
    )
    logo = SafeImageField(label=_("New logo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = list(countries)

    @classmethod
    def initial_for(cls, values: dict) -> dict:
        return {
            **values,
            "themes": list(Theme.objects.filter(slug__in=values.get("themes", []))),
        }


class SuggestionForm(forms.Form):
    """A visitor's correction or new organisation; see challenge.py for the anti-abuse parts."""

    KIND_CHOICES = [
        ("correction", _("Correct an organisation's profile")),
        ("new_organisation", _("Suggest a new organisation")),
    ]
    kind = forms.ChoiceField(label=_("What is it?"), choices=KIND_CHOICES, initial="correction")
    partner = forms.CharField(widget=forms.HiddenInput, required=False, max_length=120)
    name = forms.CharField(
        label=_("Organisation name"),
        required=False,
        max_length=200,
        validators=[no_html],
        help_text=_("For a new organisation."),
    )
    message = forms.CharField(
        label=_("What is wrong or missing?"),
        max_length=MESSAGE_LIMIT,
        validators=[no_html],
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    source_url = forms.URLField(
        label=_("Source link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A public page that shows it, if you have one."),
    )
    reply_email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("Only the Secretariat sees it, to reply to you."),
    )
    # The honeypot: hidden from people by CSS and aria-hidden, filled by form-filling robots.
    homepage = forms.CharField(required=False, max_length=200, label=_("Leave this empty"))
    token = forms.CharField(widget=forms.HiddenInput, max_length=2000)
    pow_number = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    answer = forms.CharField(label=_("Your answer"), required=False, max_length=20)

    def __init__(self, *args, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = partner

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise ValidationError(_("Your suggestion could not be accepted."), code="honeypot")
        if cleaned.get("kind") == "new_organisation" and not cleaned.get("name"):
            self.add_error("name", _("Give the organisation's name."))
        if cleaned.get("kind") == "correction" and self.target is None:
            self.add_error(None, _("Open this form from the organisation's page to correct it."))
        token = cleaned.get("token")
        if token and not challenge.verify(
            token, cleaned.get("pow_number"), cleaned.get("answer", "")
        ):
            self.add_error(
                "answer",
                _("The check did not pass: answer the question (or let the page work it out)."),
            )
        return cleaned


class NextStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=NextStepStatus.choices)
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Progress note"),
        max_length=1000,
        validators=[no_html],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneKind.choices)
    description = forms.CharField(
        label=_("What happened"),
        max_length=1000,
        validators=[no_html],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(ProfileChangeForm):
    """The Secretariat's copy of the proposal: edit, then approve; or reject with a message."""

    logo = None
    use_logo = forms.BooleanField(label=_("Use the proposed logo"), required=False, initial=True)
    review_message = forms.CharField(
        label=_("Message to the submitter"),
        required=False,
        max_length=MESSAGE_LIMIT,
        validators=[no_html],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting; sent by e-mail."),
    )
