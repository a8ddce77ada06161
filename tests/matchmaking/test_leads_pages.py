"""The lead pages: who sees what (and what is internal), the board with its drag and drop
and its keyboard fallback, the officials' forms, bad input, conversion, query counts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from matchmaking.models import Lead, MoU
from matchmaking.services import leads as services
from minerals.models import Mineral

from .leads import make_lead

pytestmark = pytest.mark.django_db

LIST, BOARD, OVERDUE, NEW = "/en/leads/", "/en/leads/board/", "/en/leads/overdue/", "/en/leads/new/"
INTERNAL_NOTE = "Internal: ask the mines department about the tax holiday."
SHARED_NOTE = "Sent the mineral data package."


def detail(lead: Lead, suffix: str = "") -> str:
    return f"/en/leads/{lead.reference}/{suffix}"


@pytest.fixture
def pipeline(official, other_agency_official, cn_firm, pk_firm):
    """A lead about the Chinese firm (with an internal and a shared note), one about the
    Pakistani firm, and a prospective investor's."""
    cn = make_lead(
        official,
        firm=cn_firm,
        stage="contacted",
        summary="Copper smelter partnership",
        next_action="Send the draft terms",
        next_action_due=timezone.localdate() - timezone.timedelta(days=2),
        estimated_value_usd=123_000_000,
    )
    services.add_activity(cn, by=official, kind="note", text=INTERNAL_NOTE, internal=True)
    services.add_activity(cn, by=official, kind="email", text=SHARED_NOTE, internal=False)
    pk = make_lead(
        official, firm=pk_firm, summary="Gypsum board plant", owner=other_agency_official
    )
    prospect = make_lead(official, summary="Tin exploration in Gilgit-Baltistan")
    return {"cn": cn, "pk": pk, "prospect": prospect}


SEEN = {
    "verified_member": {"cn"},
    "pk_firm_member": {"pk"},
    "official": {"cn", "pk", "prospect"},
    "other_agency_official": {"cn", "pk", "prospect"},
}


@pytest.mark.parametrize(("persona", "seen"), SEEN.items())
def test_confidentiality_on_every_page(request, client, pipeline, persona, seen):
    client.force_login(request.getfixturevalue(persona))
    listed = client.get(LIST).content.decode()
    for name, lead in pipeline.items():
        assert (lead.summary in listed) == (name in seen), name
        page = client.get(detail(lead))
        assert page.status_code == (200 if name in seen else 404), name
        assert page.status_code == 404 or page["Cache-Control"].startswith("private")
    if persona.endswith("member"):
        assert client.get(BOARD).status_code == 403
        assert client.get(OVERDUE).status_code == 403
        for name, lead in pipeline.items():
            for suffix in ("edit/", "move/"):
                assert client.get(detail(lead, suffix)).status_code == (
                    403 if name in seen else 404
                )
            response = client.post(detail(lead, "move/"), {"stage": "negotiation"})
            assert response.status_code == (403 if name in seen else 404)
        assert Lead.objects.filter(stage="negotiation").count() == 0


def test_firm_members_never_see_the_internal_details(client, pipeline, verified_member):
    client.force_login(verified_member)
    page = client.get(detail(pipeline["cn"])).content.decode()
    assert SHARED_NOTE in page
    for internal in (INTERNAL_NOTE, "Send the draft terms", "123,000,000", "Follow-up overdue"):
        assert internal not in page
    listed = client.get(LIST).content.decode()
    assert "Send the draft terms" not in listed
    assert "123,000,000" not in listed


def test_outsiders(client, pipeline, firm_member, administrator):
    lead = pipeline["cn"]
    assert client.get(LIST).status_code == 302  # to sign in
    assert client.get(detail(lead)).status_code == 302
    for user in (firm_member, administrator):  # no firm; the platform's administrator
        client.force_login(user)
        assert client.get(LIST).status_code == 403
        assert client.get(detail(lead)).status_code == 404


