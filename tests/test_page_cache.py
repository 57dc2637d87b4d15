"""Anonymous public pages are cached, and a change in the back office shows on the next request."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tests.backoffice.helpers import change_form_data
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=300):
        yield


def test_second_anonymous_request_is_served_from_cache(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # committed: the version is cached
        PartnerFactory(name="Global March Against Child Labour")
    first = client.get(reverse("partners:list"))
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):  # the content version comes from the cache too
        second = client.get(reverse("partners:list"))
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_before_its_commit_a_change_is_not_the_cached_version(client, django_assert_num_queries):
    """Uncommitted, the new version is this connection's alone: it is read from the row."""
    PartnerFactory()  # the test's transaction never commits
    client.get(reverse("partners:list"))
    with django_assert_num_queries(1):
        assert client.get(reverse("partners:list"))["X-Cache"] == "hit"


def test_a_rolled_back_change_leaves_the_version_as_it_was(django_capture_on_commit_callbacks):
    from django.db import transaction

    from common.content_version import VERSION_KEY, content_version

    with django_capture_on_commit_callbacks(execute=True):
        PartnerFactory()
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        PartnerFactory()
        raise RuntimeError("the change fails")
    assert content_version() == before
    assert cache.get(VERSION_KEY) == before


def test_admin_change_is_visible_on_the_next_request(client, admin_user):
    partner = PartnerFactory(name="Old name")
    assert "Old name" in client.get(reverse("partners:list")).content.decode()

    editor = client.__class__()
    editor.force_login(admin_user)
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = change_form_data(editor.get(url))
    data["name"] = "New name"
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    html = client.get(reverse("partners:list")).content.decode()
    assert "New name" in html and "Old name" not in html


def test_languages_are_cached_separately(client):
    PartnerFactory()
    english = client.get("/partners/")
    french = client.get("/fr/partners/")
    assert english.content != french.content
    assert client.get("/fr/partners/").content == french.content


def test_logged_in_staff_never_get_cached_pages(admin_client):
    admin_client.get(reverse("partners:list"))
    assert "X-Cache" not in admin_client.get(reverse("partners:list"))


def test_etag_gives_304(client):
    PartnerFactory()
    first = client.get(reverse("partners:list"))
    etag = first["ETag"]
    assert client.get(reverse("partners:list"), HTTP_IF_NONE_MATCH=etag).status_code == 304


# -- nothing a visitor's cookies carry reaches another visitor (issue 12, items 1 and 15) -----


def _add_partner_in_admin(staff_client, name):
    """Save a partner under a name of the staff user's choosing: "… was changed successfully"."""
    url = reverse("admin:partners_partner_change", args=[PartnerFactory().pk])
    data = change_form_data(staff_client.get(url))
    data["name"] = name
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return staff_client.cookies["messages"].value


def test_a_staff_message_is_never_planted_in_the_cached_page(admin_client):
    """The attack: keep the back office's messages cookie, drop the session, load the home page."""
    messages = _add_partner_in_admin(admin_client, "PLANTED TEXT")
    attacker = Client()
    attacker.cookies["messages"] = messages
    seen_by_attacker = attacker.get("/").content.decode()
    assert "PLANTED TEXT" in seen_by_attacker  # the message is theirs to see, once

    visitor = Client().get("/")
    assert "PLANTED TEXT" not in visitor.content.decode()
    assert visitor["X-Cache"] == "miss"  # the attacker's page was not stored


def test_a_staff_message_with_a_live_session_is_not_stored(admin_client):
    _add_partner_in_admin(admin_client, "PLANTED TEXT")
    assert "PLANTED TEXT" in admin_client.get("/").content.decode()
    assert "PLANTED TEXT" not in Client().get("/").content.decode()


