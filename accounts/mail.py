"""Every e-mail this app sends goes through the portal's outbox (app `mailer`), never inline:
a request never waits for, or fails with, the mail server. Templates: templates/email/<name>/."""

from django.conf import settings
from django.utils import translation


def send(template: str, to: list[str], context: dict, language: str | None = None, **kwargs):
    from mailer.services import queue_mail

    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    context = {"portal_name": settings.PORTAL_NAME, **context}
    return queue_mail(template=template, to=list(to), context=context, language=language, **kwargs)


def absolute(request, path: str) -> str:
    """A full link for an e-mail; PORTAL_BASE_URL wins when set (commands have no request)."""
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return "http://127.0.0.1:8000" + path
