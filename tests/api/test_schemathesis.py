"""The OpenAPI schema matches every answer: schemathesis, with all its checks and bounded
examples, finds no failure anonymously nor as an official with a token.

Runs the real CLI (pinned in requirements.txt) against the live test server: no network."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import make_project

pytestmark = pytest.mark.django_db(transaction=True)

CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = "6"


@pytest.fixture
def generous_throttles(monkeypatch):
    """Thousands of requests in a minute: the throttles would answer most of them 429
    (documented, but it would leave the rest of the API untested)."""
    rates = dict.fromkeys(SimpleRateThrottle.THROTTLE_RATES, "100000/minute")
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture
def official_token(live_server, official, api_client):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": official.username, "password": settings.DEMO_PASSWORD},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def config_with_records(tmp_path, references: list[str]) -> Path:
    """The shared settings, plus records that exist, so that most requests reach the views'
    logic instead of a 404 (random references and slugs almost never name a record)."""
    config = tmp_path / "schemathesis.toml"
    listed = ", ".join(f'"{reference}"' for reference in references)
    config.write_text(
        CONFIG.read_text()
        + f"""
[parameters]
"path.reference" = {{ dictionary = "references", probability = 0.8 }}
"path.slug" = {{ dictionary = "slugs", probability = 0.8 }}

[dictionaries.references]
values = [{listed}]

[dictionaries.slugs]
values = ["copper", "gold", "lithium", "balochistan", "chagai", "gilgit-baltistan"]
"""
    )
    return config


def schemathesis(live_server, tmp_path, *extra: str) -> subprocess.CompletedProcess:
    command = [
        str(SCHEMATHESIS if SCHEMATHESIS.exists() else shutil.which("schemathesis")),
        "--config-file",
        str(tmp_path / "schemathesis.toml"),
        "run",
        f"{live_server.url}/api/schema/",
        "--checks",
        "all",
        "--max-examples",
        MAX_EXAMPLES,
        "--workers",
        "2",
        "--seed",
        "7",
        "--continue-on-failure",
        *extra,
    ]
    return subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )


def test_schemathesis_finds_no_failure_anonymously_or_as_an_official(
    live_server, tmp_path, reference_data, official, official_token, generous_throttles
):
    references = [
        make_project(status=status, agency=official.agency, created_by=official).reference
        for status in ("published", "draft", "draft", "in_review", "closed", "under_evaluation")
    ]
    references.append(make_project(status="published").reference)
    config_with_records(tmp_path, references)
    # As an official first: the anonymous run guesses passwords and so locks its address out.
    # Logging out would revoke the token half-way; it is tested anonymously and in unit tests.
    as_official = schemathesis(
        live_server,
        tmp_path,
        "-H",
        f"Authorization: Bearer {official_token}",
        "--exclude-path",
        "/api/v1/auth/logout/",
    )
    assert as_official.returncode == 0, as_official.stdout[-6000:]
    anonymous = schemathesis(live_server, tmp_path)
    assert anonymous.returncode == 0, anonymous.stdout[-6000:]
