from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousApiThrottle(AnonRateThrottle):
    """Requests per client address, counted in the Django cache (shared by every app server).

    The rate is read per request from settings.API_RATE_LIMIT (not frozen at import like DRF's
    DEFAULT_THROTTLE_RATES), so an operator's environment and the tests can change it.
    """

    def get_rate(self):
        return settings.API_RATE_LIMIT
