"""Open Contracting Data Standard 1.1 releases of published projects.

One release per project, describing its current state: the tender from the project, the
owning agency as buyer and procuring entity, and once the project is awarded the award from
the winning bid's public notice, with its firms as suppliers. The `ocid` is stable: the
configured prefix (`OCDS_OCID_PREFIX`, registered with the Open Contracting Partnership) and
the project's reference. Packages validate against the official 1.1.5 release-package schema
(tests/opendata/test_ocds.py).

What is never published: drafts and projects in review (no release at all), sealed bids and
who submitted them. Tenderers are named only once the project is awarded (the bids were
opened and the decision is public); before that a release says at most how many bids the
opening unsealed (`numberOfTenderers`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max, Prefetch, QuerySet

from emining.opendata import LICENCE_URL
from projects.models import Bid, BidParticipant, Project
from projects.models.bids import SEALED_STATUSES
from projects.permissions import public_projects_condition

OCDS_VERSION = "1.1"
PUBLISHER = {"name": "Pak-China E-Mining Platform"}

# tenderStatus codelist: bidding and the evaluation are the tender "taking place".
TENDER_STATUS = {
    Project.Status.PUBLISHED: "active",
    Project.Status.CLOSED: "active",
    Project.Status.UNDER_EVALUATION: "active",
    Project.Status.AWARDED: "complete",
    Project.Status.CANCELLED: "cancelled",
}
# OCDS language tags (BCP47) of the record fields in other languages.
LANGUAGE_SUFFIXES = {"zh": "zh-Hans", "ur": "ur"}
COUNTRY_NAMES = {"CN": "China", "PK": "Pakistan"}


def ocid(project: Project) -> str:
    return f"{settings.OCDS_OCID_PREFIX}-{project.reference}"


def projects_for_ocds() -> QuerySet[Project]:
    """Public projects with everything a release reads: the agency, the opening record and
    the opened bids (never sealed or withdrawn ones) with their active firms."""
    participants = Prefetch(
        "participants",
        queryset=BidParticipant.objects.filter(active=True)
        .select_related("firm")
        .order_by("role", "pk"),
    )
    opened_bids = Prefetch(
        "bids",
        queryset=Bid.objects.exclude(status__in=SEALED_STATUSES)
        .order_by("pk")
        .prefetch_related(participants),
        to_attr="opened_bids",
    )
    return (
        Project.objects.filter(public_projects_condition())
        .select_related("agency", "primary_mineral", "bid_opening")
        .prefetch_related(opened_bids)
    )


def project_for_ocds(reference: str) -> Project | None:
    return projects_for_ocds().filter(reference=reference).first()


def _when(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _localized(record: Any, field: str, key: str | None = None) -> dict[str, str]:
    """`{key: English, key_zh-Hans: Chinese, key_ur: Urdu}`, skipping empty translations."""
    key = key or field
    values = {key: getattr(record, field)}
    for suffix, tag in LANGUAGE_SUFFIXES.items():
        text = getattr(record, f"{field}_{suffix}", "")
        if text:
            values[f"{key}_{tag}"] = text
    return values


def _opening(project: Project):
    try:
        return project.bid_opening
    except Project.bid_opening.RelatedObjectDoesNotExist:
        return None


def _firm_party(firm, roles: list[str]) -> dict[str, Any]:
    return {
        "id": f"firm-{firm.pk}",
        "name": firm.name,
        "identifier": {"id": firm.registration_number, "legalName": firm.name},
        "address": {"countryName": COUNTRY_NAMES.get(firm.country, firm.country)},
        "roles": roles,
    }


def _ref(party: dict[str, Any]) -> dict[str, str]:
    return {"id": party["id"], "name": party["name"]}


def release(project: Project) -> dict[str, Any]:
    agency = project.agency
    buyer = {
        "id": f"agency-{agency.slug}",
        "name": agency.name,
        "roles": ["buyer", "procuringEntity"],
    }
    if agency.website:
        buyer["contactPoint"] = {"url": agency.website}
    parties = [buyer]
    awarded = project.status == Project.Status.AWARDED
    winning = next((bid for bid in project.opened_bids if bid.status == Bid.Status.AWARDED), None)

    tender: dict[str, Any] = {
        "id": project.reference,
        **_localized(project, "title"),
        **_localized(project, "summary", "description"),
        "status": TENDER_STATUS[project.status],
        "procuringEntity": _ref(buyer),
        "value": {"amount": project.investment_usd, "currency": "USD"},
        "procurementMethod": "open",
        "mainProcurementCategory": "works",
        "tenderPeriod": {
            "startDate": _when(project.bid_opens_at),
            "endDate": _when(project.bid_closes_at),
        },
        "items": [
            {
                "id": "1",
                "description": f"{project.primary_mineral.name}: {project.get_stage_display()}",
            }
        ],
    }
    opening = _opening(project)
    if opening is not None:
        tender["numberOfTenderers"] = opening.bids_opened

    awards = []
    if awarded and winning is not None:
        # The firms of the opened bids: named only now that the decision is public.
        firms: dict[int, tuple[Any, list[str]]] = {}
        for bid in project.opened_bids:
            for participant in bid.participants.all():
                _firm, roles = firms.setdefault(participant.firm_id, (participant.firm, []))
                if "tenderer" not in roles:
                    roles.append("tenderer")
                if bid is winning and "supplier" not in roles:
                    roles.insert(0, "supplier")
        firm_parties = {pk: _firm_party(firm, roles) for pk, (firm, roles) in firms.items()}
        parties.extend(firm_parties.values())
        tender["tenderers"] = [_ref(party) for party in firm_parties.values()]
        awards.append(
            {
                "id": f"{project.reference}-award",
                "title": project.title,
                "status": "active",
                "date": _when(project.awarded_at),
                "value": {"amount": winning.offered_investment_usd, "currency": "USD"},
                "suppliers": [
                    _ref(firm_parties[participant.firm_id])
                    for participant in winning.participants.all()
                ],
            }
        )

    if project.status == Project.Status.CANCELLED:
        tag = ["tenderCancellation"]
    elif awards:
        tag = ["tender", "award"]
    else:
        tag = ["tender"]
    data: dict[str, Any] = {
        "ocid": ocid(project),
        # Unique within the ocid: a new release id whenever the project changes.
        "id": f"{project.reference}-{project.updated_at.astimezone(UTC):%Y%m%dT%H%M%S%fZ}",
        "date": _when(project.updated_at),
        "tag": tag,
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": _ref(buyer),
        "tender": tender,
    }
    if awards:
        data["awards"] = awards
    return data


def package_metadata(*, uri: str, published: datetime | None) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _when(published or datetime.now(tz=UTC)),
        "publisher": PUBLISHER,
        "license": LICENCE_URL,
    }


def release_package(project: Project, *, uri: str) -> dict[str, Any]:
    return package_metadata(uri=uri, published=project.updated_at) | {
        "releases": [release(project)]
    }


def bulk_package_chunks(*, uri: str) -> Iterator[str]:
    """Every public project's release in one package, written release by release: the
    projects are read from a server-side cursor in chunks (with their bids prefetched per
    chunk), so memory stays flat however many there are."""
    projects = projects_for_ocds()
    latest = projects.aggregate(latest=Max("updated_at"))["latest"]
    encoder = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"))
    head = encoder.encode(package_metadata(uri=uri, published=latest))
    yield head[:-1] + ',"releases":['
    separator = "\n"
    for project in projects.order_by("published_at", "pk").iterator(chunk_size=500):
        yield separator + encoder.encode(release(project))
        separator = ",\n"
    yield "\n]}\n"
