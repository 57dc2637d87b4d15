"""Visitors' corrections and new organisations: honeypot, proof of work, rate limits."""

import hashlib

import pytest
from django.urls import reverse

from accounts import challenge
from accounts.enums import RequestKind
from accounts.models import ChangeRequest
from tests.helpers import main_text

pytestmark = pytest.mark.django_db
URL = reverse("accounts:suggest")


def solve(issued) -> int:
    """What the page's script does: find the number whose hash matches."""
    for number in range(issued["max_number"]):
        if hashlib.sha256(f"{issued['salt']}{number}".encode()).hexdigest() == issued["challenge"]:
            return number
    raise AssertionError("unsolvable challenge")


def answer_of(issued) -> str:
    first, second = issued["question"].split(" + ")
    return str(int(first) + int(second))


def form_data(client, partner=None, **fields):
    slug = getattr(partner, "slug", partner)
    page = client.get(URL, {"partner": slug} if partner else {})
    issued = page.context["challenge"]
    data = {
        "kind": "correction" if partner else "new_organisation",
        "partner": slug or "",
        "name": "" if partner else "Anti-Slavery Network",
        "message": "The website moved.",
        "source_url": "https://example.net/news",
        "reply_email": "visitor@example.net",
        "homepage": "",
        "token": issued["token"],
        "pow_number": str(solve(issued)),
        "answer": "",
    }
    data.update(fields)
    return data, issued


def test_a_correction_with_the_work_done_joins_the_queue(client, partner):
    page = client.get(partner.get_absolute_url())
    assert f"{URL}?partner=walk-free" in page.content.decode()
    data, _issued = form_data(client, partner)
    response = client.post(URL, data)
    assert response.status_code == 200 and "Thank you" in main_text(response)
    request = ChangeRequest.objects.get()
    assert request.kind == RequestKind.CORRECTION and request.partner == partner
    assert request.reply_email == "visitor@example.net"


def test_without_javascript_the_question_does(client, db):
    assert f'href="{URL}"' in client.get(reverse("partners:list")).content.decode()
    data, issued = form_data(client, pow_number="", answer="")
    data["answer"] = answer_of(issued)
    response = client.post(URL, data)
    assert response.status_code == 200
    request = ChangeRequest.objects.get()
    assert request.kind == RequestKind.NEW_ORGANISATION
    assert request.proposed == {"name": "Anti-Slavery Network", "_language": "en"}


def test_neither_work_nor_answer_is_refused(client, db):
    data, issued = form_data(client, pow_number="12", answer="999")
    if challenge._hash(issued["salt"], 12) == issued["challenge"]:
        pytest.skip("the random number happened to be 12")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "The check did not pass" in main_text(response)
    assert not ChangeRequest.objects.exists()


def test_a_solved_challenge_cannot_be_replayed(client, db):
    data, _issued = form_data(client)
    assert client.post(URL, data).status_code == 200
    assert client.post(URL, data).status_code == 400
    assert ChangeRequest.objects.count() == 1


def test_a_forged_token_is_refused(client, db):
    data, _issued = form_data(client)
    data["token"] = data["token"][:-3] + "abc"
    assert client.post(URL, data).status_code == 400
    assert not ChangeRequest.objects.exists()


def test_the_honeypot_refuses_robots(client, db):
    data, _issued = form_data(client, homepage="http://spam.example")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "could not be accepted" in main_text(response)
    assert not ChangeRequest.objects.exists()


def test_rate_limited_per_reply_address(client, settings, db):
    settings.SUGGESTION_RATE_LIMIT = 2
    statuses = []
    for number in range(3):
        data, _issued = form_data(client)
        statuses.append(client.post(URL, data, REMOTE_ADDR=f"198.51.100.{number}").status_code)
    assert statuses == [200, 200, 429]
    assert ChangeRequest.objects.count() == 2


def test_rate_limited_per_client_address(client, settings, db):
    settings.SUGGESTION_RATE_LIMIT = 1
    first, _ = form_data(client, reply_email="a@example.net")
    second, _ = form_data(client, reply_email="b@example.net")
    assert client.post(URL, first).status_code == 200
    response = client.post(URL, second)
    assert response.status_code == 429
    assert "Too many suggestions" in main_text(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("message", "z" * 10_000, "at most 2000 characters"),
        ("message", "<a href='x'>click</a>", "HTML tags"),
        ("reply_email", "not-an-address", "valid email"),
        ("source_url", "javascript:alert(1)", "valid URL"),
        ("name", "", "Give the organisation"),
    ],
)
def test_bad_input_gives_a_message_not_a_500(client, db, field, value, message):
    data, _issued = form_data(client, **{field: value})
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in main_text(response)
    assert not ChangeRequest.objects.exists()


def test_a_correction_of_an_unknown_organisation_is_refused(client, db):
    data, _issued = form_data(client, "no-such-org", name="")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "from the organisation" in main_text(response)


def test_the_reply_address_is_shown_to_the_secretariat_only(client, secretariat, partner):
    data, _issued = form_data(client, partner)
    client.post(URL, data)
    request = ChangeRequest.objects.get()
    assert "visitor@example.net" not in client.get(partner.get_absolute_url()).content.decode()
    review = secretariat.get(reverse("admin:accounts_changerequest_change", args=[request.pk]))
    assert "visitor@example.net" in review.content.decode()
