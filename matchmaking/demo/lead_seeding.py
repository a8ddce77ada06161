"""Seeds the demo investment leads (idempotent): 32 leads across every stage, with their
stage history, activities and owners among the demo officials (`sifc_officer` among them).

The investors are the demo firms (the companies named in the forum's news) and a few
prospective investors from the news (US-based Strategic Metals, which bought Pakistan's first
rare-earth shipment; Chinese firms among the forum's 71). Interests, values, dates and notes are
illustrative. Leads are written through `matchmaking.services.leads`; only the dates of their
history are set back afterwards, so the board and the overdue lists have a past to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from emining.models import User
from firms.models import Firm
from matchmaking.models import Lead, LeadActivity, LeadStageChange, MoU
from matchmaking.services import leads as services
from minerals.models import Mineral, Region
from projects.models import Project

OWNERS = ("sifc_officer", "official", "approver")
S = Lead.Stage


@dataclass(frozen=True)
class DemoLead:
    investor: str  # a demo firm's name, or a prospective investor's organisation
    interest: str
    stage: str
    minerals: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    value_usd: int | None = None
    due_in_days: int | None = 7  # the next action's due date (negative: overdue)
    contact: str = ""  # a prospective investor's contact person
    country: str = "CN"
    project_title: str = ""
    mou_title: str = ""  # an existing demo MoU this lead led to


DEMO_LEADS = [
    DemoLead(
        "POWERCHINA International Group Limited",
        "Joint development of copper and coal blocks with PMDC.",
        S.INVESTMENT_COMMITTED,
        ("copper", "coal"),
        ("balochistan",),
        500_000_000,
        None,
        mou_title="Investment facilitation, technical cooperation and joint development",
    ),
    DemoLead(
        "MCCT International Limited",
        "Digital cross-border trade in barite and gypsum.",
        S.MOU_SIGNED,
        ("barite", "gypsum"),
        ("punjab",),
        30_000_000,
        14,
        mou_title="Digital cross-border industrial trade",
    ),
    DemoLead(
        "Pak China Investment Company Limited",
        "Co-financing of a copper smelter feasibility study.",
        S.NEGOTIATION,
        ("copper",),
        ("balochistan",),
        80_000_000,
        -3,
    ),
    DemoLead(
        "Zijin Mining Group Co., Ltd.",
        "Gold and copper exploration in Chagai.",
        S.SITE_VISIT,
        ("gold", "copper"),
        ("balochistan",),
        250_000_000,
        -5,
        project_title="Saindak Copper-Gold: Concentrator Upgrade and Tailings Retreatment",
    ),
    DemoLead(
        "Jiangxi Copper Company Limited",
        "Offtake of copper concentrate and a smelting partnership.",
        S.CONTACTED,
        ("copper",),
        ("balochistan",),
        150_000_000,
        5,
    ),
    DemoLead(
        "China Railway Resources Group Co., Ltd.",
        "Rail logistics for the Nokundi–Mashkel–Turbat–Gwadar mineral corridor.",
        S.QUALIFIED,
        ("iron-ore",),
        ("balochistan",),
        400_000_000,
        10,
    ),
    DemoLead(
        "China Nonferrous Metal Mining (Group) Co., Ltd. (CNMC)",
        "Lead-zinc concentrator expansion at Duddar.",
        S.NEGOTIATION,
        ("lead", "zinc"),
        ("balochistan",),
        120_000_000,
        -1,
        project_title="Duddar Lead-Zinc Concentrator Expansion",
    ),
    DemoLead(
        "China Machinery Engineering Corporation (CMEC)",
        "Coal gasification for fertiliser at Thar.",
        S.LOST,
        ("coal",),
        ("sindh",),
        90_000_000,
        None,
    ),
    DemoLead(
        "China Metallurgical Group Corporation (MCC)",
        "Chromite beneficiation in Khyber Pakhtunkhwa.",
        S.NEW,
        ("chromite",),
        ("khyber-pakhtunkhwa",),
        60_000_000,
        3,
    ),
    DemoLead(
        "MCC Resources Development Company Limited (Saindak)",
        "Tailings retreatment at Saindak.",
        S.SITE_VISIT,
        ("copper", "gold"),
        ("balochistan",),
        70_000_000,
        12,
    ),
    DemoLead(
        "Wah Nobel (Pvt) Limited",
        "Industrial explosives supply for open-pit mines.",
        S.CONTACTED,
        (),
        ("punjab",),
        8_000_000,
        -8,
        country="PK",
    ),
    DemoLead(
        "JW Corporation (Private) Limited",
        "Digital trade platform for industrial minerals.",
        S.QUALIFIED,
        ("gypsum",),
        ("punjab",),
        5_000_000,
        4,
        country="PK",
    ),
    DemoLead(
        "Sindh Engro Coal Mining Company Limited",
        "A Chinese partner for Thar Block II expansion.",
        S.NEGOTIATION,
        ("coal",),
        ("sindh",),
        300_000_000,
        6,
        country="PK",
        project_title="Thar Coalfield Block VIII: Open-Pit Lignite Mine",
    ),
    DemoLead(
        "Lucky Cement Limited (Lucky Minerals)",
        "Limestone and gypsum for a new clinker line.",
        S.NEW,
        ("limestone", "gypsum"),
        ("khyber-pakhtunkhwa",),
        40_000_000,
        2,
        country="PK",
    ),
    DemoLead(
        "Balochistan Mineral Resources Limited",
        "A Chinese smelting partner for Reko Diq copper.",
        S.SITE_VISIT,
        ("copper", "gold"),
        ("balochistan",),
        200_000_000,
        -2,
        country="PK",
    ),
    DemoLead(
        "Frontier Works Organization (FWO)",
        "Road and rail access for Chagai's mines.",
        S.LOST,
        (),
        ("balochistan",),
        100_000_000,
        None,
        country="PK",
    ),
    DemoLead(
        "Fauji Fertilizer Bin Qasim Limited (FFBL)",
        "Phosphate rock supply from Hazara.",
        S.CONTACTED,
        ("phosphate",),
        ("khyber-pakhtunkhwa",),
        25_000_000,
        9,
        country="PK",
    ),
    DemoLead(
        "Pakistan Mineral Development Corporation (PMDC)",
        "Rock salt refining at Khewra with a Chinese partner.",
        S.QUALIFIED,
        ("rock-salt",),
        ("punjab",),
        15_000_000,
        1,
        country="PK",
        project_title="Salt Range Rock Salt Refining and Pink Salt Products Plant",
    ),
    DemoLead(
        "Strategic Metals",
        "Rare earth elements and critical minerals offtake.",
        S.NEGOTIATION,
        ("rare-earth-elements",),
        ("khyber-pakhtunkhwa",),
        500_000_000,
        -4,
        contact="Procurement director",
        country="",
    ),
    DemoLead(
        "Yunnan Tin Group (prospective)",
        "Tin and tungsten exploration in Gilgit-Baltistan.",
        S.NEW,
        ("tungsten",),
        ("gilgit-baltistan",),
        None,
        5,
        contact="Li Wei",
    ),
    DemoLead(
        "Xinjiang Nonferrous Metals (prospective)",
        "Antimony processing near Chitral.",
        S.QUALIFIED,
        ("antimony",),
        ("khyber-pakhtunkhwa",),
        35_000_000,
        -6,
        contact="Zhang Min",
    ),
    DemoLead(
        "Fujian Stone Industry Association",
        "Granite and dimension stone from Turbat to Chitral.",
        S.CONTACTED,
        ("granite",),
        ("balochistan",),
        20_000_000,
        8,
        contact="Chen Jie",
        project_title="Turbat Granite and Dimension-Stone Processing Park",
    ),
    DemoLead(
        "Shandong Glass Holdings (prospective)",
        "Silica sand washing for solar glass at Dhabeji.",
        S.SITE_VISIT,
        ("silica-sand",),
        ("sindh",),
        45_000_000,
        11,
        contact="Wang Fang",
        project_title="Dhabeji SEZ Silica-Sand Washing Plant for Solar Glass",
    ),
    DemoLead(
        "Guangzhou Gem Traders (prospective)",
        "Emerald cutting and certification in Swat.",
        S.NEW,
        ("emerald",),
        ("khyber-pakhtunkhwa",),
        3_000_000,
        6,
        contact="Liu Yang",
        project_title="Swat Emerald Cutting, Polishing and Certification Centre",
    ),
    DemoLead(
        "Anhui Conch Mining (prospective)",
        "Limestone quarrying for cement in Punjab.",
        S.LOST,
        ("limestone",),
        ("punjab",),
        50_000_000,
        None,
        contact="Zhao Lei",
    ),
    DemoLead(
        "Hunan Nonferrous (prospective)",
        "Zinc smelting for Duddar concentrate.",
        S.NEW,
        ("zinc",),
        ("balochistan",),
        None,
        -2,
        contact="Sun Li",
    ),
    DemoLead(
        "Baotou Rare Earth Trading (prospective)",
        "Rare earth separation pilot.",
        S.QUALIFIED,
        ("rare-earth-elements",),
        ("khyber-pakhtunkhwa",),
        60_000_000,
        7,
        contact="Ma Jun",
    ),
    DemoLead(
        "Sichuan Lithium Partners (prospective)",
        "Lithium prospecting in the north.",
        S.CONTACTED,
        ("lithium",),
        ("gilgit-baltistan",),
        18_000_000,
        -9,
        contact="Huang Tao",
    ),
    DemoLead(
        "Karachi Minerals Export House",
        "Chromite exports to Chinese ferrochrome plants.",
        S.NEW,
        ("chromite",),
        ("balochistan",),
        2_000_000,
        4,
        contact="Imran Qureshi",
        country="PK",
    ),
    DemoLead(
        "Gwadar Port Logistics Consortium",
        "Bulk mineral terminal at Gwadar.",
        S.SITE_VISIT,
        (),
        ("balochistan",),
        220_000_000,
        15,
        contact="Farah Baloch",
        country="PK",
    ),
    DemoLead(
        "Tianjin Iron and Steel Trading (prospective)",
        "Iron ore from Chiniot.",
        S.NEGOTIATION,
        ("iron-ore",),
        ("punjab",),
        130_000_000,
        2,
        contact="Gao Yan",
    ),
    DemoLead(
        "Shenzhen Copper Recycling (prospective)",
        "Copper scrap and concentrate blending.",
        S.LOST,
        ("copper",),
        ("sindh",),
        12_000_000,
        None,
        contact="Zhou Hui",
    ),
]

LOST_REASONS = {
    S.LOST: "The investor chose another country for this investment this year.",
}
NOTES = (
    (
        LeadActivity.Kind.MEETING,
        "Met at the Pak-China Mineral Cooperation Forum, Jinnah Convention Centre.",
        False,
    ),
    (
        LeadActivity.Kind.CALL,
        "Call with the investor's country manager about the geological data they need.",
        False,
    ),
    (
        LeadActivity.Kind.NOTE,
        "Internal: the investor asks about tax holidays; check with the mines department first.",
        True,
    ),
    (
        LeadActivity.Kind.EMAIL,
        "Sent the mineral data package and the list of available blocks.",
        False,
    ),
)


def _firm(spec: DemoLead) -> Firm | None:
    return Firm.objects.filter(name=spec.investor).first()


def _create(spec: DemoLead, number: int, owners: list[User]) -> Lead:
    today = timezone.localdate()
    owner = owners[number % len(owners)]
    firm = _firm(spec)
    values = {
        "firm": firm,
        "contact_name": "" if firm else (spec.contact or "Investment desk"),
        "contact_organisation": "" if firm else spec.investor,
        "contact_country": "" if firm else spec.country,
        "summary": spec.interest,
        "owner": owner,
        "project": Project.objects.filter(title=spec.project_title).first()
        if spec.project_title
        else None,
        "estimated_value_usd": spec.value_usd,
    }
    if spec.due_in_days is not None and spec.stage not in Lead.FINAL_STAGES:
        values["next_action"] = "Follow up on the investor's questions"
        values["next_action_due"] = today + timedelta(days=spec.due_in_days)
    lead = services.create_lead(
        by=owner,
        values=values,
        minerals=list(Mineral.objects.filter(slug__in=spec.minerals)),
        regions=list(Region.objects.filter(slug__in=spec.regions)),
    )
    path = (
        [] if spec.stage == S.LOST else list(Lead.PIPELINE[1 : Lead.PIPELINE.index(spec.stage) + 1])
    )
    if spec.stage == S.LOST:
        path = [S.QUALIFIED, S.CONTACTED]
    mou = MoU.objects.filter(title=spec.mou_title).first() if spec.mou_title else None
    for stage in path:
        if stage == S.MOU_SIGNED and mou is not None:
            services.link_to_mou(lead, by=owner, mou=mou)
        services.move_lead(lead, stage, by=owner)
    if spec.stage == S.LOST:
        services.move_lead(lead, S.LOST, by=owner, reason=LOST_REASONS[S.LOST])
    for kind, text, internal in NOTES[: 1 + number % len(NOTES)]:
        services.add_activity(lead, by=owner, kind=kind, text=text, internal=internal)
    # The history spread over the past weeks: a step every five days, the last one recent.
    changes = list(LeadStageChange.objects.filter(lead=lead).order_by("at", "id"))
    now = timezone.now()
    for i, change in enumerate(changes):
        LeadStageChange.objects.filter(pk=change.pk).update(
            at=now - timedelta(days=5 * (len(changes) - i), hours=number)
        )
    Lead.objects.filter(pk=lead.pk).update(stage_changed_at=now - timedelta(days=5, hours=number))
    return lead


def seed_leads(report: list[str]) -> None:
    owners = [User.objects.get(username=name) for name in OWNERS]
    report.append("Demo investment leads (interests, values and dates are illustrative):")
    counts = {"created": 0, "exists": 0}
    for number, spec in enumerate(DEMO_LEADS):
        if Lead.objects.filter(summary=spec.interest).exists():
            counts["exists"] += 1
            continue
        _create(spec, number, owners)
        counts["created"] += 1
    by_stage = ", ".join(
        f"{Lead.Stage(stage).label}: {Lead.objects.filter(stage=stage).count()}"
        for stage in (*Lead.PIPELINE, S.LOST)
    )
    report.append(f"  {counts['created']} created, {counts['exists']} existed ({by_stage})")
