from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from alliance87.services import load_demo_file

pytest_plugins = ["tests.browser_support", "tests.smtp_support"]

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "briefing_pack.json"


@pytest.fixture
def demo_content(db):
    """The briefing pack, loaded as `make run` loads it."""
    return load_demo_file(DEMO_FILE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache outlives a test's database transaction; start every test with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """A request to /fr/ or /es/ leaves its language active in the thread; reset it per test."""
    with translation.override("en"):
        yield
