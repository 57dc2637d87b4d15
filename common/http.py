"""What the portal reads from a request, the same way everywhere."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address for login throttling, also behind load balancers.

    Each of the TRUSTED_PROXY_COUNT proxies in front of the app appends the address it saw to
    X-Forwarded-For, so the entry that many places from the right is the client's; anything to
    its left was sent by the client and may be forged. Without proxies REMOTE_ADDR is the client.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote  # not through all proxies (e.g. a health check from inside)
    return forwarded[-count][:45]
