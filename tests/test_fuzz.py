"""Every public URL, hundreds of malformed query strings, paths and headers: no 5xx, no raw echo.

A seeded generator keeps the run deterministic and reproducible (change FUZZ_SEED to explore).
"""

import os
import random
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.django_db

FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "87"))
CASES_PER_URL = int(os.environ.get("FUZZ_CASES", "120"))
MARKER = "<script>alert(8.7)</script>"

PUBLIC_URLS = [
    "/",
    "/partners/",
    "/partners/ilo/",
    "/partners/export.csv",
    "/partners/export.json",
    "/pathfinders/",
    "/pathfinders/nepal/",
    "/action-groups/",
    "/action-groups/supply-chains/",
    "/events/",
    "/events/calendar.ics",
    "/events/feed.atom",
    "/events/5th-gcg-meeting-new-york-2019/",
    "/fr/partners/",
    "/es/events/",
]
PARAMETERS = [
    "q",
    "type",
    "country",
    "region",
    "theme",
    "group",
    "sort",
    "page",
    "format",
    "tag",
    "when",
    "view",
    "month",
    "from",
    "to",
    "pathfinder",
    "host",
    "stage",
    "plan",
    "lang",
    "x",
]
NASTY = [
    MARKER,
    "\"'><img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "'; DROP TABLE partners_partner; --",
    "%",
    "_",
    "%%",
    "\\",
    "\\\\'",
    '"',
    "`",
    "../../../../etc/passwd",
    "0",
    "-1",
    "1e309",
    "9" * 30,
    "NaN",
    "Infinity",
    "",
    "2019-13-45",
    "0001-01",
    "9999-12",
    "99999-01-01",
    "2019-02-30",
    "abc",
    "2019-07",
    "ü",
    "Côte d'Ivoire",
    "\u202e\u0644\u0639\u0631\u0628\u064a\u0629",
    "😀" * 20,
    "\ud7ff",
    "x" * 10_000,
    "a,b,c",
    "null",
    "None",
    "[]",
    "{}",
    "true",
]


def random_value(rng):
    parts = rng.sample(NASTY, k=rng.randint(1, 2))
    return "".join(parts)[: rng.choice([20, 200, 10_000])]


def random_query(rng):
    pairs = []
    for _ in range(rng.randint(1, 6)):
        name = rng.choice(PARAMETERS) if rng.random() < 0.9 else random_value(rng)[:30]
        pairs.append(f"{quote(name, safe='')}={quote(random_value(rng), safe='')}")
    return "&".join(pairs)


def assert_safe(response, label):
    assert response.status_code < 500, label
    content_type = response.get("Content-Type", "")
    if "html" in content_type and not response.streaming:
        assert MARKER not in response.content.decode("utf-8", "replace"), label


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_malformed_query_strings(client, demo_content, url):
    rng = random.Random(f"{FUZZ_SEED}-{url}")
    for _ in range(CASES_PER_URL):
        query = random_query(rng)
        response = client.get(f"{url}?{query}")
        if response.streaming:
            b"".join(response.streaming_content)
        assert_safe(response, f"{url}?{query[:300]}")


def test_malformed_paths_and_headers(client, demo_content):
    rng = random.Random(FUZZ_SEED)
    for _ in range(CASES_PER_URL):
        base = rng.choice(PUBLIC_URLS)
        path = base + quote(random_value(rng)[:300], safe="/") + rng.choice(["", "/", ".ics"])
        headers = {
            "HTTP_ACCEPT_LANGUAGE": random_value(rng)[:200],
            "HTTP_IF_NONE_MATCH": random_value(rng)[:200],
            "HTTP_IF_MODIFIED_SINCE": random_value(rng)[:100],
            "HTTP_REFERER": random_value(rng)[:200],
            "HTTP_USER_AGENT": random_value(rng)[:500],
        }
        response = client.get(path, **headers)
        assert_safe(response, path[:300])


def test_nul_bytes_are_a_bad_request(client):
    assert client.get("/partners/?q=a%00b").status_code == 400
    assert client.get("/partners/%00/").status_code in (400, 404)