def test_a_forged_messages_cookie_neither_shows_nor_bypasses_the_cache(client):
    PartnerFactory()
    client.get("/")
    forger = Client()
    forger.cookies["messages"] = "PLANTED TEXT"
    response = forger.get("/")
    assert response["X-Cache"] == "hit"
    assert "PLANTED TEXT" not in response.content.decode()


def test_a_fake_session_cookie_gets_the_cached_page(client):
    PartnerFactory()
    client.get(reverse("partners:list"))
    fake = Client()
    fake.cookies["sessionid"] = "made-up-session-key-0123456789abcdef"
    assert fake.get(reverse("partners:list"))["X-Cache"] == "hit"


def test_a_page_filled_by_a_request_with_cookies_is_the_cookie_free_page(client):
    """A miss is rendered without the request's cookies: what is stored depends on none."""
    PartnerFactory()
    fake = Client()
    fake.cookies["sessionid"] = "made-up-session-key-0123456789abcdef"
    fake.cookies["csrftoken"] = "A" * 32
    filled = fake.get("/")
    assert filled["X-Cache"] == "miss"
    assert "Set-Cookie" not in filled
    again = client.get("/")
    assert again["X-Cache"] == "hit"
    assert again.content == filled.content


# -- one entry per page: scheme, host and accepted parameters (issue 12, items 9 and 15) -------


@pytest.mark.parametrize(
    ("poison", "plain", "wanted", "unwanted"),
    [
        ({"HTTP_HOST": "localhost"}, {}, "http://testserver/", "localhost"),
        ({"secure": True}, {}, "http://testserver/", "https://testserver"),
        ({}, {"secure": True}, "https://testserver/", "http://testserver"),
    ],
)
def test_another_host_or_scheme_never_poisons_the_sitemap(client, poison, plain, wanted, unwanted):
    PartnerFactory(slug="walk-free")
    # The index names its pages and each page names the records, both by absolute address.
    for path, named in (
        ("/sitemap.xml", "sitemap-partners.xml"),
        ("/sitemap-partners.xml", "partners/walk-free/"),
    ):
        client.get(path, **poison)
        body = client.get(path, **plain).content.decode()
        assert f"{wanted}{named}" in body
        assert unwanted not in body


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_a_forwarded_scheme_never_poisons_the_subscribe_links(client):
    client.get(reverse("events:list"), HTTP_X_FORWARDED_PROTO="https")
    body = client.get(reverse("events:list")).content.decode()
    assert "webcal://testserver/events/calendar.ics" in body
    assert "https://testserver/events/feed.atom" not in body
    assert "http://testserver/events/feed.atom" in body


def _page_entries():
    return [key for key in cache._cache if "portal:page:" in key]


def test_junk_parameters_make_no_new_entries_and_never_reach_the_page(client):
    PartnerFactory()
    first = client.get("/partners/?utm_source=0")
    assert first["X-Cache"] == "miss"
    for number in range(1, 40):
        response = client.get(f"/partners/?utm_source={number}&utm_campaign=x{number}")
        assert response["X-Cache"] == "hit"
        assert response.content == first.content
    assert len(_page_entries()) == 1
    assert "utm_" not in first.content.decode()  # not even in the language links


def test_accepted_parameters_still_choose_the_page_in_any_order(client):
    PartnerFactory(name="Walk Free", organisation_type="ngo")
    PartnerFactory(name="ILO", organisation_type="un")
    ngo = client.get("/partners/?type=ngo&q=walk")
    assert "Walk Free" in ngo.content.decode() and "ILO" not in ngo.content.decode()
    reordered = client.get("/partners/?q=walk&utm_x=1&type=ngo")
    assert reordered["X-Cache"] == "hit"
    other = client.get("/partners/?type=un")
    assert other["X-Cache"] == "miss"
    assert "ILO" in other.content.decode()
    assert len(_page_entries()) == 2


# -- invalidation is seen by every worker (issue 12, item 7) ----------------------------------