def test_officials_see_everything_and_their_overdue_leads(client, pipeline, official):
    client.force_login(official)
    page = client.get(detail(pipeline["cn"])).content.decode()
    for text in (INTERNAL_NOTE, SHARED_NOTE, "Send the draft terms", "Follow-up overdue"):
        assert text in page
    overdue = client.get(OVERDUE).content.decode()
    assert pipeline["cn"].reference in overdue
    assert pipeline["pk"].reference not in overdue  # not due
    # The nav links to the board and to "My overdue leads".
    assert 'href="/en/leads/overdue/"' in overdue
    assert 'href="/en/leads/board/"' in overdue


def test_filters_and_bad_filters(client, pipeline, official, other_agency_official):
    client.force_login(official)
    response = client.get(LIST, {"owner": other_agency_official.pk})
    assert [lead.reference for lead in response.context["page"]] == [pipeline["pk"].reference]
    response = client.get(LIST, {"overdue": "on"})
    assert [lead.reference for lead in response.context["page"]] == [pipeline["cn"].reference]
    response = client.get(LIST, {"q": "tin gilgit"})
    assert [lead.reference for lead in response.context["page"]] == [pipeline["prospect"].reference]
    response = client.get(LIST, {"stage": "contacted", "mineral": "copper"})
    assert response.context["page"].paginator.count == 1
    for query in ({"stage": "won"}, {"due_before": "31/31/2026"}, {"owner": "abc"}):
        for url in (LIST, BOARD):
            response = client.get(url, query)
            assert response.status_code == 400, (url, query)
            assert "No lead is shown until the filters are corrected." in response.content.decode()
    empty = client.get(LIST, {"q": "nothing-like-this"}).content.decode()
    assert "No lead matches these filters." in empty


@pytest.mark.parametrize("count", [3, 30])
def test_list_board_and_overdue_query_counts_are_pinned(
    client, official, cn_firm, django_assert_num_queries, count
):
    for i in range(count):
        make_lead(
            official,
            firm=cn_firm if i % 2 else None,
            stage=["new", "qualified", "contacted"][i % 3],
            next_action="Call",
            next_action_due=timezone.localdate() - timezone.timedelta(days=1),
        )
    client.force_login(official)
    # Session, user and the nav's agency; the count and the page's rows (firm, owner,
    # project joined); their minerals; the filter form's owner, mineral and province options.
    with django_assert_num_queries(9):
        assert client.get(LIST).status_code == 200
    # Session, user, agency; counts per stage; the cards (a window function); the form's
    # options.
    with django_assert_num_queries(8):
        assert client.get(BOARD).status_code == 200
    # Session, user, agency; the count, the rows, their minerals.
    with django_assert_num_queries(6):
        assert client.get(OVERDUE).status_code == 200


