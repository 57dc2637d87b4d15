from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX, SUBJECT_MAX


class ContactForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    message = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Sent by e-mail to the organisation's focal points, with your address to reply to. "
            "At most %(count)s characters."
        )
        % {"count": BODY_MAX},
    )

    def clean_subject(self):
        # A subject is one line in the mail's header.
        return " ".join(self.cleaned_data["subject"].split())


class AbuseReportForm(forms.Form):
    note = forms.CharField(
        label=_("What is wrong with this message? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReceivingForm(forms.Form):
    receive = forms.BooleanField(label=_("Receive messages through the portal"), required=False)
