"""The meeting pages are valid HTML in every language (the Nu HTML Checker, as for the main
pages), as each side sees them: the calendar, the form (also with errors), a meeting's page with
its answer forms, and an accepted one."""

from __future__ import annotations

import pytest

from matchmaking.services import meetings as services
from tests.quality.test_html_validity import LANGUAGES, validate
from tests.quality.test_html_validity import vnu_jar as vnu_jar  # a fixture

from .meetings import make_meeting, slot

pytestmark = pytest.mark.django_db


def test_meeting_pages_are_valid_html_in_every_language(
    client,
    verified_member,
    pk_firm,
    pk_firm_member,
    sifc,
    vnu_jar,
    tmp_path,
):
    waiting = make_meeting(verified_member, firm=pk_firm, event="Pak-China Forum")
    accepted = make_meeting(verified_member, firm=pk_firm, subject="Accepted", slots=[slot(9, 10)])
    services.accept_meeting(accepted, by=pk_firm_member, slot=accepted.slots.get())
    pages = {}
    for user, paths in (
        (
            verified_member,
            ["/meetings/", "/meetings/new/", f"/meetings/{waiting.pk}/", f"/firms/{pk_firm.pk}/"],
        ),
        (pk_firm_member, ["/meetings/", f"/meetings/{waiting.pk}/", f"/meetings/{accepted.pk}/"]),
    ):
        client.force_login(user)
        for language in LANGUAGES:
            for path in paths:
                url = f"/{language}{path}"
                response = client.get(url)
                assert response.status_code == 200, url
                pages[f"{url} ({user.username})"] = response.content.decode()
    client.force_login(verified_member)
    for language in LANGUAGES:
        url = f"/{language}/meetings/new/"
        response = client.post(url, {"invitee": "", "subject": "", "slot_1_date": "2020-01-01"})
        assert response.status_code == 400
        pages[f"{url} (with errors)"] = response.content.decode()
    errors = validate(vnu_jar, pages, tmp_path)
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("lang", ["zh-hans", "ur"])
def test_no_english_ui_text_on_the_meeting_pages(
    client, verified_member, pk_firm, pk_firm_member, lang
):
    from tests.emining.test_translations import TextCollector, english_ui_strings

    english = english_ui_strings()
    # Typed by the users: not UI strings (a subject in the catalogue would be a false alarm).
    waiting = make_meeting(verified_member, firm=pk_firm, subject="Barite", message="Hello")
    accepted = make_meeting(verified_member, firm=pk_firm, subject="Gypsum", slots=[slot(9, 10)])
    services.accept_meeting(accepted, by=pk_firm_member, slot=accepted.slots.get())
    leaks = {}
    for user, paths in (
        (verified_member, ["/meetings/", "/meetings/new/", f"/meetings/{waiting.pk}/"]),
        (pk_firm_member, [f"/meetings/{waiting.pk}/", f"/meetings/{accepted.pk}/"]),
    ):
        client.force_login(user)
        for path in paths:
            collector = TextCollector()
            collector.feed(client.get(f"/{lang}{path}").content.decode())
            found = [text for text in collector.texts if text in english]
            if found:
                leaks[path] = found
    assert not leaks, leaks