@contextmanager
def worker(name):
    """One gunicorn worker: its own local-memory cache, the database shared with the others.

    Local-memory caches live per process, keyed by LOCATION: re-entering a worker finds its cache
    as it left it.
    """
    location = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    with override_settings(CACHES={"default": location}):
        yield


@pytest.fixture
def two_workers():
    yield ("worker-a", "worker-b")
    for name in ("worker-a", "worker-b"):
        with worker(name):
            cache.clear()


def test_an_unpublished_record_disappears_on_every_worker(client, two_workers):
    partner = PartnerFactory(name="Soon a draft", slug="soon-a-draft")
    for name in two_workers:
        with worker(name):
            assert "Soon a draft" in client.get(reverse("partners:list")).content.decode()
            assert client.get(reverse("partners:list"))["X-Cache"] == "hit"

    with worker("worker-a"):  # the back office's request lands on one worker
        partner.is_published = False
        partner.save()

    for name in two_workers:
        with worker(name):
            assert "Soon a draft" not in client.get(reverse("partners:list")).content.decode()


@pytest.mark.parametrize("shared", [True, False])
def test_a_committed_change_reaches_every_worker(
    client, settings, two_workers, django_capture_on_commit_callbacks, shared
):
    """Shared cache (Redis): the version is cached until the change. Private caches: read again
    after CONTENT_VERSION_LOCAL_SECONDS (0 here: every request reads the row)."""
    settings.CONTENT_VERSION_LOCAL_SECONDS = 60 if shared else 0
    names = ("worker-a", "worker-a") if shared else two_workers
    with django_capture_on_commit_callbacks(execute=True):
        partner = PartnerFactory(name="Soon a draft", slug="soon-a-draft")
    for name in names:
        with worker(name):
            assert "Soon a draft" in client.get(reverse("partners:list")).content.decode()
            assert client.get(reverse("partners:list"))["X-Cache"] == "hit"

    with worker(names[0]), django_capture_on_commit_callbacks(execute=True):
        partner.is_published = False
        partner.save()

    for name in names:
        with worker(name):
            assert "Soon a draft" not in client.get(reverse("partners:list")).content.decode()


def test_a_client_that_authenticates_itself_gets_its_own_page(client):
    PartnerFactory()
    client.get(reverse("partners:list"))
    response = client.get(reverse("partners:list"), HTTP_AUTHORIZATION="Token abc")
    assert "X-Cache" not in response


def test_a_head_request_is_answered_from_the_get_entry(client):
    PartnerFactory()
    client.get(reverse("partners:list"))
    assert client.head(reverse("partners:list"))["X-Cache"] == "hit"
    assert len(_page_entries()) == 1


def test_a_bare_query_string_on_a_page_that_reads_none_shares_its_entry(client):
    PartnerFactory(slug="walk-free")
    client.get("/partners/walk-free/")
    assert client.get("/partners/walk-free/?fbclid=123")["X-Cache"] == "hit"


@override_settings(ROOT_URLCONF="tests.page_cache_urls")
def test_a_page_not_listed_is_cached_only_without_a_query_string(client):
    """A page whose parameters the cache does not know keeps them all, and is not cached then."""
    assert client.get("/echo/")["X-Cache"] == "miss"
    assert client.get("/echo/")["X-Cache"] == "hit"
    response = client.get("/echo/?b=2&a=1")
    assert response.content == b"b=2&a=1"
    assert "X-Cache" not in response


def test_ping_never_touches_the_cache_or_the_database(client, django_assert_num_queries):
    client.cookies["sessionid"] = "made-up"
    with django_assert_num_queries(0):
        response = client.get("/ping/")
    assert response.content == b"ok" and "X-Cache" not in response
    # Answered before sessions, locale and CSRF (none of their headers), after the security ones.
    assert "Vary" not in response and "Content-Language" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.post("/ping/").status_code == 405


def test_a_host_not_allowed_is_refused_and_stores_nothing(client):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert _page_entries() == []
