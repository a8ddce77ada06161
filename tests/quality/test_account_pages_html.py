"""The account and team pages are valid HTML in the three languages (Nu HTML Checker)."""

from __future__ import annotations

import pytest

from firms.models import Membership
from firms.services import team
from tests.quality import test_html_validity as html_validity

# The checker's session fixture, shared with the main pages' test (installed once).
vnu_jar = html_validity.vnu_jar

pytestmark = pytest.mark.django_db


def test_account_and_team_pages_are_valid_html(
    client, vnu_jar, tmp_path, settings, cn_firm, cn_firm_owner, verified_member, firm_member
):
    issued = team.invite_member(cn_firm, by=cn_firm_owner, email="someone@example.com")
    membership = Membership.objects.get(user=verified_member)
    pages: dict[str, str] = {}

    def keep(url: str, response) -> None:
        assert response.status_code in (200, 400, 404, 410, 429), (url, response.status_code)
        pages[url] = response.content.decode()

    for lang in html_validity.LANGUAGES:
        client.logout()
        for path in (
            "accounts/signup/",
            "accounts/password/reset/",
            "accounts/password/reset/sent/",
            "accounts/password/reset/complete/",
            "accounts/password/reset/MQ/bad-token/",
            "accounts/email/confirm/MQ/bad-token/",
            f"firms/invitations/{issued.token}/",
            "firms/invitations/unknown/",
        ):
            url = f"/{lang}/{path}"
            keep(url, client.get(url, follow=True))
        url = f"/{lang}/accounts/signup/"
        keep(f"{url} (errors)", client.post(url, {"email": "x", "password1": "a"}))
        client.force_login(cn_firm_owner)
        for path in (
            f"firms/{cn_firm.pk}/team/",
            f"firms/{cn_firm.pk}/team/members/{membership.pk}/make-owner/",
            "accounts/email/",
        ):
            url = f"/{lang}/{path}"
            keep(url, client.get(url))
        url = f"/{lang}/firms/{cn_firm.pk}/team/invite/"
        keep(f"{url} (errors)", client.post(url, {"email": "not an address"}))
        client.force_login(firm_member)
        url = f"/{lang}/firms/invitations/{issued.token}/"
        keep(f"{url} (refused)", client.get(url))
        keep(f"/{lang}/accounts/email/", client.get(f"/{lang}/accounts/email/"))
    settings.SIGN_UP_RATE = "0/hour"
    client.logout()
    keep("429", client.post("/en/accounts/signup/", {}))
    assert html_validity.validate(vnu_jar, pages, tmp_path) == []
