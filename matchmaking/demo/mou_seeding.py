"""Seeds the demo MoUs (idempotent): the three named in the forum's news, and a few more.

The three signed at the Pak-China Mineral Cooperation Forum are those the news reports (Wah
Nobel with MCCT International and JW Corporation with MCCT International on digital
cross-border industrial trade; PMDC, POWERCHINA International and Pak China Investment Company
on investment facilitation, technical cooperation and joint development). Their dates, values,
signatories and milestones are illustrative, and so is everything about the others. They are
written through `matchmaking.services.mous`, so they obey the registry's rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from emining.models import Agency, User
from firms.models import Firm
from matchmaking.models import MoU
from matchmaking.services import mous as services
from matchmaking.services.mous import Party, Scope
from minerals.models import Mineral, Region

RECORDER = "official"
FORUM_PLACE = "Pak-China Mineral Cooperation Forum, Jinnah Convention Centre, Islamabad"
FORUM_PLACE_ZH = "中巴矿业合作论坛，伊斯兰堡真纳会议中心"
FORUM_PLACE_UR = "پاک چین معدنی تعاون فورم، جناح کنونشن سینٹر، اسلام آباد"


@dataclass(frozen=True)
class DemoMoU:
    title: str
    title_zh: str
    title_ur: str
    summary: str
    parties: tuple[tuple[str, str, str], ...]  # ("firm"/"agency", name or slug, role)
    status: str
    days_ago: int  # signed this many days before the seeding
    value_usd: int | None = None
    minerals: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    is_public: bool = True
    at_forum: bool = True
    place: str = ""
    expires_after_days: int | None = 3 * 365
    # (title, in Chinese, in Urdu, due in days after signing, completed)
    milestones: tuple[tuple[str, str, str, int, bool], ...] = field(default_factory=tuple)
    reason: str = ""


DEMO_MOUS = [
    DemoMoU(
        "Digital cross-border industrial trade",
        "数字跨境产业贸易合作",
        "ڈیجیٹل سرحد پار صنعتی تجارت",
        "Wah Nobel (Pvt) Limited and MCCT International Limited cooperate on digital "
        "cross-border trade in industrial minerals and chemicals.",
        (
            ("firm", "Wah Nobel (Pvt) Limited", "pakistani_party"),
            ("firm", "MCCT International Limited", "chinese_party"),
        ),
        status="signed",
        days_ago=20,
        minerals=("barite", "gypsum"),
        stages=("processing",),
        milestones=(
            (
                "Joint working group constituted",
                "成立联合工作组",
                "مشترکہ ورکنگ گروپ کی تشکیل",
                30,
                False,
            ),
        ),
    ),
    DemoMoU(
        "Digital cross-border industrial trade (JW Corporation)",
        "数字跨境产业贸易合作（JW公司）",
        "ڈیجیٹل سرحد پار صنعتی تجارت (جے ڈبلیو کارپوریشن)",
        "JW Corporation and MCCT International Limited cooperate on digital cross-border "
        "industrial trade.",
        (
            ("firm", "JW Corporation (Private) Limited", "pakistani_party"),
            ("firm", "MCCT International Limited", "chinese_party"),
        ),
        status="signed",
        days_ago=20,
        stages=("processing",),
    ),
    DemoMoU(
        "Investment facilitation, technical cooperation and joint development",
        "投资便利化、技术合作与联合开发",
        "سرمایہ کاری میں سہولت، تکنیکی تعاون اور مشترکہ ترقی",
        "PMDC, POWERCHINA International and Pak China Investment Company Limited work together "
        "on investment facilitation, technical cooperation and joint development in the "
        "mineral sector.",
        (
            ("agency", "pmdc", "pakistani_party"),
            ("firm", "POWERCHINA International Group Limited", "chinese_party"),
            ("firm", "Pak China Investment Company Limited", "investor"),
        ),
        status="in_implementation",
        days_ago=20,
        value_usd=500_000_000,
        minerals=("coal", "copper"),
        regions=("balochistan", "punjab"),
        stages=("exploration", "mining", "processing"),
        milestones=(
            (
                "Joint technical committee meets",
                "联合技术委员会召开会议",
                "مشترکہ تکنیکی کمیٹی کا اجلاس",
                10,
                True,
            ),
            (
                "Shortlist of joint development sites",
                "确定联合开发地点候选名单",
                "مشترکہ ترقی کے مقامات کی مختصر فہرست",
                15,
                False,
            ),
            (
                "Feasibility study terms of reference",
                "可行性研究职责范围",
                "فزیبلٹی اسٹڈی کے ضوابطِ کار",
                90,
                False,
            ),
        ),
    ),
    DemoMoU(
        "Saindak copper concentrate smelting study",
        "山达克铜精矿冶炼研究",
        "سیندک تانبے کے کنسنٹریٹ کی پگھلائی کا مطالعہ",
        "A confidential study of smelting Saindak's copper concentrate in Pakistan.",
        (
            ("agency", "mines-minerals-balochistan", "pakistani_party"),
            ("firm", "MCC Resources Development Company Limited (Saindak)", "chinese_party"),
            # The demo account `cn_firm` (MCCT) sees this confidential MoU; others do not.
            ("firm", "MCCT International Limited", "technical_partner"),
        ),
        status="in_implementation",
        days_ago=200,
        value_usd=120_000_000,
        minerals=("copper", "gold"),
        regions=("balochistan",),
        stages=("smelting",),
        is_public=False,
        at_forum=False,
        place="Quetta",
        milestones=(
            ("Smelter site survey", "冶炼厂选址勘察", "سمیلٹر کے مقام کا سروے", 120, False),
            ("Draft study", "研究报告草稿", "مطالعے کا مسودہ", 300, False),
        ),
    ),
    DemoMoU(
        "Thar coal gasification pilot",
        "塔尔煤气化试点",
        "تھر کوئلہ گیسیفکیشن پائلٹ",
        "A pilot for turning Thar lignite into synthesis gas for fertiliser.",
        (
            ("firm", "Sindh Engro Coal Mining Company Limited", "pakistani_party"),
            ("firm", "China Machinery Engineering Corporation (CMEC)", "technical_partner"),
        ),
        status="expired",
        days_ago=800,
        minerals=("coal",),
        regions=("sindh",),
        stages=("processing",),
        at_forum=False,
        place="Karachi",
        expires_after_days=730,
    ),
]


def _parties(spec: DemoMoU) -> list[Party] | None:
    parties = []
    for kind, key, role in spec.parties:
        if kind == "firm":
            firm = Firm.objects.filter(name=key).first()
            if firm is None:
                return None
            parties.append(Party(role=role, firm=firm))
        else:
            parties.append(Party(role=role, agency=Agency.objects.get(slug=key)))
    return parties


def _create(spec: DemoMoU, *, by: User, parties: list[Party]) -> MoU:
    today = timezone.localdate()
    signed_on = today - timedelta(days=spec.days_ago)
    values = {
        "title": spec.title,
        "title_zh": spec.title_zh,
        "title_ur": spec.title_ur,
        "summary": spec.summary,
        "place": FORUM_PLACE if spec.at_forum else spec.place,
        "place_zh": FORUM_PLACE_ZH if spec.at_forum else "",
        "place_ur": FORUM_PLACE_UR if spec.at_forum else "",
        "indicative_value_usd": spec.value_usd,
        "expires_on": (
            signed_on + timedelta(days=spec.expires_after_days) if spec.expires_after_days else None
        ),
        "is_public": spec.is_public,
    }
    mou = services.create_mou(
        by=by,
        values=values,
        parties=parties,
        scope=Scope(
            minerals=list(Mineral.objects.filter(slug__in=spec.minerals)),
            regions=list(Region.objects.filter(slug__in=spec.regions)),
            stages=list(spec.stages),
        ),
    )
    services.transition_mou(mou, MoU.Status.SIGNED, by=by, effective_on=signed_on)
    for title, title_zh, title_ur, due_in, completed in spec.milestones:
        milestone = services.add_milestone(
            mou,
            by=by,
            title=title,
            title_zh=title_zh,
            title_ur=title_ur,
            due_on=signed_on + timedelta(days=due_in),
        )
        if completed:
            services.complete_milestone(
                milestone, by=by, completed_on=min(today, signed_on + timedelta(days=due_in))
            )
    if spec.status in (MoU.Status.IN_IMPLEMENTATION, MoU.Status.CONVERTED):
        services.transition_mou(
            mou, MoU.Status.IN_IMPLEMENTATION, by=by, effective_on=signed_on + timedelta(days=7)
        )
    if spec.status == MoU.Status.EXPIRED:
        services.transition_mou(
            mou,
            MoU.Status.EXPIRED,
            by=by,
            effective_on=min(today, signed_on + timedelta(days=spec.expires_after_days or 0)),
        )
    return mou


def seed_mous(report: list[str]) -> None:
    recorder = User.objects.get(username=RECORDER)
    report.append("Demo MoUs (dates, values and milestones are illustrative):")
    for spec in DEMO_MOUS:
        mou = MoU.objects.filter(title=spec.title).first()
        state = "exists"
        if mou is None:
            parties = _parties(spec)
            if parties is None:
                report.append(f"  skipped (a party firm is missing): {spec.title}")
                continue
            mou = _create(spec, by=recorder, parties=parties)
            state = "created"
        privacy = "" if mou.is_public else " (confidential)"
        report.append(
            f"  {mou.reference} {mou.get_status_display():<20} {mou.title}{privacy} [{state}]"
        )
