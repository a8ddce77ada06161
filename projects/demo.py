"""Demo projects drawn from news of the Pak-China Mineral Cooperation Forum and Pakistan's geology.

The ministers at the Pak-China Mineral Cooperation Forum named Saindak copper-gold, Duddar
lead-zinc and Thar coal as the models of cooperation, asked for investment in copper, gold,
antimony, tungsten and rare earths, complained that granite "from Turbat to Chitral" is still
quarried by blasting, and proposed a Nokundi–Mashkel–Turbat–Gwadar corridor with smelters
and refineries linked to special economic zones. The projects below turn that into tenders
owned by the Ministry of Energy (Petroleum Division) and SIFC. The deposits and places are
real; the tenders, amounts and deadlines are illustrative.

Everything goes through `projects.services`, so references, audit events and search vectors
are real. Projects that are already closed, under evaluation or awarded must have been
published weeks ago; the services only publish "now" (and rightly refuse a deadline less
than 7 days ahead), so those projects are published with a provisional deadline and then
moved back in time with one UPDATE (`_backdate`), which the database constraints still check
and which is recorded in the audit trail as `project.demo_backdated`.

Idempotent: a project is identified by its owning agency and title; existing ones are left
alone (missing documents are added, so a re-run completes an earlier partial seed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from emining.audit import record_event
from emining.demo import MOE_PD
from emining.models import Agency, User
from emining.services import DomainError
from minerals.models import Mineral, Region

from . import services, signals
from .demo_documents import build_pdf, build_xlsx
from .demo_translations import CRITERIA, DOCUMENT_TITLES, PROJECTS
from .models import MINIMUM_BIDDING_PERIOD, Project, ProjectDocument
from .search import refresh_search_vectors

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

DEMO_PROJECTS: tuple[DemoProject, ...] = (
    # --- Ministry of Energy (Petroleum Division) --------------------------------------------
    DemoProject(
        owner=MOE_PD,
        title="Saindak Copper-Gold: Concentrator Upgrade and Tailings Retreatment",
        title_zh="山达克铜金矿：选矿厂升级及尾矿再处理",
        title_ur="سیندک تانبا و سونا: کنسنٹریٹر کی اپ گریڈیشن اور ٹیلنگز کی دوبارہ پروسیسنگ",
        summary=(
            "Joint-venture partner sought to upgrade the Saindak concentrator for the ore of "
            "the East ore body and to recover copper, gold and silver from three decades of "
            "tailings, building on Pak-China operation in Chagai since 2002."
        ),
        summary_zh=(
            "寻求合资伙伴，针对东矿体矿石升级山达克选矿厂，并从三十年来积存的尾矿中回收铜、金和银，"
            "延续自2002年以来中巴双方在查盖的合作运营。"
        ),
        summary_ur=(
            "سیندک کنسنٹریٹر کو مشرقی ذخیرے کی خام دھات کے لیے اپ گریڈ کرنے اور تین دہائیوں کی "
            "ٹیلنگز سے تانبا، سونا اور چاندی حاصل کرنے کے لیے مشترکہ منصوبے کا شراکت دار درکار "
            "ہے، جو 2002 سے چاغی میں پاک چین اشتراک پر استوار ہے۔"
        ),
        description=(
            "Saindak, in Chagai district 35 km from the border town of Taftan, is a porphyry "
            "copper-gold deposit with three ore bodies. The South and North ore bodies, "
            "worked since 2002 by a Chinese operator under lease, are nearly depleted; the "
            "East ore body, the largest, takes over, with a design output of 12,500 tonnes "
            "of ore a day.\n"
            "This project upgrades the concentrator's grinding and flotation circuits for "
            "the lower-grade East ore, and builds a tailings retreatment plant that recovers "
            "copper, gold and silver lost by the older circuit, with magnetite as a "
            "by-product. The smelter on site produces blister copper carrying gold and "
            "silver.\n"
            "Blister copper leaves by road; the proposed Nokundi–Mashkel–Turbat–Gwadar "
            "corridor would shorten the route to Gwadar port and to a future smelter and "
            "refinery there."
        ),
        minerals=("copper", "gold", "silver", "iron-ore"),
        region="balochistan",
        district="chagai",
        latitude=29.25,
        longitude=61.61,
        area_km2="38.50",
        stage=Stage.PROCESSING,
        investment_model=Model.JOINT_VENTURE,
        investment_usd=380_000_000,
        estimated_reserves=(
            "East ore body: 336 Mt geological resource at 0.36% Cu (0.25% Cu cut-off), "
            "85.6 Mt mineable at 0.374% Cu (2020 feasibility study); tailings to be sampled"
        ),
        grade="0.36–0.43% Cu with about 0.4–0.5 g/t Au and 1.5 g/t Ag",
        distance_to_gwadar_km=720,
        corridor=NMTG,
        expected_jobs=1800,
        training_commitment=(
            "Continues the Saindak training programme, which has already trained more than "
            "5,200 Pakistani employees; 200 apprenticeships a year for Chagai residents in "
            "mining, metallurgy and maintenance."
        ),
        criteria=PROCESSING_CRITERIA,
        status=Status.PUBLISHED,
        timeline=Timeline(opens=-6, closes=45, published=-6),
        documents=(GEOLOGICAL_REPORT, FINANCIAL_MODEL),
    ),
    DemoProject(
        owner=MOE_PD,
        title="Thar Coalfield Block VIII: Open-Pit Lignite Mine",
        title_zh="塔尔煤田第八区块：露天褐煤矿",
        title_ur="تھر کول فیلڈ بلاک 8: اوپن پٹ لگنائٹ کان",
        summary=(
            "Develop an open-pit lignite mine in Block VIII of the Thar coalfield in "
            "Tharparkar to supply mine-mouth power generation and coal gasification, with "
            "local hiring and training of Thar residents."
        ),
        summary_zh=(
            "在塔尔帕卡尔塔尔煤田第八区块开发露天褐煤矿，为坑口发电和煤气化供煤，"
            "并优先雇用和培训塔尔当地居民。"
        ),
        summary_ur=(
            "تھرپارکر میں تھر کول فیلڈ کے بلاک 8 میں اوپن پٹ لگنائٹ کان کی ترقی، تاکہ کان کے "
            "دہانے پر بجلی گھروں اور کوئلے کی گیسیفکیشن کو کوئلہ فراہم ہو، اور تھر کے مقامی "
            "باشندوں کو روزگار اور تربیت ملے۔"
        ),
        description=(
            "The Thar coalfield in Tharparkar holds one of the world's largest lignite "
            "deposits, about 175 billion tonnes under the desert sand. Blocks I and II already "
            "feed mine-mouth power plants built with Chinese partners.\n"
            "Block VIII is offered for an open-pit mine: dewatering of the aquifers above the "
            "seams, removal of about 150 m of overburden, and lignite production rising to 7.6 "
            "million tonnes a year. The partner may build a mine-mouth power plant or a coal "
            "gasification and fertiliser plant as part of its offer.\n"
            "Water from dewatering is to be treated and supplied to nearby villages and "
            "farms; a resettlement plan agreed with the affected communities is required."
        ),
        minerals=("coal",),
        region="sindh",
        district="tharparkar",
        latitude=24.78,
        longitude=70.33,
        area_km2="96.00",
        stage=Stage.MINING,
        investment_model=Model.JOINT_VENTURE,
        investment_usd=780_000_000,
        estimated_reserves="About 1.5 billion tonnes of lignite in Block VIII (indicative)",
        grade="Lignite, 5,500–6,500 Btu/lb as received, 46–50% moisture, about 1% sulphur",
        corridor="Thar coal rail link (Chhor–Islamkot) to Port Qasim",
        expected_jobs=2500,
        training_commitment=(
            "Heavy-equipment and plant-operator training for Tharparkar residents, "
            "including women dump-truck drivers, and scholarships in mining engineering."
        ),
        criteria=MINING_CRITERIA,
        status=Status.PUBLISHED,
        timeline=Timeline(opens=7, closes=60, published=-3),
        documents=(GEOLOGICAL_REPORT, FINANCIAL_MODEL),
    ),
    DemoProject(
        owner=MOE_PD,
        title="Turbat Granite and Dimension-Stone Processing Park",
        title_zh="图尔伯特花岗岩及饰面石材加工园",
        title_ur="تربت گرینائٹ اور ڈائمینشن اسٹون پروسیسنگ پارک",
        summary=(
            "Quarrying with diamond-wire saws instead of blasting and a cutting and polishing "
            "plant for Kech granite, shipping finished slabs through Gwadar on the "
            "Nokundi–Mashkel–Turbat–Gwadar corridor."
        ),
        summary_zh=(
            "以金刚石绳锯取代爆破开采克奇花岗岩，并建设切割抛光厂，成品板材经诺昆迪—马什克尔—"
            "图尔伯特—瓜达尔走廊从瓜达尔港出口。"
        ),
        summary_ur=(
            "کیچ کے گرینائٹ کی دھماکوں کے بجائے ڈائمنڈ وائر آرے سے کٹائی اور کٹنگ و پالشنگ "
            "پلانٹ؛ تیار سلیبیں نوکنڈی–ماشکیل–تربت–گوادر راہداری کے ذریعے گوادر سے برآمد ہوں گی۔"
        ),
        description=(
            "Pakistan has granite from Turbat to Chitral, yet most of it is still quarried by "
            "blasting, which cracks the blocks and destroys their value. This project "
            "introduces diamond-wire saws and block-cutting machines in the Kech quarries and "
            "a processing park near Turbat with gang saws, resin lines and polishing lines for "
            "slabs and tiles.\n"
            "Finished stone travels 170 km by road to Gwadar port for export to the Gulf and "
            "China. The park offers plots to local stone processors, who share the water "
            "recycling plant and the slurry disposal site."
        ),
        minerals=("granite", "dimension-stone"),
        region="balochistan",
        district="kech",
        latitude=26.01,
        longitude=63.06,
        area_km2="2.40",
        stage=Stage.PROCESSING,
        investment_model=Model.EQUITY,
        investment_usd=28_000_000,
        estimated_reserves="Large granite and gabbro outcrops; quarry blocks to be proved",
        grade="Dimension-stone quality; target block yield of at least 40% without blasting",
        distance_to_gwadar_km=170,
        corridor=NMTG,
        expected_jobs=650,
        training_commitment=(
            "Training of quarry workers as diamond-wire saw and gang-saw operators; a "
            "stone-finishing course for 100 young people from Kech each year."
        ),
        criteria=PROCESSING_CRITERIA,
        status=Status.PUBLISHED,
        timeline=Timeline(opens=-12, closes=21, published=-12),
        documents=(FEASIBILITY_SUMMARY,),
    ),
    DemoProject(
        owner=MOE_PD,
        title="Dhabeji SEZ Silica-Sand Washing Plant for Solar Glass",
        title_zh="达贝吉经济特区光伏玻璃用硅砂洗选厂",
        title_ur="دھابیجی اقتصادی زون میں سولر گلاس کے لیے سلیکا ریت دھلائی پلانٹ",
        summary=(
            "Wash, scrub and magnetically clean silica sand from Thatta to low-iron "
            "specifications for solar and float glass, in the Dhabeji Special Economic Zone "
            "near Port Qasim."
        ),
        summary_zh=(
            "在毗邻卡西姆港的达贝吉经济特区，对塔塔硅砂进行水洗、擦洗和磁选除铁，"
            "达到光伏玻璃和浮法玻璃所需的低铁标准。"
        ),
        summary_ur=(
            "پورٹ قاسم کے قریب دھابیجی خصوصی اقتصادی زون میں ٹھٹھہ کی سلیکا ریت کو دھو کر، رگڑ "
            "کر اور مقناطیسی طریقے سے صاف کر کے سولر اور فلوٹ گلاس کے لیے کم آئرن معیار تک لانا۔"
        ),
        description=(
            "Silica sand from Thatta and the neighbouring districts is sold unwashed to glass "
            "and foundry users. Solar glass needs sand with very little iron, which Pakistan "
            "imports today.\n"
            "The plant washes, attrition-scrubs, classifies and magnetically separates "
            "500,000 tonnes of sand a year, with a flotation stage for the finest product. "
            "It sits in the Dhabeji Special Economic Zone on the N-5, 45 km from Port Qasim, "
            "and is designed to supply a solar-glass line in the same zone: the partner "
            "finances the plant against a long-term offtake agreement for its product."
        ),
        minerals=("silica-sand",),
        region="sindh",
        district="thatta",
        latitude=24.79,
        longitude=67.53,
        area_km2="0.35",
        stage=Stage.PROCESSING,
        investment_model=Model.OFFTAKE,
        investment_usd=65_000_000,
        estimated_reserves="Thatta silica-sand deposits, more than 20 Mt identified",
        grade="Target at least 99.5% SiO2 and at most 0.015% Fe2O3 after processing",
        distance_to_gwadar_km=690,
        special_economic_zone="Dhabeji Special Economic Zone",
        corridor="N-5 National Highway to Port Qasim",
        expected_jobs=320,
        training_commitment="Laboratory and plant-operator training with a Karachi polytechnic.",
        criteria=PROCESSING_CRITERIA,
        status=Status.PUBLISHED,
        timeline=Timeline(opens=0, closes=35, published=0),
        documents=(FEASIBILITY_SUMMARY, FINANCIAL_MODEL),
    ),
    DemoProject(
        owner=MOE_PD,
        title="Swat Emerald Cutting, Polishing and Certification Centre",
        title_zh="斯瓦特祖母绿切割、抛光及鉴定中心",
        title_ur="سوات زمرد کٹنگ، پالشنگ اور سرٹیفکیشن مرکز",
        summary=(
            "A gem-cutting and certification centre in Mingora so that Swat emeralds are cut, "
            "graded and sold in Pakistan, with a training school for local artisans."
        ),
        summary_zh=(
            "在明戈拉建设宝石切割与鉴定中心，使斯瓦特祖母绿在巴基斯坦境内完成切割、分级和销售，"
            "并为当地工匠开设培训学校。"
        ),
        summary_ur=(
            "مینگورہ میں جواہرات کی کٹائی اور سرٹیفکیشن کا مرکز، تاکہ سوات کے زمرد پاکستان ہی "
            "میں تراشے، درجہ بند اور فروخت ہوں، اور مقامی کاریگروں کے لیے تربیتی اسکول بھی ہو۔"
        ),
        description=(
            "Emeralds from the Mingora and Gujar Killi mines in Swat are prized for their "
            "colour but leave the country rough, to be cut and certified abroad. The centre "
            "brings modern cutting and polishing machines, a gem-testing laboratory issuing "
            "internationally recognised certificates, and an auction hall.\n"
            "A partner equips and runs the centre for 15 years and trains local artisans; the "
            "building is provided by the Khyber Pakhtunkhwa government."
        ),
        minerals=("emerald", "gemstones"),
        region="khyber-pakhtunkhwa",
        district="swat",
        latitude=34.78,
        longitude=72.36,
        area_km2="0.05",
        stage=Stage.MANUFACTURING,
        investment_model=Model.JOINT_VENTURE,
        investment_usd=6_500_000,
        estimated_reserves="Mingora and Gujar Killi emerald occurrences in talc-carbonate schist",
        grade="Gem-quality emerald; cutting yield and colour grades in the report",
        corridor="Swat Motorway (M-16) to the M-1 and Peshawar",
        expected_jobs=300,
        training_commitment="A gem-cutting school for 150 artisans a year, half of them women.",
        criteria=PROCESSING_CRITERIA,
        status=Status.CLOSED,
        timeline=Timeline(opens=-50, closes=-5, published=-50),
    ),
    DemoProject(
        owner=MOE_PD,
        title="Duddar Lead-Zinc Concentrator Expansion",
        title_zh="杜达尔铅锌选矿厂扩建",
        title_ur="دودر سیسہ و جست کنسنٹریٹر کی توسیع",
        summary=(
            "Expand the flotation plant at the Duddar lead-zinc mine in Lasbela and add a "
            "tailings dewatering circuit, raising concentrate output for export and for future "
            "zinc refining in Pakistan."
        ),
        summary_zh=(
            "扩建拉斯贝拉杜达尔铅锌矿的浮选厂并增设尾矿脱水系统，提高精矿产量，"
            "供出口及未来在巴基斯坦境内的锌冶炼。"
        ),
        summary_ur=(
            "لسبیلہ میں دودر سیسہ و جست کان کے فلوٹیشن پلانٹ کی توسیع اور ٹیلنگز سے پانی نکالنے "
            "کے نظام کا اضافہ، تاکہ برآمد اور پاکستان میں مستقبل کی جست ریفائنگ کے لیے "
            "کنسنٹریٹ کی پیداوار بڑھے۔"
        ),
        description=(
            "Duddar, in Kanraj tehsil of Lasbela district, is Pakistan's first fully "
            "operational underground metal mine, developed with a Chinese partner; it reached "
            "its full capacity of 500,000 tonnes of ore a year in 2019. Its concentrator "
            "separates lead and zinc concentrates by flotation.\n"
            "The expansion adds a third grinding line and larger flotation cells, raising ore "
            "throughput by half, and a filter plant that returns water from the tailings in "
            "this arid area. Concentrates go about 200 km by road through Winder and the N-25 "
            "to Karachi port; a zinc refinery in Pakistan is the next step."
        ),
        minerals=("zinc", "lead"),
        region="balochistan",
        district="lasbela",
        latitude=25.95,
        longitude=66.35,
        area_km2="12.00",
        stage=Stage.PROCESSING,
        investment_model=Model.EQUITY,
        investment_usd=140_000_000,
        estimated_reserves="About 50 Mt of sulphide ore (reported estimate)",
        grade="About 8.6% Zn and 3.2% Pb (reported averages)",
        distance_to_gwadar_km=610,
        special_economic_zone="Hub Special Economic Zone",
        corridor="N-25 and the Makran Coastal Highway (N-10)",
        expected_jobs=900,
        training_commitment="Underground mining and flotation training for Lasbela residents.",
        criteria=PROCESSING_CRITERIA,
        status=Status.UNDER_EVALUATION,
        timeline=Timeline(opens=-110, closes=-40, published=-110, evaluation=-35),
        documents=(GEOLOGICAL_REPORT, FINANCIAL_MODEL),
    ),
    DemoProject(
        owner=MOE_PD,
        title="Salt Range Rock Salt Refining and Pink Salt Products Plant",
        title_zh="盐岭岩盐精制及粉红盐制品厂",
        title_ur="سالٹ رینج سینڈھا نمک ریفائننگ اور گلابی نمک مصنوعات پلانٹ",
        summary=(
            "Refine, grade and package Himalayan pink rock salt from the Khewra area of the "
            "Salt Range for food, pharmaceutical and lamp markets, instead of exporting it in "
            "bulk."
        ),
        summary_zh=(
            "对盐岭克乌拉地区的喜马拉雅粉红岩盐进行精制、分级和包装，面向食品、医药和盐灯市场，"
            "而不再以散装形式出口。"
        ),
        summary_ur=(
            "سالٹ رینج کے کھیوڑہ علاقے کے ہمالیائی گلابی سینڈھا نمک کو کھلی شکل میں برآمد کرنے "
            "کے بجائے خوراک، ادویات اور لیمپ کی منڈیوں کے لیے صاف، درجہ بند اور پیک کرنا۔"
        ),
        description=(
            "The Salt Range in Jhelum district has been mined for rock salt for centuries; "
            "Khewra is the best known mine. Much of the pink salt leaves Pakistan in bulk and "
            "is packaged and branded abroad.\n"
            "The plant crushes, washes, dries and grades rock salt, produces pharmaceutical "
            "grade salt by vacuum evaporation, and makes lamps and tiles from large blocks, "
            "with a packaging line for retail brands."
        ),
        minerals=("rock-salt",),
        region="punjab",
        district="jhelum",
        latitude=32.65,
        longitude=73.01,
        area_km2="0.80",
        stage=Stage.MANUFACTURING,
        investment_model=Model.EQUITY,
        investment_usd=24_000_000,
        estimated_reserves="Salt Range evaporites; published estimates vary widely",
        grade="Halite 96–99% NaCl, pink to red",
        corridor="M-2 motorway (Lilla interchange)",
        expected_jobs=400,
        training_commitment="Apprenticeships in food-grade processing and quality control.",
        criteria=PROCESSING_CRITERIA,
        status=Status.AWARDED,
        timeline=Timeline(opens=-220, closes=-160, published=-220, evaluation=-155, awarded=-120),
        documents=(FEASIBILITY_SUMMARY, FINANCIAL_MODEL),
        award_note="Awarded after evaluation of four bids; the contract is being signed.",
    ),
    DemoProject(
        owner=MOE_PD,
        title="Kalabagh Iron Ore Beneficiation and Pelletising Plant",
        summary=(
            "Beneficiate low-grade Kalabagh iron ore in Mianwali to pellet-feed grade for "
            "Pakistan's steel mills, reducing imports of iron ore and scrap."
        ),
        description=(
            "The Kalabagh deposit near the Indus in Mianwali district is Pakistan's largest "
            "known iron ore resource, but its low-grade chamositic ore needs beneficiation "
            "before any steel mill can use it.\n"
            "An EPC contractor designs and builds a plant that roasts and magnetically "
            "separates the ore and pelletises the concentrate, for operation by the Punjab "
            "Mineral Company. A pilot test on bulk samples is part of the first phase."
        ),
        minerals=("iron-ore",),
        region="punjab",
        district="mianwali",
        latitude=32.96,
        longitude=71.55,
        area_km2="25.00",
        stage=Stage.PROCESSING,
        investment_model=Model.EPC,
        investment_usd=310_000_000,
        estimated_reserves="About 350 Mt of low-grade ore (historic estimate)",
        grade="28–34% Fe, chamositic",
        expected_jobs=1100,
        criteria=PROCESSING_CRITERIA,
        status=Status.CANCELLED,
        timeline=Timeline(opens=-30, closes=10, published=-30, cancelled=-8),
        cancellation_reason=(
            "The Kalabagh mining leases are being consolidated by the Punjab Mines & Minerals "
            "Department. The project will be offered again once the new lease boundaries are "
            "settled; bidders will be informed."
        ),
    ),
    DemoProject(
        owner=MOE_PD,
        title="Chitral Antimony Prospect: Exploration and Pilot Mining",
        title_zh="吉德拉尔锑矿远景区：勘探及试采",
        title_ur="چترال اینٹیمنی پراسپیکٹ: تلاش اور تجرباتی کان کنی",
        summary=(
            "Map, trench and drill the stibnite veins near Chitral town and run pilot mining "
            "to prove an antimony resource for a critical-minerals supply chain."
        ),
        summary_zh=(
            "对吉德拉尔镇附近的辉锑矿脉开展填图、探槽和钻探，并进行试采，"
            "以探明可供关键矿产供应链使用的锑资源。"
        ),
        summary_ur=(
            "چترال شہر کے قریب اسٹیبنائٹ کی رگوں کی نقشہ بندی، خندق کھدائی اور ڈرلنگ، اور اہم "
            "معدنیات کی سپلائی چین کے لیے اینٹیمنی کے ذخیرے کو ثابت کرنے کی خاطر تجرباتی کان کنی۔"
        ),
        description=(
            "Antimony has been worked on a small scale in Chitral, where stibnite veins cut "
            "the metasediments north of Chitral town. Antimony is a critical mineral for "
            "flame retardants, batteries and defence uses.\n"
            "The programme covers geological mapping, trenching, 6,000 m of diamond drilling, "
            "metallurgical tests and a pilot adit, leading to a resource estimate."
        ),
        minerals=("antimony",),
        region="khyber-pakhtunkhwa",
        district="chitral",
        latitude=35.90,
        longitude=71.74,
        area_km2="85.00",
        stage=Stage.EXPLORATION,
        investment_model=Model.EXPLORATION_LICENCE,
        investment_usd=12_000_000,
        estimated_reserves="Not yet estimated; historic small-scale workings",
        grade="Stibnite veins reported at 20–45% Sb in hand samples",
        corridor="N-45 through the Lowari Tunnel",
        expected_jobs=120,
        training_commitment="Field-geology training for graduates of Chitral and Peshawar.",
        criteria=EXPLORATION_CRITERIA,
        status=Status.DRAFT,
        timeline=Timeline(opens=20, closes=80),
    ),
    DemoProject(
        owner=MOE_PD,
        title="Hunza Tungsten (Scheelite) Exploration Block",
        summary=(
            "Systematic exploration for scheelite-bearing skarns and veins in Hunza, with "
            "ultraviolet prospecting, trenching and a first drilling programme."
        ),
        description=(
            "Scheelite, the calcium tungstate ore of tungsten, is reported in skarns of the "
            "Karakoram in Hunza. Tungsten is among the critical minerals the forum invited "
            "Chinese firms to develop.\n"
            "The block is offered under an exploration licence with a two-year work "
            "programme: ultraviolet lamp prospecting at night, stream-sediment sampling, "
            "trenching and 3,000 m of drilling."
        ),
        minerals=("tungsten",),
        region="gilgit-baltistan",
        district="hunza",
        latitude=36.35,
        longitude=74.75,
        area_km2="140.00",
        stage=Stage.EXPLORATION,
        investment_model=Model.EXPLORATION_LICENCE,
        investment_usd=9_000_000,
        grade="Scheelite in skarn; grades to be established",
        corridor="Karakoram Highway (N-35)",
        expected_jobs=60,
        criteria=EXPLORATION_CRITERIA,
        status=Status.IN_REVIEW,
        timeline=Timeline(opens=14, closes=60),
    ),
    # --- SIFC ----------------------------------------------------------------------------------
    DemoProject(
        owner=SIFC,
        title="Gwadar Copper Smelter and Refinery",
        title_zh="瓜达尔铜冶炼及精炼厂",
        title_ur="گوادر تانبا سملٹر اور ریفائنری",
        summary=(
            "A 200,000-tonne-a-year copper smelter and electrolytic refinery in the Gwadar "
            "Free Zone, fed with concentrate from Chagai through the Nokundi–Mashkel–Turbat–"
            "Gwadar corridor, so that Pakistan exports cathode instead of ore."
        ),
        summary_zh=(
            "在瓜达尔自由区建设年产20万吨的铜冶炼及电解精炼厂，原料为经诺昆迪—马什克尔—"
            "图尔伯特—瓜达尔走廊运来的查盖铜精矿，使巴基斯坦出口阴极铜而非矿石。"
        ),
        summary_ur=(
            "گوادر فری زون میں سالانہ دو لاکھ ٹن کا تانبا سملٹر اور الیکٹرولائٹک ریفائنری، جسے "
            "نوکنڈی–ماشکیل–تربت–گوادر راہداری کے ذریعے چاغی سے کنسنٹریٹ ملے گا، تاکہ پاکستان "
            "خام دھات کے بجائے کیتھوڈ برآمد کرے۔"
        ),
        description=(
            "Pakistan exports about $1.2 billion of copper ore and concentrate to China each "
            "year, while more than 90 per cent of its mineral exports leave raw or "
            "semi-processed. A smelter and refinery at Gwadar would keep that value in the "
            "country.\n"
            "The plant uses flash or bottom-blown bath smelting, converting and fire "
            "refining, then electrolytic refining to LME grade A cathode, with a sulphuric "
            "acid plant capturing the sulphur dioxide. Feed comes from Saindak, Reko Diq and "
            "other Chagai mines along the proposed Nokundi–Mashkel–Turbat–Gwadar corridor; "
            "cathode and acid ship from Gwadar port.\n"
            "Offered as build-operate-transfer with a 30-year concession in the Gwadar Free "
            "Zone, with desalinated water and power to be supplied by the partner."
        ),
        minerals=("copper", "gold", "silver", "sulphur"),
        region="balochistan",
        district="gwadar",
        latitude=25.20,
        longitude=62.40,
        area_km2="3.20",
        stage=Stage.SMELTING,
        investment_model=Model.BOT,
        investment_usd=1_350_000_000,
        estimated_reserves="Feed: concentrate from Chagai mines (Saindak, Reko Diq, others)",
        grade="Concentrate at 22–28% Cu; product LME grade A cathode (99.99% Cu)",
        distance_to_gwadar_km=12,
        special_economic_zone="Gwadar Free Zone",
        corridor=NMTG,
        expected_jobs=3000,
        training_commitment=(
            "A metallurgy and maintenance training institute in Gwadar with 300 places a "
            "year, preference to residents of Gwadar and Kech."
        ),
        criteria=SMELTER_CRITERIA,
        status=Status.PUBLISHED,
        timeline=Timeline(opens=14, closes=75, published=-2),
        documents=(FEASIBILITY_SUMMARY, FINANCIAL_MODEL),
    ),
    DemoProject(
        owner=SIFC,
        title="Gwadar Mineral Bulk Terminal and Corridor Truck Staging Yards",
        title_zh="瓜达尔矿产散货码头及走廊卡车中转场",
        title_ur="گوادر معدنی بلک ٹرمینل اور راہداری پر ٹرکوں کے یارڈ",
        summary=(
            "A covered bulk berth for copper concentrate, chromite and other minerals at "
            "Gwadar port, with truck staging yards along the proposed Nokundi–Mashkel–Turbat–"
            "Gwadar corridor linking the mines of Chagai to the sea."
        ),
        summary_zh=(
            "在瓜达尔港建设用于铜精矿、铬铁矿等矿产的封闭式散货泊位，并沿拟建的诺昆迪—"
            "马什克尔—图尔伯特—瓜达尔走廊设置卡车中转场，连接查盖矿区与出海口。"
        ),
        summary_ur=(
            "گوادر بندرگاہ پر تانبے کے کنسنٹریٹ، کرومائٹ اور دیگر معدنیات کے لیے ڈھکا ہوا بلک "
            "برتھ، اور مجوزہ نوکنڈی–ماشکیل–تربت–گوادر راہداری پر ٹرکوں کے ٹھہرنے کے یارڈ، جو "
            "چاغی کی کانوں کو سمندر سے ملائیں گے۔"
        ),
        description=(
            "Concentrate from Chagai travels today more than 1,000 km by road to Karachi. The "
            "Planning Minister proposed a Nokundi–Mashkel–Turbat–Gwadar corridor to connect "
            "Balochistan's mineral resources with Gwadar port instead.\n"
            "The terminal has a covered storage shed and a ship loader for two million "
            "tonnes a year, with closed conveyors against dust. Along the corridor, "
            "weighbridges and staging yards with rest areas for drivers are built at "
            "Nokundi, Mashkel and Turbat. Offered as build-operate-transfer with a tariff "
            "regulated by the Gwadar Port Authority."
        ),
        minerals=("copper", "chromite", "iron-ore"),
        region="balochistan",
        district="gwadar",
        latitude=25.11,
        longitude=62.34,
        area_km2="0.60",
        stage=Stage.LOGISTICS,
        investment_model=Model.BOT,
        investment_usd=240_000_000,
        estimated_reserves="Throughput design: 2 Mt a year of concentrates and ores",
        distance_to_gwadar_km=2,
        special_economic_zone="Gwadar Free Zone",
        corridor=NMTG,
        expected_jobs=900,
        training_commitment="Port-equipment and heavy-vehicle training for Makran residents.",
        criteria=(
            ("Terminal design and capacity", 30),
            ("Financial offer and tariff", 30),
            ("Dust and environmental control", 20),
            ("Local employment and training", 20),
        ),
        status=Status.PUBLISHED,
        timeline=Timeline(opens=-4, closes=40, published=-4),
        documents=(FEASIBILITY_SUMMARY,),
    ),
    DemoProject(
        owner=SIFC,
        title="Chagai Porphyry Belt Exploration Licence near Reko Diq",
        title_zh="雷科迪克邻近查盖斑岩带勘探许可",
        title_ur="ریکوڈک کے قریب چاغی پورفری پٹی کا ایکسپلوریشن لائسنس",
        summary=(
            "An exploration licence over porphyry copper-gold targets in the Chagai magmatic "
            "arc next to Reko Diq, for a partner that commits to geophysics and deep drilling."
        ),
        summary_zh=(
            "在雷科迪克旁的查盖岩浆弧内，针对斑岩型铜金靶区授予勘探许可，"
            "要求合作方承诺开展地球物理勘查和深部钻探。"
        ),
        summary_ur=(
            "ریکوڈک سے متصل چاغی میگمیٹک آرک میں پورفری تانبا و سونا اہداف پر ایکسپلوریشن "
            "لائسنس، اس شراکت دار کے لیے جو جیو فزکس اور گہری ڈرلنگ کا وعدہ کرے۔"
        ),
        description=(
            "Reko Diq in western Chagai is among the world's largest undeveloped copper-gold "
            "deposits. The same magmatic arc hosts many porphyry and epithermal targets that "
            "have never been drilled.\n"
            "The licence area covers alteration zones mapped from satellite imagery. The work "
            "programme requires airborne magnetics, induced polarisation surveys and at least "
            "10,000 m of diamond drilling in three years."
        ),
        minerals=("copper", "gold", "molybdenum"),
        region="balochistan",
        district="chagai",
        latitude=28.95,
        longitude=62.35,
        area_km2="1200.00",
        stage=Stage.EXPLORATION,
        investment_model=Model.EXPLORATION_LICENCE,
        investment_usd=45_000_000,
        estimated_reserves="Greenfield targets; no resource estimate",
        grade="Porphyry Cu-Au-Mo targets",
        distance_to_gwadar_km=680,
        corridor=NMTG,
        expected_jobs=250,
        training_commitment="Drilling and core-logging training for Chagai residents.",
        criteria=EXPLORATION_CRITERIA,
        status=Status.PUBLISHED,
        timeline=Timeline(opens=-9, closes=30, published=-9),
    ),
    DemoProject(
        owner=SIFC,
        title="Loe Shilman Carbonatite Rare-Earth Exploration Block",
        title_zh="洛希尔曼碳酸岩稀土勘探区块",
        title_ur="لوئے شلمان کاربونیٹائٹ نایاب زمینی عناصر ایکسپلوریشن بلاک",
        summary=(
            "Explore the Loe Shilman carbonatite in Khyber district for rare-earth elements, "
            "niobium and phosphate, including a metallurgical test programme for a "
            "rare-earth concentrate."
        ),
        summary_zh=(
            "在开伯尔地区的洛希尔曼碳酸岩中勘探稀土元素、铌和磷酸盐，并开展稀土精矿的选冶试验。"
        ),
        summary_ur=(
            "ضلع خیبر میں لوئے شلمان کاربونیٹائٹ میں نایاب زمینی عناصر، نائوبیم اور فاسفیٹ کی "
            "تلاش، بشمول نایاب زمینی کنسنٹریٹ کے لیے دھات کاری کے تجربات کا پروگرام۔"
        ),
        description=(
            "Carbonatites are the main source of the world's rare-earth elements. The Loe "
            "Shilman carbonatite in Khyber district, part of the Peshawar alkaline province "
            "near the Afghan border, carries the rare-earth minerals bastnäsite and monazite "
            "with apatite, yet has never been explored systematically.\n"
            "The partner maps and samples the complex, drills it, and tests whether a "
            "rare-earth concentrate can be produced; phosphate is a by-product of interest "
            "for the fertiliser industry."
        ),
        minerals=("rare-earth-elements", "phosphate"),
        region="khyber-pakhtunkhwa",
        district="khyber",
        latitude=34.18,
        longitude=71.15,
        area_km2="60.00",
        stage=Stage.EXPLORATION,
        investment_model=Model.EXPLORATION_LICENCE,
        investment_usd=22_000_000,
        estimated_reserves="Not yet estimated",
        grade="Rare-earth, niobium and phosphate grades to be established",
        corridor="Peshawar–Torkham road (N-5)",
        expected_jobs=90,
        training_commitment="Geochemistry and laboratory training with the University of Peshawar.",
        criteria=EXPLORATION_CRITERIA,
        status=Status.PUBLISHED,
        timeline=Timeline(opens=-1, closes=28, published=-1),
    ),
    DemoProject(
        owner=SIFC,
        title="Muslim Bagh Chromite Mining and Beneficiation at Bostan SEZ",
        title_zh="穆斯林巴格铬铁矿开采及博斯坦经济特区选矿项目",
        title_ur="مسلم باغ کرومائٹ کان کنی اور بوستان اقتصادی زون میں بینیفیشی ایشن",
        summary=(
            "Mechanised mining of podiform chromite in the Muslim Bagh ophiolite and a gravity "
            "concentration plant at the Bostan Special Economic Zone, upgrading lumpy ore to "
            "export-grade concentrate."
        ),
        summary_zh=(
            "对穆斯林巴格蛇绿岩中的豆荚状铬铁矿进行机械化开采，并在博斯坦经济特区建设重选厂，"
            "将块矿提升为出口级精矿。"
        ),
        summary_ur=(
            "مسلم باغ اوفیولائٹ میں پوڈیفارم کرومائٹ کی مشینی کان کنی اور بوستان خصوصی اقتصادی "
            "زون میں گریویٹی کنسنٹریشن پلانٹ، جو ڈلے والی خام دھات کو برآمدی معیار کے کنسنٹریٹ "
            "میں بدلے۔"
        ),
        description=(
            "The Muslim Bagh ophiolite in Killa Saifullah district has been Pakistan's main "
            "chromite source since the early twentieth century, mostly from small manual "
            "mines selling lumpy ore.\n"
            "The project mechanises mining in the leased area and builds a crushing, jigging "
            "and spiral-concentration plant at the Bostan Special Economic Zone near Quetta, "
            "producing concentrate at 48% Cr2O3 or more. Small miners may sell ore to the "
            "plant at published prices."
        ),
        minerals=("chromite", "magnesite"),
        region="balochistan",
        district="killa-saifullah",
        latitude=30.82,
        longitude=67.75,
        area_km2="45.00",
        stage=Stage.MINING,
        investment_model=Model.JOINT_VENTURE,
        investment_usd=55_000_000,
        estimated_reserves="Podiform chromite bodies; several hundred thousand tonnes known",
        grade="Lumpy ore 38–52% Cr2O3; concentrate target at least 48% Cr2O3",
        distance_to_gwadar_km=980,
        special_economic_zone="Bostan Special Economic Zone",
        corridor="N-50 (Zhob–Quetta) and N-25 to Karachi",
        expected_jobs=700,
        training_commitment="Mine-safety training for small-scale miners of the district.",
        criteria=MINING_CRITERIA,
        status=Status.PUBLISHED,
        timeline=Timeline(opens=-15, closes=16, published=-15),
        documents=(GEOLOGICAL_REPORT, FINANCIAL_MODEL),
    ),
    DemoProject(
        owner=SIFC,
        title="Skardu Lithium Pegmatite Exploration",
        title_zh="斯卡杜锂伟晶岩勘探",
        title_ur="اسکردو لیتھیم پیگمیٹائٹ کی تلاش",
        summary=(
            "Sample and drill the spodumene-bearing pegmatites of the Skardu and Shigar "
            "valleys to assess a lithium resource for battery-materials processing."
        ),
        summary_zh=(
            "对斯卡杜和希格尔河谷含锂辉石的伟晶岩进行采样和钻探，评估可用于电池材料加工的锂资源。"
        ),
        summary_ur=(
            "اسکردو اور شگر وادیوں کی اسپوڈومین والی پیگمیٹائٹس کی نمونہ گیری اور ڈرلنگ، تاکہ "
            "بیٹری مواد کی پروسیسنگ کے لیے لیتھیم کے ذخیرے کا اندازہ ہو۔"
        ),
        description=(
            "The pegmatites of the Skardu and Shigar valleys are famous for aquamarine and "
            "tourmaline; some carry spodumene, the lithium ore mineral.\n"
            "The programme samples and maps the pegmatite swarm, drills the largest dykes and "
            "tests a spodumene concentrate. Gem-bearing pockets found along the way are "
            "reported to the Gilgit-Baltistan government."
        ),
        minerals=("lithium", "tourmaline"),
        region="gilgit-baltistan",
        district="skardu",
        latitude=35.35,
        longitude=75.60,
        area_km2="220.00",
        stage=Stage.EXPLORATION,
        investment_model=Model.EXPLORATION_LICENCE,
        investment_usd=14_000_000,
        grade="Spodumene pegmatites; Li2O grades to be established",
        corridor="Skardu Road (N-15) to the Karakoram Highway",
        expected_jobs=80,
        criteria=EXPLORATION_CRITERIA,
        status=Status.IN_REVIEW,
        timeline=Timeline(opens=10, closes=50),
    ),
)


# --- Seeding -----------------------------------------------------------------------------------


def _sifc_approver() -> tuple[User, bool]:
    agency = Agency.objects.get(slug=SIFC)
    user, created = User.objects.get_or_create(
        username=SIFC_APPROVER["username"],
        defaults={
            "role": User.Role.OFFICIAL,
            "agency": agency,
            "first_name": SIFC_APPROVER["first_name"],
            "last_name": SIFC_APPROVER["last_name"],
            "email": SIFC_APPROVER["email"],
        },
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def _at(now: datetime, days: int, hour: int) -> datetime:
    """`days` from today at `hour` o'clock, Pakistan time (the portal's zone)."""
    local = timezone.localtime(now).replace(hour=hour, minute=0, second=0, microsecond=0)
    return local + timedelta(days=days)


def _document_file(project: Project, document: DemoDocument) -> SimpleUploadedFile:
    slug = document.title.split(" (")[0].lower().replace(" ", "-")
    if document.kind == "financial":
        share = (("Mining and plant", 0.55), ("Infrastructure", 0.25), ("Working capital", 0.2))
        rows: list[list] = [
            [project.title],
            ["Reference", project.reference],
            [],
            ["Item", "USD"],
            *[[name, round(project.investment_usd * part)] for name, part in share],
            ["Total investment", f"=SUM(B5:B{4 + len(share)})"],
            [],
            ["Discount rate (assumption)", 0.1],
            ["Expected local jobs", project.expected_jobs or 0],
            [],
            ["Demonstration data: not an official financial model."],
        ]
        content = build_xlsx("Financial model", rows)
        return SimpleUploadedFile(
            f"{project.reference}-{slug}.xlsx",
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    minerals = ", ".join(mineral.name for mineral in project.minerals.order_by("name"))
    location = f"{project.district.name}, {project.region.name}" if project.district else ""
    sections = [
        ("Project", f"{project.reference}. {project.summary}"),
        (
            "Location and access",
            f"{location} ({project.latitude:.2f} N, {project.longitude:.2f} E). "
            + (f"Corridor: {project.corridor}. " if project.corridor else "")
            + (
                f"About {project.distance_to_gwadar_km} km from Gwadar port."
                if project.distance_to_gwadar_km
                else ""
            ),
        ),
        ("Minerals", minerals),
        ("Geology and scope", project.description),
        (
            "Estimated reserves and grade",
            f"{project.estimated_reserves or 'Not estimated.'}\n{project.grade or ''}",
        ),
        ("Local benefits", project.training_commitment or "See the project page."),
    ]
    content = build_pdf(f"{project.title}: {document.title}", sections)
    return SimpleUploadedFile(
        f"{project.reference}-{slug}.pdf", content, content_type="application/pdf"
    )


def _attach_documents(project: Project, spec: DemoProject, *, by: User) -> tuple[int, str]:
    """Add the spec's documents the project does not have yet. Returns (added, problem)."""
    existing = set(project.documents.values_list("title", flat=True))
    added = 0
    for document in spec.documents:
        if document.title in existing:
            continue
        try:
            with transaction.atomic():
                services.add_document(
                    project,
                    by=by,
                    uploaded_file=_document_file(project, document),
                    title=document.title,
                    title_zh=DOCUMENT_TITLES[document.title][0],
                    title_ur=DOCUMENT_TITLES[document.title][1],
                    visibility=document.visibility,
                )
        except NotImplementedError:
            return added, "the document service is not available yet"
        except (DomainError, PermissionDenied) as error:
            return added, f"{document.title}: {'; '.join(getattr(error, 'messages', [error]))}"
        added += 1
    return added, ""


