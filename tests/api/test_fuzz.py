"""Hundreds of malformed query strings on every API endpoint: never a 5xx, always JSON."""

import random
from urllib.parse import quote

import pytest

from tests import test_fuzz

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/partners/",
    "/api/v1/partners/ilo/",
    "/api/v1/pathfinders/",
    "/api/v1/pathfinders/nepal/",
    "/api/v1/action-groups/",
    "/api/v1/action-groups/supply-chains/",
    "/api/v1/events/",
    "/api/v1/events/5th-gcg-meeting-new-york-2019/",
    "/api/v1/themes/",
    "/api/v1/countries/",
    "/api/v1/schema/",
]
API_PARAMETERS = ["page_size", "updated_since", "facets", "lang", "when", "stage", "tag"]


def random_query(rng):
    pairs = []
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.9:
            name = rng.choice(test_fuzz.PARAMETERS + API_PARAMETERS)
        else:
            name = test_fuzz.random_value(rng)[:30]
        pairs.append(f"{quote(name, safe='')}={quote(test_fuzz.random_value(rng), safe='')}")
    return "&".join(pairs)


def assert_json(response, label):
    assert response.status_code < 500, label
    if response.status_code != 304:
        assert response["Content-Type"].startswith(
            ("application/json", "application/vnd.oai.openapi+json")
        ), label
        response.json()


@pytest.mark.parametrize("url", ENDPOINTS)
def test_malformed_query_strings(client, demo_content, url):
    rng = random.Random(f"{test_fuzz.FUZZ_SEED}-{url}")
    for _ in range(test_fuzz.CASES_PER_URL):
        query = random_query(rng)
        assert_json(client.get(f"{url}?{query}"), f"{url}?{query[:300]}")


def test_malformed_paths_and_headers(client, demo_content):
    rng = random.Random(test_fuzz.FUZZ_SEED)
    for _ in range(test_fuzz.CASES_PER_URL):
        base = rng.choice(ENDPOINTS)
        path = base + quote(test_fuzz.random_value(rng)[:300], safe="/") + rng.choice(["", "/"])
        headers = {
            "HTTP_ACCEPT_LANGUAGE": test_fuzz.random_value(rng)[:200],
            "HTTP_IF_NONE_MATCH": test_fuzz.random_value(rng)[:200],
            "HTTP_ORIGIN": test_fuzz.random_value(rng)[:200],
        }
        response = client.get(path, **headers)
        if response.status_code in (301, 302):
            continue  # the slash appended by CommonMiddleware
        assert_json(response, path[:300])
