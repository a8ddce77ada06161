"""What a demo project is made of: its owner, timeline, documents and evaluation criteria."""

from __future__ import annotations

from dataclasses import dataclass, field

from emining.demo import MOE_PD

from ..models import Project, ProjectDocument

Status = Project.Status
Stage = Project.Stage
Model = Project.InvestmentModel
PUBLIC = ProjectDocument.Visibility.PUBLIC
RESTRICTED = ProjectDocument.Visibility.RESTRICTED

SIFC = "sifc"
# SIFC needs a second official for four eyes; the core seeder creates only `sifc_officer`.
SIFC_APPROVER = {
    "username": "sifc_approver",
    "first_name": "Imran",
    "last_name": "Qureshi",
    "email": "sifc.approver@emining.gov.pk",
}
# Author and approver of each owner's projects (the core seeder creates all but the last).
OWNERS = {MOE_PD: ("official", "approver"), SIFC: ("sifc_officer", "sifc_approver")}


@dataclass(frozen=True)
class Timeline:
    """Days relative to the day the demo is loaded (negative: in the past).

    Bids open at 09:00 and close at 15:00, Pakistan time. A project closed for bids closed at
    its deadline (as the beat task does).
    """

    opens: int
    closes: int
    published: int | None = None
    evaluation: int | None = None
    awarded: int | None = None
    cancelled: int | None = None


@dataclass(frozen=True)
class DemoDocument:
    title: str
    kind: str  # "report" (PDF) or "financial" (XLSX)
    visibility: str


GEOLOGICAL_REPORT = DemoDocument("Geological report (summary)", "report", PUBLIC)
FEASIBILITY_SUMMARY = DemoDocument("Pre-feasibility study (summary)", "report", PUBLIC)
FINANCIAL_MODEL = DemoDocument("Financial model (indicative)", "financial", RESTRICTED)


@dataclass(frozen=True)
class DemoProject:
    owner: str  # agency slug
    title: str
    summary: str
    description: str
    minerals: tuple[str, ...]  # the first is the primary mineral
    region: str
    district: str
    latitude: float
    longitude: float
    area_km2: str
    stage: str
    investment_model: str
    investment_usd: int
    status: str
    timeline: Timeline
    criteria: tuple[tuple[str, int], ...]
    title_zh: str = ""
    title_ur: str = ""
    summary_zh: str = ""
    summary_ur: str = ""
    estimated_reserves: str = ""
    grade: str = ""
    distance_to_gwadar_km: int | None = None
    special_economic_zone: str = ""
    corridor: str = ""
    expected_jobs: int | None = None
    training_commitment: str = ""
    documents: tuple[DemoDocument, ...] = field(default=(GEOLOGICAL_REPORT,))
    cancellation_reason: str = ""
    award_note: str = ""


NMTG = "Nokundi–Mashkel–Turbat–Gwadar"

MINING_CRITERIA = (
    ("Technical capability and mining plan", 30),
    ("Financial offer and funding plan", 30),
    ("Local employment and training", 20),
    ("Environmental and social management", 20),
)
PROCESSING_CRITERIA = (
    ("Process technology and metal recovery", 35),
    ("Financial offer", 25),
    ("Value added in Pakistan", 20),
    ("Local employment and training", 10),
    ("Environmental safeguards", 10),
)
EXPLORATION_CRITERIA = (
    ("Exploration work programme", 40),
    ("Committed exploration spending", 30),
    ("Track record in similar geology", 20),
    ("Community engagement", 10),
)
SMELTER_CRITERIA = (
    ("Smelting and refining technology", 30),
    ("Financing plan and offtake", 25),
    ("Emissions control and water use", 20),
    ("Local employment and training", 15),
    ("Construction schedule", 10),
)