def _backdate(project: Project, **moments: datetime) -> None:
    """Demo backdating: move a project's timestamps into the past in one UPDATE.

    The services stamp transitions with the current time, and publication needs a deadline
    at least 7 days ahead, so a project that "closed last month" cannot be produced by them
    alone. The database constraints (closing after opening, 7-day bidding period, stamps of
    each status) still check the result. The audit trail records that it happened.
    """
    Project.objects.filter(pk=project.pk).update(**moments)
    for name, value in moments.items():
        setattr(project, name, value)
    record_event(
        action="project.demo_backdated",
        target=project,
        data={name: value.isoformat() for name, value in moments.items()},
    )


def translated_values(spec: DemoProject) -> dict[str, str]:
    """The Chinese and Urdu versions of the spec's text (`description_zh`, `grade_ur`, ...)."""
    values = {}
    for name, (chinese, urdu) in PROJECTS.get(spec.title, {}).items():
        # The spec's own title and summary translations come first (most projects have them).
        values[f"{name}_zh"] = getattr(spec, f"{name}_zh", "") or chinese
        values[f"{name}_ur"] = getattr(spec, f"{name}_ur", "") or urdu
    return values


def _complete_translations(project: Project, spec: DemoProject) -> None:
    """Demo data loaded before the Chinese and Urdu texts existed gets them: only empty
    fields are filled (an official's own edits are kept), in one UPDATE per row, recorded
    in the audit trail as `project.demo_translated`."""
    missing = {
        name: value for name, value in translated_values(spec).items() if not getattr(project, name)
    }
    filled = sorted(missing)
    with transaction.atomic():
        if missing:
            Project.objects.filter(pk=project.pk).update(**missing)
        for criterion in project.evaluation_criteria.filter(name__in=CRITERIA, name_zh=""):
            chinese, urdu = CRITERIA[criterion.name]
            criterion.name_zh, criterion.name_ur = chinese, criterion.name_ur or urdu
            criterion.save(update_fields=["name_zh", "name_ur"])
            filled.append(f"criterion {criterion.position}")
        for document in project.documents.filter(title__in=DOCUMENT_TITLES, title_zh=""):
            chinese, urdu = DOCUMENT_TITLES[document.title]
            document.title_zh, document.title_ur = chinese, document.title_ur or urdu
            document.save(update_fields=["title_zh", "title_ur"])
            filled.append(f"document {document.pk}")
        if not filled:
            return
        refresh_search_vectors([project.pk])
        record_event(action="project.demo_translated", target=project, data={"filled": filled})
        project_id = project.pk
        transaction.on_commit(
            lambda: signals.project_changed.send(
                sender=Project, project_id=project_id, event="updated"
            )
        )


