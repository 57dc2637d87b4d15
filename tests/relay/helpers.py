from django.urls import reverse


def write_url(partner, language=""):
    url = reverse("relay:write", args=[partner.slug])
    return f"/{language}{url}" if language else url


def post_message(client, partner, subject="Working together", message="Shall we talk?", **kw):
    return client.post(write_url(partner), {"subject": subject, "message": message}, **kw)