def test_board_columns_and_drag_and_drop_with_htmx(client, pipeline, official):
    client.force_login(official)
    board = client.get(BOARD)
    columns = {column["stage"]: column for column in board.context["columns"]}
    assert [lead.reference for lead in columns["contacted"]["leads"]] == [pipeline["cn"].reference]
    assert columns["new"]["count"] == 2
    html = board.content.decode()
    assert 'draggable="true"' in html
    assert 'data-stage="negotiation"' in html
    assert "js/lead-board.js" in html
    # A drop posts with htmx: the board comes back with the card in its new column.
    response = client.post(
        detail(pipeline["cn"], "move/"), {"stage": "negotiation"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    columns = {column["stage"]: column for column in response.context["columns"]}
    assert [lead.reference for lead in columns["negotiation"]["leads"]] == [
        pipeline["cn"].reference
    ]
    assert "moved to" in response.content.decode()
    # A refused drop (backwards) answers 400 with the board and the reason.
    response = client.post(
        detail(pipeline["cn"], "move/"), {"stage": "qualified"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "cannot move to" in response.content.decode()
    assert Lead.objects.get(pk=pipeline["cn"].pk).stage == "negotiation"


def test_keyboard_fallback_and_lost_with_reason(client, pipeline, official):
    client.force_login(official)
    lead = pipeline["pk"]
    response = client.post(detail(lead, "move/"), {"stage": "qualified", "next": BOARD})
    assert response.status_code == 302
    assert response["Location"] == BOARD
    assert Lead.objects.get(pk=lead.pk).stage == "qualified"
    # An outside address in `next` is not followed.
    response = client.post(
        detail(lead, "move/"), {"stage": "contacted", "next": "https://x.example/"}
    )
    assert response["Location"] == detail(lead)
    # Lost without a reason: the form comes back with the message and the input kept.
    page = client.get(detail(lead, "move/"), {"stage": "lost"})
    assert 'value="lost" selected' in page.content.decode()
    response = client.post(detail(lead, "move/"), {"stage": "lost", "reason": ""})
    assert response.status_code == 400
    assert "Say why the lead was lost." in response.content.decode()
    client.post(detail(lead, "move/"), {"stage": "lost", "reason": "Chose Chile."})
    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason) == ("lost", "Chose Chile.")


def test_an_official_records_edits_and_annotates_a_lead(client, official, cn_firm):
    client.force_login(official)
    assert client.get(NEW).status_code == 200
    data = {
        "firm": cn_firm.pk,
        "summary": "Lithium prospecting",
        "minerals": [Mineral.objects.get(slug="lithium").pk],
        "owner": official.pk,
        "next_action": "Call the investor",
        "next_action_due": "2030-01-15",
        "estimated_value_usd": "25000000",
    }
    response = client.post(NEW, data)
    lead = Lead.objects.get()
    assert response["Location"] == detail(lead)
    assert [m.slug for m in lead.minerals.all()] == ["lithium"]
    response = client.post(detail(lead, "edit/"), {**data, "estimated_value_usd": "30000000"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.estimated_value_usd == 30_000_000
    response = client.post(
        detail(lead, "activities/"), {"kind": "call", "text": "Spoke to the CEO.", "internal": ""}
    )
    assert response.status_code == 302
    assert lead.activities.get().internal is False


def test_forms_keep_input_and_show_field_messages(client, official, cn_firm):
    client.force_login(official)
    response = client.post(
        NEW,
        {
            "contact_organisation": "Yunnan Tin Group",
            "next_action_due": "not a date",
            "estimated_value_usd": "-5",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Yunnan Tin Group"' in html
    assert "Enter a valid date." in html
    response = client.post(NEW, {"contact_organisation": "Yunnan Tin Group"})
    assert response.status_code == 400
    assert "give the prospective investor" in response.content.decode()
    lead = make_lead(official, firm=cn_firm)
    response = client.post(detail(lead, "activities/"), {"kind": "call", "text": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Lead.objects.filter(contact_organisation="Yunnan Tin Group").exists()


def test_conversion_lands_on_the_mou_which_links_back_for_officials(
    client, official, cn_firm, verified_member
):
    lead = make_lead(official, firm=cn_firm, stage="negotiation")
    client.force_login(official)
    page = client.get(detail(lead)).content.decode()
    assert "Convert into an MoU" in page
    response = client.post(detail(lead, "convert/"), {"title": ""})
    assert response.status_code == 400
    assert not MoU.objects.exists()
    response = client.post(detail(lead, "convert/"), {"title": "Copper smelter study"})
    mou = MoU.objects.get()
    assert response["Location"] == mou.get_absolute_url()
    mou_page = client.get(mou.get_absolute_url()).content.decode()
    assert f'href="{detail(lead)}"' in mou_page
    lead.refresh_from_db()
    assert lead.mou == mou
    # Converted once only; a prospective investor's lead is not offered the conversion.
    response = client.post(detail(lead, "convert/"), {"title": "Again"})
    assert response.status_code == 400
    assert MoU.objects.count() == 1
    prospect = make_lead(official)
    assert "Convert into an MoU" not in client.get(detail(prospect)).content.decode()