def _create(
    spec: DemoProject, *, author: User, approver: User, now: datetime
) -> tuple[Project, int, str]:
    """The project, in its demo status, with (documents added, problem)."""
    timeline = spec.timeline
    opens, closes = _at(now, timeline.opens, 9), _at(now, timeline.closes, 15)
    published = None if timeline.published is None else _at(now, timeline.published, 11)
    # Publication happens today through the service, which requires 7 days of bidding from
    # now; a deadline already past (or too close) is provisional and backdated afterwards.
    earliest_deadline = now + MINIMUM_BIDDING_PERIOD + timedelta(hours=1)
    provisional = published is not None and closes < earliest_deadline
    minerals = list(Mineral.objects.filter(slug__in=spec.minerals))
    by_slug = {mineral.slug: mineral for mineral in minerals}
    values = {
        "title": spec.title,
        "title_zh": spec.title_zh,
        "title_ur": spec.title_ur,
        "summary": spec.summary,
        "summary_zh": spec.summary_zh,
        "summary_ur": spec.summary_ur,
        "description": spec.description,
        "primary_mineral": by_slug[spec.minerals[0]],
        "region": Region.objects.get(slug=spec.region),
        "district": Region.objects.get(slug=spec.district),
        "latitude": spec.latitude,
        "longitude": spec.longitude,
        "area_km2": Decimal(spec.area_km2),
        "stage": spec.stage,
        "investment_model": spec.investment_model,
        "investment_usd": spec.investment_usd,
        "estimated_reserves": spec.estimated_reserves,
        "grade": spec.grade,
        "distance_to_gwadar_km": spec.distance_to_gwadar_km,
        "special_economic_zone": spec.special_economic_zone,
        "corridor": spec.corridor,
        "expected_jobs": spec.expected_jobs,
        "training_commitment": spec.training_commitment,
        **translated_values(spec),
        "contact_official": author,
        "bid_opens_at": now if provisional else opens,
        "bid_closes_at": now + timedelta(days=30) if provisional else closes,
    }
    criteria = [
        services.Criterion(name, weight, CRITERIA[name][0], CRITERIA[name][1])
        for name, weight in spec.criteria
    ]
    project = services.create_project(
        by=author,
        values=values,
        minerals=[by_slug[slug] for slug in spec.minerals],
        criteria=criteria,
    )
    # Documents go on while the project is a draft, as an author would attach them.
    added, problem = _attach_documents(project, spec, by=author)
    if spec.status == Status.DRAFT:
        return project, added, problem
    services.submit_for_review(project, by=author)
    if spec.status == Status.IN_REVIEW:
        return project, added, problem
    services.publish_project(project, by=approver)
    if published is not None and published < now - timedelta(hours=1):
        _backdate(
            project,
            created_at=published - timedelta(days=9),
            submitted_at=published - timedelta(days=2),
            published_at=published,
            # Bidding never opens before the project is public.
            bid_opens_at=max(opens, published),
            bid_closes_at=closes,
        )
    elif project.bid_opens_at < project.published_at:
        # Published just now, with an opening time in the past: it opens on publication.
        _backdate(project, bid_opens_at=project.published_at)
    if spec.status in (Status.CLOSED, Status.UNDER_EVALUATION, Status.AWARDED):
        services.close_project(project, by=author)
        later = {"closed_at": closes + timedelta(minutes=1)}
        if spec.status != Status.CLOSED:
            services.start_evaluation(project, by=author)
            later["evaluation_started_at"] = _at(now, timeline.evaluation, 10)
        if spec.status == Status.AWARDED:
            services.award_project(project, by=approver, note=spec.award_note)
            later["awarded_at"] = _at(now, timeline.awarded, 12)
        _backdate(project, **later)
    elif spec.status == Status.CANCELLED:
        services.cancel_project(project, by=approver, reason=spec.cancellation_reason)
        if timeline.cancelled is not None:
            _backdate(project, cancelled_at=_at(now, timeline.cancelled, 16))
    return project, added, problem


