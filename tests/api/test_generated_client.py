"""A partner's developer generates a client from the live schema with openapi-python-client,
type-checks it with mypy, and uses it unmodified to list, fetch, create and submit a project.

The usage script below is type-checked together with the generated package, so the client's
types must fit real use, then run against the live test server (no network needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from projects.models import Project
from tests.factories import make_project

pytestmark = pytest.mark.django_db(transaction=True)

BIN = Path(sys.executable).parent

USAGE = textwrap.dedent(
    '''
    """List, fetch, create and submit a project with the generated client."""

    from __future__ import annotations

    import datetime
    import json
    import os

    from emining_client import AuthenticatedClient, Client
    from emining_client.api.auth import auth_token_create
    from emining_client.api.minerals import minerals_list
    from emining_client.api.projects import (
        projects_create,
        projects_list,
        projects_retrieve,
        projects_submit_create,
    )
    from emining_client.models import (
        CredentialsRequest,
        CriterionInputRequest,
        InvestmentModelEnum,
        PaginatedMineralList,
        PaginatedProjectListItemList,
        Problem,
        ProjectDetail,
        ProjectWriteRequest,
        StageEnum,
        TokenResponse,
    )


    def main() -> dict[str, object]:
        base_url = os.environ["API_BASE_URL"]
        anonymous = Client(base_url=base_url)

        minerals = minerals_list.sync(client=anonymous, is_critical=True, page_size=5)
        assert isinstance(minerals, PaginatedMineralList), minerals

        refused = auth_token_create.sync(
            client=anonymous, body=CredentialsRequest(username="nobody", password="wrong")
        )
        assert isinstance(refused, Problem), refused

        token = auth_token_create.sync(
            client=anonymous,
            body=CredentialsRequest(
                username=os.environ["API_USERNAME"], password=os.environ["API_PASSWORD"]
            ),
        )
        assert isinstance(token, TokenResponse), token
        official = AuthenticatedClient(base_url=base_url, token=token.token)

        listed = projects_list.sync(client=official, page_size=10)
        assert isinstance(listed, PaginatedProjectListItemList), listed
        first = listed.results[0]
        fetched = projects_retrieve.sync(first.reference, client=official)
        assert isinstance(fetched, ProjectDetail), fetched

        missing = projects_retrieve.sync("PMP-2026-999999", client=official)
        assert isinstance(missing, Problem) and missing.status == 404, missing

        now = datetime.datetime.now(datetime.timezone.utc)
        created = projects_create.sync(
            client=official,
            body=ProjectWriteRequest(
                title="Chagai copper-gold extension",
                summary="Extension of a producing porphyry copper-gold mine.",
                description="Porphyry copper-gold deposit next to the Saindak plant.",
                minerals=["copper", "gold"],
                primary_mineral="copper",
                region="balochistan",
                district="chagai",
                latitude=29.23,
                longitude=61.58,
                area_km2=120.5,
                stage=StageEnum.MINING,
                investment_model=InvestmentModelEnum.JOINT_VENTURE,
                investment_usd=250_000_000,
                bid_opens_at=now + datetime.timedelta(days=1),
                bid_closes_at=now + datetime.timedelta(days=45),
                evaluation_criteria=[
                    CriterionInputRequest(name="Technical capability", weight=60),
                    CriterionInputRequest(name="Financial offer", weight=40),
                ],
            ),
        )
        assert isinstance(created, ProjectDetail), created
        submitted = projects_submit_create.sync(created.reference, client=official)
        assert isinstance(submitted, ProjectDetail), submitted

        return {
            "listed": [row.reference for row in listed.results],
            "fetched": fetched.reference,
            "created": created.reference,
            "contact": created.contact_official.email,
            "status": submitted.status.value,
        }


    if __name__ == "__main__":
        print(json.dumps(main()))
    '''
)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, **kwargs
    )
    assert result.returncode == 0, (command, result.stdout[-4000:], result.stderr[-4000:])
    return result


def test_a_generated_client_type_checks_and_lists_fetches_creates_and_submits(
    live_server, client, tmp_path, reference_data, official
):
    published = make_project(status="published")
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    # No formatter run after generation: the package is used exactly as generated.
    (tmp_path / "config.yaml").write_text("package_name_override: emining_client\npost_hooks: []\n")
    run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            "schema.json",
            "--config",
            "config.yaml",
            "--meta",
            "none",
            "--output-path",
            "emining_client",
        ],
        cwd=tmp_path,
    )
    (tmp_path / "use_client.py").write_text(USAGE)
    run(
        [
            str(BIN / "mypy"),
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "emining_client",
            "use_client.py",
        ],
        cwd=tmp_path,
    )
    environment = {
        **os.environ,
        "API_BASE_URL": live_server.url,
        "API_USERNAME": official.username,
        "API_PASSWORD": settings.DEMO_PASSWORD,
        "PYTHONPATH": str(tmp_path),
    }
    result = run([sys.executable, "use_client.py"], cwd=tmp_path, env=environment)
    outcome = json.loads(result.stdout.strip().splitlines()[-1])

    assert published.reference in outcome["listed"]
    assert outcome["status"] == "in_review"
    assert outcome["contact"] == official.email
    created = Project.objects.get(reference=outcome["created"])
    assert created.status == Project.Status.IN_REVIEW
    assert created.agency == official.agency
