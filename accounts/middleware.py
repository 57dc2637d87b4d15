from django.utils.cache import add_never_cache_headers


class NeverCacheAccountPages:
    """The /account/ pages (ours and allauth's) are per person: never stored by any cache.

    Sits inside the public page cache, which stores nothing marked private or no-store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match and _is_account_page(match):
            add_never_cache_headers(response)
        return response


def _is_account_page(match) -> bool:
    return "accounts" in match.namespaces or (match.url_name or "").startswith("account_")