def seed_projects(report: list[str]) -> None:
    sifc_approver, created = _sifc_approver()
    state = "created" if created else "exists"
    report.append(
        f"  {sifc_approver.username:<14} {sifc_approver.get_role_display()} — "
        f"{sifc_approver.agency.name} [{state}]"
    )
    users = {user.username: user for user in User.objects.filter(agency__isnull=False)}
    agencies = {agency.slug: agency for agency in Agency.objects.filter(slug__in=OWNERS)}
    now = timezone.now()
    lines, problems = [], []
    created_count = documents_added = 0
    for spec in DEMO_PROJECTS:
        author_name, approver_name = OWNERS[spec.owner]
        author, approver = users[author_name], users[approver_name]
        project = Project.objects.filter(agency=agencies[spec.owner], title=spec.title).first()
        if project is None:
            project, added, problem = _create(spec, author=author, approver=approver, now=now)
            created_count += 1
        else:  # completes the documents and translations of an earlier run, if missing
            added, problem = _attach_documents(project, spec, by=author)
            _complete_translations(project, spec)
        documents_added += added
        if problem and problem not in problems:
            problems.append(problem)
        lines.append(
            f"    {project.reference}  {project.get_status_display():<17} "
            f"{author_name:<13} {project.title}"
        )
    public = Project.objects.filter(
        agency__slug__in=OWNERS, title__in=[spec.title for spec in DEMO_PROJECTS]
    ).filter(published_at__isnull=False)
    report.append(
        f"Demo projects: {len(DEMO_PROJECTS)} ({public.count()} public; "
        f"{created_count} created now, {documents_added} documents added):"
    )
    report.extend(lines)
    report.extend(f"  Documents not attached: {problem}" for problem in problems)
