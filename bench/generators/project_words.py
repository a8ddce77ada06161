"""The vocabulary of generated projects: titles, geology, works and the words search looks for."""

from __future__ import annotations

from datetime import timedelta

from minerals.models import Mineral
from projects.models import Project

Status = Project.Status
Stage = Project.Stage
Model = Project.InvestmentModel

COMMON_WORD = "railway"  # in about a third of all projects
RARE_WORD = "heliport"  # in about one project in a thousand
COMMON_SHARE = 1 / 3
RARE_SHARE = 1 / 1000

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
GWADAR = (25.13, 62.32)

STATUS_WEIGHTS = {
    Status.PUBLISHED: 40,
    Status.CLOSED: 18,
    Status.UNDER_EVALUATION: 7,
    Status.AWARDED: 17,
    "cancelled_after_publication": 3,
    Status.DRAFT: 8,
    Status.IN_REVIEW: 4,
    Status.CANCELLED: 3,  # before publication: never public
}
STAGE_WEIGHTS = {
    Stage.EXPLORATION: 26,
    Stage.MINING: 24,
    Stage.PROCESSING: 22,
    Stage.SMELTING: 6,
    Stage.REFINING: 5,
    Stage.MANUFACTURING: 10,
    Stage.LOGISTICS: 7,
}
# Investment sought in USD (log-uniform between the bounds) and area in km², by stage.
INVESTMENT_RANGE = {
    Stage.EXPLORATION: (2e6, 60e6),
    Stage.MINING: (15e6, 2e9),
    Stage.PROCESSING: (5e6, 400e6),
    Stage.SMELTING: (150e6, 2.5e9),
    Stage.REFINING: (80e6, 1.5e9),
    Stage.MANUFACTURING: (3e6, 300e6),
    Stage.LOGISTICS: (20e6, 1.2e9),
}
AREA_RANGE = {
    Stage.EXPLORATION: (40, 2500),
    Stage.MINING: (3, 300),
    Stage.PROCESSING: (0.2, 15),
    Stage.SMELTING: (0.5, 6),
    Stage.REFINING: (0.3, 4),
    Stage.MANUFACTURING: (0.05, 3),
    Stage.LOGISTICS: (1, 80),
}
MODELS_BY_STAGE = {
    Stage.EXPLORATION: [Model.EXPLORATION_LICENCE] * 6 + [Model.JOINT_VENTURE, Model.EQUITY],
    Stage.MINING: [Model.JOINT_VENTURE] * 3 + [Model.EQUITY, Model.OFFTAKE, Model.EPC],
    Stage.PROCESSING: [Model.JOINT_VENTURE, Model.EQUITY, Model.EQUITY, Model.EPC, Model.BOT],
    Stage.SMELTING: [Model.BOT, Model.BOT, Model.JOINT_VENTURE, Model.EPC, Model.OFFTAKE],
    Stage.REFINING: [Model.BOT, Model.JOINT_VENTURE, Model.EPC, Model.OFFTAKE],
    Stage.MANUFACTURING: [Model.EQUITY, Model.EQUITY, Model.JOINT_VENTURE, Model.OFFTAKE],
    Stage.LOGISTICS: [Model.BOT, Model.BOT, Model.EPC, Model.EPC, Model.JOINT_VENTURE],
}
TITLE_NOUNS = {
    Stage.EXPLORATION: ["Exploration Block", "Prospect", "Exploration Licence Area"],
    Stage.MINING: ["Mine", "Open-Pit Mine", "Underground Mine", "Quarry"],
    Stage.PROCESSING: ["Beneficiation Plant", "Processing Plant", "Concentrator"],
    Stage.SMELTING: ["Smelter", "Smelting Complex"],
    Stage.REFINING: ["Refinery", "Refining Plant"],
    Stage.MANUFACTURING: ["Products Plant", "Industrial Park", "Manufacturing Unit"],
    Stage.LOGISTICS: ["Bulk Terminal", "Logistics Hub", "Haul Road and Conveyor"],
}
TITLE_NOUNS_ZH = {
    Stage.EXPLORATION: "勘探区块",
    Stage.MINING: "矿山",
    Stage.PROCESSING: "选矿厂",
    Stage.SMELTING: "冶炼厂",
    Stage.REFINING: "精炼厂",
    Stage.MANUFACTURING: "制品厂",
    Stage.LOGISTICS: "物流枢纽",
}
TITLE_NOUNS_UR = {
    Stage.EXPLORATION: "ایکسپلوریشن بلاک",
    Stage.MINING: "کان",
    Stage.PROCESSING: "پروسیسنگ پلانٹ",
    Stage.SMELTING: "سملٹر",
    Stage.REFINING: "ریفائنری",
    Stage.MANUFACTURING: "مصنوعات پلانٹ",
    Stage.LOGISTICS: "لاجسٹکس مرکز",
}
MODEL_OPENINGS = {
    Model.JOINT_VENTURE: "Joint-venture partner sought",
    Model.EQUITY: "Equity investor sought",
    Model.EPC: "EPC contractor sought",
    Model.BOT: "Build-operate-transfer concession offered",
    Model.OFFTAKE: "Offtake partner sought",
    Model.EXPLORATION_LICENCE: "Exploration licence offered",
}
STAGE_PHRASES = {
    Stage.EXPLORATION: "exploration and resource definition",
    Stage.MINING: "mine development",
    Stage.PROCESSING: "beneficiation and processing",
    Stage.SMELTING: "smelting",
    Stage.REFINING: "refining",
    Stage.MANUFACTURING: "mineral-based manufacturing",
    Stage.LOGISTICS: "logistics and infrastructure",
}
GEOLOGY = {
    Mineral.Category.METALLIC: [
        "porphyry",
        "skarn",
        "volcanogenic massive sulphide",
        "sediment-hosted",
        "epithermal vein",
        "ophiolite-hosted",
        "lateritic",
        "shear-zone",
    ],
    Mineral.Category.INDUSTRIAL: [
        "bedded",
        "evaporite",
        "residual",
        "sedimentary",
        "metamorphic",
        "hydrothermal",
        "karst-filling",
    ],
    Mineral.Category.ENERGY: ["lignite-seam", "sub-bituminous", "coal-measure"],
    Mineral.Category.PRECIOUS: [
        "pegmatite",
        "hydrothermal vein",
        "talc-carbonate schist",
        "marble-hosted",
        "alluvial",
    ],
    Mineral.Category.RARE_EARTH: [
        "carbonatite",
        "alkaline intrusion",
        "pegmatite",
        "ion-adsorption clay",
        "graphitic schist",
    ],
}
SURVEYS = [
    "regional mapping at 1:50,000",
    "stream-sediment geochemistry",
    "airborne magnetics",
    "induced polarisation surveys",
    "trenching and channel sampling",
    "soil geochemistry",
    "ground gravity",
    "hyperspectral satellite imagery",
    "historic adits and pits",
    "a Soviet-era reconnaissance report",
]
WORKS = {
    Stage.EXPLORATION: [
        "complete {n} m of diamond drilling",
        "prepare a resource estimate to the JORC Code",
        "map the licence area at 1:10,000",
        "run metallurgical tests on bulk samples",
    ],
    Stage.MINING: [
        "develop an open pit with a {n} t/day fleet",
        "sink a decline to the deeper lenses",
        "install primary crushing at the pit rim",
        "build a haul road and camp",
    ],
    Stage.PROCESSING: [
        "install flotation cells",
        "build a dense-media separation plant",
        "add wet high-intensity magnetic separators",
        "commission a pelletising line",
        "build a calcination kiln",
        "install gang saws and polishing lines",
    ],
    Stage.SMELTING: [
        "build a flash smelter",
        "add a converter aisle and anode furnaces",
        "install a sulphuric acid plant",
        "build a submerged arc furnace for ferroalloys",
    ],
    Stage.REFINING: [
        "build an electrolytic tankhouse",
        "install solvent extraction and electrowinning",
        "commission a precious-metals refinery",
    ],
    Stage.MANUFACTURING: [
        "produce tiles and slabs for export",
        "manufacture ceramic and refractory products",
        "make fertiliser from the concentrate",
        "produce cement clinker",
        "draw copper wire rod",
    ],
    Stage.LOGISTICS: [
        "build a conveyor to the highway",
        "develop a bulk export berth",
        "build a truck staging yard",
        "set up a container freight station",
    ],
}
WATER = [
    "a desalination plant",
    "recycled process water",
    "a tube-well field",
    "a small dam upstream",
    "the canal network",
    "treated mine water",
]
POWER = [
    "the national grid",
    "a solar and battery plant",
    "captive gas engines",
    "a hybrid wind-solar farm",
    "a run-of-river hydropower plant",
]
COMMUNITIES = [
    "local jirgas",
    "the district administration",
    "village committees",
    "women's cooperatives",
    "tribal elders",
    "the provincial labour department",
]
TOPICS = ["hiring", "land access", "water sharing", "health services", "schooling", "road safety"]
RAILWAY_DETAILS = [
    "is planned within 30 km of the site",
    "serves the nearest town",
    "links the area to Karachi and Port Qasim",
    "is part of the ML-1 upgrade",
    "would shorten haulage to the coast",
]
SEZ_BY_PROVINCE = {
    "balochistan": [
        "Bostan Special Economic Zone",
        "Hub Special Economic Zone",
        "Gwadar Free Zone",
    ],
    "sindh": ["Dhabeji Special Economic Zone", "Bin Qasim Industrial Park"],
    "khyber-pakhtunkhwa": ["Rashakai Special Economic Zone", "Hattar Special Economic Zone"],
    "punjab": ["Allama Iqbal Industrial City", "M-3 Industrial City"],
    "gilgit-baltistan": ["Moqpondass Special Economic Zone"],
    "azad-jammu-and-kashmir": ["Bhimber Special Economic Zone"],
    "islamabad-capital-territory": ["ICT Model Industrial Zone"],
}
CORRIDORS_BY_PROVINCE = {
    "balochistan": ["Nokundi–Mashkel–Turbat–Gwadar", "N-25 Karachi–Quetta–Chaman", "N-85"],
    "sindh": ["Thar coal rail link to Port Qasim", "M-9 Karachi–Hyderabad"],
    "khyber-pakhtunkhwa": ["CPEC Western Route", "N-45 via the Lowari Tunnel"],
    "punjab": ["M-2 Lahore–Islamabad", "CPEC Eastern Route"],
    "gilgit-baltistan": ["Karakoram Highway (N-35)"],
    "azad-jammu-and-kashmir": ["Neelum Valley Road"],
    "islamabad-capital-territory": ["M-1 Islamabad–Peshawar"],
}
CRITERIA_SCHEMES = [
    (("Technical capability", 40), ("Financial offer", 40), ("Local benefits", 20)),
    (
        ("Technical capability and mining plan", 30),
        ("Financial offer and funding plan", 30),
        ("Local employment and training", 20),
        ("Environmental and social management", 20),
    ),
    (
        ("Process technology and recovery", 35),
        ("Financial offer", 25),
        ("Value added in Pakistan", 20),
        ("Local employment and training", 10),
        ("Environmental safeguards", 10),
    ),
    (
        ("Exploration work programme", 40),
        ("Committed exploration spending", 30),
        ("Track record in similar geology", 20),
        ("Community engagement", 10),
    ),
    (("Price", 60), ("Delivery schedule", 25), ("Quality assurance", 15)),
]
FEDERAL_AGENCY_WEIGHTS = {
    "ministry-of-energy-petroleum-division": 45,
    "sifc": 25,
    "pmdc": 20,
    "board-of-investment": 10,
}
