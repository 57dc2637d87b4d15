"""django-allauth, the portal's way: no self sign-up, and every mail through the outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from . import mail

# allauth's mail templates → ours (templates/email/<name>/ in this app).
ALLAUTH_MAILS = {
    "account/email/password_reset_key": "accounts/password_reset",
    "account/email/email_confirmation": "accounts/email_confirmation",
    "account/email/email_confirmation_signup": "accounts/email_confirmation",
}


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Accounts are made from a Secretariat invitation only (accounts.views.accept)."""
        return False

    def send_mail(self, template_prefix, email, context):
        template = ALLAUTH_MAILS.get(template_prefix)
        if template is None:  # notifications we have not switched on
            return
        link = context.get("password_reset_url") or context.get("activate_url") or ""
        mail.send(template, [email], {"url": link})

    def get_login_redirect_url(self, request):
        return reverse("accounts:dashboard")


def axes_username(request, credentials) -> str | None:
    """The account name a login attempt is for, from the admin's form or allauth's."""
    credentials = credentials or {}
    for key in ("username", "email", "login"):
        if credentials.get(key):
            return str(credentials[key]).lower()
    data = getattr(request, "POST", {}) or {}
    value = data.get("username") or data.get("login")
    return str(value).lower() if value else None
