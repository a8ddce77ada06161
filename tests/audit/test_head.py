"""`/opendata/audit-head.json`: the public head of the chain, and its place on the open-data
page; and concurrent writers on PostgreSQL making one chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from emining import audit_chain
from emining.audit import record_event

from .conftest import chained_rows, link_pending

URL = "/opendata/audit-head.json"


@pytest.mark.django_db
def test_the_head_file_shows_the_newest_link(client, five_events, django_assert_num_queries):
    head = chained_rows()[-1]
    with django_assert_num_queries(1):
        response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "max-age=5" in response["Cache-Control"]
    body = response.json()
    assert body["sequence"] == body["events"] == 5
    assert body["hash"] == head[3]
    assert body["event_id"] == head[0]
    assert body["event_time"]
    assert body["time"]
    assert body["algorithm"] == "sha256"
    assert body["canonical_version"] == audit_chain.CANONICAL_VERSION
    assert "verify_audit_log --head SEQUENCE:HASH" in body["how_to_check"]


@pytest.mark.django_db
def test_the_head_file_of_an_empty_trail(client):
    body = client.get(URL).json()
    assert body["sequence"] == 0
    assert body["hash"] == audit_chain.GENESIS_HASH
    assert body["event_time"] is None


@pytest.mark.django_db
def test_the_head_file_moves_with_each_event(client, five_events):
    before = client.get(URL).json()
    record_event(action="test.later")
    link_pending()
    after = client.get(URL).json()
    assert after["sequence"] == before["sequence"] + 1
    assert after["hash"] != before["hash"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_the_open_data_page_lists_the_head(client, language):
    response = client.get(f"/{language}/opendata/")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("opendata-audit-head") in html
    titles = {"en": "Audit trail head", "zh-hans": "审计记录链头", "ur": "آڈٹ ریکارڈ کا سرا"}
    assert titles[language] in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_concurrent_writers_make_one_chain_without_forks():
    writers, each = 8, 5
    barrier = threading.Barrier(writers)
    errors: list[Exception] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for k in range(each):
                with transaction.atomic():
                    record_event(action="test.parallel", data={"writer": n, "k": k})
                    record_event(action="test.parallel_second", data={"writer": n, "k": k})
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    rows = chained_rows()
    assert [row[1] for row in rows] == list(range(1, writers * each * 2 + 1))
    # In ranges on parallel connections too.
    for workers in (1, 3):
        result = audit_chain.verify_chain(connection, workers=workers, chunk_size=2)
        assert result.broken is None
        assert result.events == writers * each * 2
    assert result.unlinked == 0
