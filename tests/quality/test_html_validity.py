"""Every main page is valid HTML in the three languages: the Nu HTML Checker (vnu.jar, the
W3C validator) reports no error.

vnu.jar comes from the npm package `vnu-jar`, pinned in the repository's package.json and
installed into node_modules/ on first use (`npm ci`); it runs on the machine's Java.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from tests.factories import FirmFactory, UserFactory, make_project

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("en", "zh-hans", "ur")


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    if not shutil.which("java"):
        pytest.skip("java is not installed: the Nu HTML Checker (vnu.jar) needs Java 11 or later")
    # pytest-xdist workers may get here together: one installs while the others wait.
    lock_path = Path(tempfile.gettempdir()) / f"vnu-install-{zlib.crc32(bytes(ROOT))}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not VNU_JAR.exists():
            npm = shutil.which("npm")
            assert npm, "npm is needed once to install vnu-jar (package.json); install Node.js"
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                cwd=ROOT,
                check=True,
                capture_output=True,
                timeout=300,
            )
    return VNU_JAR


def validate(vnu_jar: Path, pages: dict[str, str], folder: Path) -> list[str]:
    """Errors reported by vnu for each page, as 'url:line: message'."""
    files = {}
    for number, (url, html) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = url
    result = subprocess.run(
        [
            shutil.which("java") or "java",
            "-jar",
            str(vnu_jar),
            "--errors-only",
            "--format",
            "json",
            *(str(folder / name) for name in files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{files.get(message.get('url', '').rsplit('/', 1)[-1])}:{message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()[:120]}]"
        for message in messages
    ]


def test_main_pages_are_valid_html_in_every_language(
    client, reference_data, official, vnu_jar, tmp_path
):
    project = make_project(title="Saindak copper-gold extension")
    draft = make_project(title="Draft copper smelter", status="draft")
    firm = FirmFactory(name="Saindak Metals Test Limited", name_zh="山达克金属测试有限公司")
    public_paths = [
        "/",
        "/projects/",
        f"/projects/{project.reference}/",
        "/projects/map/",
        "/minerals/",
        "/minerals/copper/",
        "/regions/",
        "/regions/balochistan/",
        "/accounts/login/",
        "/firms/",
        f"/firms/{firm.pk}/",
        "/dashboard/",
    ]
    official_paths = [
        "/projects/workspace/",
        "/projects/new/",
        # What only officials see: the manage actions, a draft, its edit form, an amendment.
        f"/projects/{project.reference}/",
        f"/projects/{project.reference}/amend/",
        f"/projects/{draft.reference}/",
        f"/projects/{draft.reference}/edit/",
        f"/projects/{draft.reference}/documents/new/",
        "/accounts/password/change/",
        "/firms/verification/",
        f"/firms/verification/{firm.pk}/",
        "/dashboard/internal/",
    ]
    pages = {}
    for language in LANGUAGES:
        for path in public_paths:
            url = f"/{language}{path}"
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = response.content.decode()
    client.force_login(official)
    for language in LANGUAGES:
        for path in official_paths:
            url = f"/{language}{path}"
            response = client.get(url)
            assert response.status_code == 200, url
            pages[f"{url} (as an official)"] = response.content.decode()
    # The firm registration form, as a company account without a firm sees it.
    client.force_login(UserFactory(username="html_firm_member"))
    for language in LANGUAGES:
        url = f"/{language}/firms/register/"
        response = client.get(url)
        assert response.status_code == 200, url
        pages[f"{url} (as a firm member)"] = response.content.decode()
    # And the error page every visitor may meet.
    for language in LANGUAGES:
        url = f"/{language}/no-such-page/"
        response = client.get(url)
        assert response.status_code == 404
        pages[url] = response.content.decode()
    assert len(pages) == 3 * (len(public_paths) + len(official_paths) + 2)

    errors = validate(vnu_jar, pages, tmp_path)
    assert errors == [], "\n".join(errors)


def test_bidding_pages_are_valid_html_in_every_language(
    client, reference_data, official, approver, verified_member, pk_firm_member, vnu_jar, tmp_path
):
    """The firm's side (the bid form, its bids, a sealed bid and its revision) and the
    agency's (the sealed count, the side-by-side table of opened bids with every action, a
    score sheet, the reconciliation, the award notice)."""
    from projects import services
    from tests.factories import close_bidding_now
    from tests.projects.bidding import reconcile_all, score_all, submit

    open_project = make_project(title="Duddar lead-zinc concentrator")
    sealed = submit(open_project, verified_member, offered_investment_usd=120_000_000)
    evaluated = make_project(title="Saindak copper-gold smelter")
    first = submit(evaluated, verified_member, offered_investment_usd=300_000_000)
    submit(evaluated, pk_firm_member, offered_investment_usd=200_000_000)
    close_bidding_now(evaluated)
    services.open_bids(evaluated, by=official)
    first.refresh_from_db()
    score_all(first, official, 80)
    score_all(first, approver, 70)
    reconcile_all(first, official, 75)
    visits = {
        verified_member: [
            f"/projects/{open_project.reference}/",
            "/bids/",
            f"/bids/{sealed.pk}/",
            f"/bids/{sealed.pk}/revise/",
            f"/bids/{sealed.pk}/withdraw/",
        ],
        pk_firm_member: [f"/projects/{open_project.reference}/bid/"],
        official: [
            f"/projects/{open_project.reference}/bids/",
            f"/projects/{evaluated.reference}/bids/",
            f"/bids/{first.pk}/",
            f"/bids/{first.pk}/reconcile/",
        ],
        approver: [f"/bids/{first.pk}/score/"],
    }
    pages = {}
    for user, paths in visits.items():
        client.force_login(user)
        for language in LANGUAGES:
            for path in paths:
                url = f"/{language}{path}"
                response = client.get(url)
                assert response.status_code == 200, url
                pages[f"{url} (as {user.username})"] = response.content.decode()
    assert len(pages) == 3 * sum(len(paths) for paths in visits.values())
    errors = validate(vnu_jar, pages, tmp_path)
    assert errors == [], "\n".join(errors)


def test_the_checker_reports_what_it_finds(vnu_jar, tmp_path):
    """A guard against a silent pass: an invalid page does produce an error."""
    invalid = (
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<time datetime="2026-12-03T10:00:00.123456+05:00">now</time></body></html>'
    )
    errors = validate(vnu_jar, {"/invalid/": invalid}, tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith("/invalid/:1: Bad value")
