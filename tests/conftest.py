"""Personas and shared fixtures.

Personas: an official of the Ministry of Energy (Petroleum Division), an official of another
agency, a firm member, a partner system, an administrator, and the anonymous visitor.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from emining.celery import app as celery_app
from emining.dashboard import views as dashboard_views
from emining.models import Agency, User
from emining.reference_data import upsert_agencies
from firms import directory_index
from firms.models import Firm, Membership
from minerals.catalogue import load_catalogue
from minerals.models import Mineral, Region
from projects import listing_index

from .factories import FirmFactory, OfficialFactory, UserFactory, make_firm_member

# live_server runs in a thread beside the async-aware Playwright client.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _cache_keys_of_this_test_process():
    """Parallel test processes may share one Redis database (CI sets CACHE_URL): each keeps
    to its own key prefix, and clearing the cache clears only its keys."""
    import copy

    from django.test import override_settings

    caches = copy.deepcopy(django_settings.CACHES)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    caches["default"]["KEY_PREFIX"] = f"test-{worker}"
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache: each test starts with none. And the listing and
    directory indexes: a test's rolled-back writes give the next test the same data version
    numbers."""
    cache.clear()
    listing_index.forget()
    directory_index.forget()
    dashboard_views.forget()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _catalogue_for_database_tests(request):
    """A transactional test (live server, browser) flushes the database when it ends, taking
    the agencies and the catalogue that migrations loaded: any database test that runs after
    it on the same worker gets them back, whether or not it asked for `reference_data`."""
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("reference_data")


@pytest.fixture(autouse=True)
def _english_to_start_with():
    """Requests through the test client leave their language active in this thread; each
    test starts in English, so that `reverse()` in a test does not depend on the one before."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Factories hash a password for every user; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless a test needs the real broker (marked `broker`)."""
    if request.node.get_closest_marker("broker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def reference_data(django_db_blocker):
    """Agencies and the catalogue, as migrations load them.

    Transactional tests (live server, browser) flush the database afterwards, wiping what the
    data migrations loaded; the loaders are idempotent, so this puts it back when needed.
    """
    with django_db_blocker.unblock():
        if not Agency.objects.exists():
            upsert_agencies(Agency)
        if not Mineral.objects.exists() or not Region.objects.exists():
            load_catalogue(Mineral, Region)


@pytest.fixture
def moe_pd(db, reference_data) -> Agency:
    return Agency.objects.get(slug="ministry-of-energy-petroleum-division")


@pytest.fixture
def sifc(db, reference_data) -> Agency:
    return Agency.objects.get(slug="sifc")


@pytest.fixture
def official(moe_pd) -> User:
    return OfficialFactory(username="test_official", agency=moe_pd)


@pytest.fixture
def approver(moe_pd) -> User:
    """A second official of the same agency: the four-eyes approver."""
    return OfficialFactory(username="test_approver", agency=moe_pd)


@pytest.fixture
def other_agency_official(sifc) -> User:
    return OfficialFactory(username="test_sifc_official", agency=sifc)


@pytest.fixture
def firm_member(db) -> User:
    return UserFactory(username="test_firm_member", role=User.Role.FIRM_MEMBER)


# Firms: a verified Chinese firm (with its owner), a verified Pakistani firm, and firms
# pending or refused verification. `firm_member` above belongs to no firm.


@pytest.fixture
def cn_firm(db, reference_data) -> Firm:
    return FirmFactory(name="Test China Mining Corporation", country=Firm.Country.CHINA)


@pytest.fixture
def pk_firm(db, reference_data) -> Firm:
    return FirmFactory(name="Test Pakistan Minerals (Pvt) Limited", country=Firm.Country.PAKISTAN)


@pytest.fixture
def cn_firm_owner(cn_firm) -> User:
    return make_firm_member(cn_firm, username="test_cn_owner", role=Membership.Role.OWNER)


@pytest.fixture
def verified_member(cn_firm) -> User:
    """A member (not the owner) of a verified Chinese firm."""
    return make_firm_member(cn_firm, username="test_cn_member")


@pytest.fixture
def pk_firm_member(pk_firm) -> User:
    """A member of a verified Pakistani firm (another firm than `verified_member`'s)."""
    return make_firm_member(pk_firm, username="test_pk_member", role=Membership.Role.OWNER)


@pytest.fixture
def pending_member(db, reference_data) -> User:
    """The owner of a firm waiting for verification."""
    firm = FirmFactory(
        name="Pending Minerals Limited", verification_status=Firm.VerificationStatus.PENDING
    )
    return make_firm_member(firm, username="test_pending_owner", role=Membership.Role.OWNER)


@pytest.fixture
def rejected_member(db, reference_data) -> User:
    """The owner of a firm whose verification was refused."""
    firm = FirmFactory(
        name="Rejected Minerals Limited", verification_status=Firm.VerificationStatus.REJECTED
    )
    return make_firm_member(firm, username="test_rejected_owner", role=Membership.Role.OWNER)


@pytest.fixture
def partner_system(db) -> User:
    return UserFactory(username="test_partner", role=User.Role.PARTNER_SYSTEM)


@pytest.fixture
def administrator(db) -> User:
    return UserFactory(
        username="test_admin", role=User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


# --- Browser tests ---------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"Debian's chromium is not installed ({CHROMIUM}); `apt-get install chromium` "
        "to run the browser tests"
    )
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
