"""An ALTCHA-style proof of work for the visitors' suggestion form, with no third party.

The server issues a challenge: a random salt and the SHA-256 of salt + a secret number below
SUGGESTION_POW_MAX_NUMBER, and a simple sum as the no-JavaScript path, all in one token signed
with the site's key (django.core.signing, HMAC) and valid for SUGGESTION_POW_SECONDS. The page's
script (static/accounts/js/proof-of-work.js) tries numbers until the hash matches (a fraction of
a second for a person, a real cost for a robot sending thousands) and fills in `pow_number`.
Without JavaScript the visitor answers the sum instead. Either way a token is accepted once:
its salt is remembered in the cache until it expires, so a solved challenge cannot be replayed.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "accounts.suggestion-challenge"


def _hash(salt: str, number: int) -> str:
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()


def issue() -> dict:
    """A fresh challenge: what the page shows and the signed token the form posts back."""
    salt = secrets.token_hex(12)
    number = secrets.randbelow(settings.SUGGESTION_POW_MAX_NUMBER)
    first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    challenge = _hash(salt, number)
    answer_hash = _hash(salt, first + second)
    token = signing.dumps({"s": salt, "c": challenge, "a": answer_hash}, salt=SALT, compress=True)
    return {
        "token": token,
        "salt": salt,
        "challenge": challenge,
        "max_number": settings.SUGGESTION_POW_MAX_NUMBER,
        "question": f"{first} + {second}",
    }


def _payload(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.SUGGESTION_POW_SECONDS)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and {"s", "c", "a"} <= data.keys() else None


def solved(data: dict, number, answer: str) -> bool:
    in_range = number is not None and 0 <= number < settings.SUGGESTION_POW_MAX_NUMBER
    if in_range and hmac.compare_digest(_hash(data["s"], number), data["c"]):
        return True
    answer = (answer or "").strip()
    if answer.isdigit() and len(answer) < 4:
        return hmac.compare_digest(_hash(data["s"], int(answer)), data["a"])
    return False


def verify(token: str, number, answer: str) -> bool:
    """True once per token, when the work was done or the question answered."""
    data = _payload(token)
    if data is None or not solved(data, number, answer):
        return False
    # cache.add is atomic: of two posts of one token only the first is accepted.
    return cache.add(f"{SALT}:{data['s']}", 1, timeout=settings.SUGGESTION_POW_SECONDS)


def within_rate_limit(*keys: str) -> bool:
    """Count one submission against each key (client address, reply address); False if over."""
    window = settings.SUGGESTION_RATE_WINDOW_MINUTES * 60
    allowed = True
    for key in keys:
        cache_key = "accounts.suggestions:" + hashlib.sha256(key.encode()).hexdigest()
        cache.add(cache_key, 0, timeout=window)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window)
            count = 1
        allowed = allowed and count <= settings.SUGGESTION_RATE_LIMIT
    return allowed
