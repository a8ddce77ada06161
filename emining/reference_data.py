"""Agencies whose officials use the portal. Loaded by a migration and kept current by
`ensure_agencies()`, so production and demo databases agree on the same records."""

from __future__ import annotations

AGENCIES: list[dict[str, str]] = [
    {
        "slug": "ministry-of-energy-petroleum-division",
        "acronym": "MoE-PD",
        "name": "Ministry of Energy (Petroleum Division)",
        "name_zh": "能源部（石油司）",
        "name_ur": "وزارتِ توانائی (پیٹرولیم ڈویژن)",
        "level": "federal",
        "jurisdiction": "Pakistan",
        "website": "https://mpnr.gov.pk",
    },
    {
        "slug": "ministry-of-planning",
        "acronym": "MoPD&SI",
        "name": "Ministry of Planning, Development & Special Initiatives",
        "name_zh": "规划、发展和特别倡议部",
        "name_ur": "وزارتِ منصوبہ بندی، ترقی و خصوصی اقدامات",
        "level": "federal",
        "jurisdiction": "Pakistan",
        "website": "https://www.pc.gov.pk",
    },
    {
        "slug": "board-of-investment",
        "acronym": "BOI",
        "name": "Board of Investment",
        "name_zh": "投资局",
        "name_ur": "بورڈ آف انویسٹمنٹ",
        "level": "federal",
        "jurisdiction": "Pakistan",
        "website": "https://invest.gov.pk",
    },
    {
        "slug": "sifc",
        "acronym": "SIFC",
        "name": "Special Investment Facilitation Council (SIFC)",
        "name_zh": "特别投资便利委员会（SIFC）",
        "name_ur": "خصوصی سرمایہ کاری سہولت کونسل (SIFC)",
        "level": "federal",
        "jurisdiction": "Pakistan",
        "website": "https://www.sifc.gov.pk",
    },
    {
        "slug": "pmdc",
        "acronym": "PMDC",
        "name": "Pakistan Mineral Development Corporation (PMDC)",
        "name_zh": "巴基斯坦矿产开发公司（PMDC）",
        "name_ur": "پاکستان منرل ڈویلپمنٹ کارپوریشن (PMDC)",
        "level": "federal",
        "jurisdiction": "Pakistan",
        "website": "https://www.pmdc.gov.pk",
    },
    {
        "slug": "mines-minerals-balochistan",
        "acronym": "M&MD Balochistan",
        "name": "Mines & Minerals Development Department, Balochistan",
        "name_zh": "俾路支省矿山与矿产开发厅",
        "name_ur": "محکمہ معدنیات و معدنی ترقی، بلوچستان",
        "level": "provincial",
        "jurisdiction": "Balochistan",
        "website": "",
    },
    {
        "slug": "mines-minerals-khyber-pakhtunkhwa",
        "acronym": "MDD KP",
        "name": "Minerals Development Department, Khyber Pakhtunkhwa",
        "name_zh": "开伯尔-普赫图赫瓦省矿产开发厅",
        "name_ur": "محکمہ معدنی ترقی، خیبر پختونخوا",
        "level": "provincial",
        "jurisdiction": "Khyber Pakhtunkhwa",
        "website": "",
    },
    {
        "slug": "mines-minerals-punjab",
        "acronym": "M&MD Punjab",
        "name": "Mines & Minerals Department, Punjab",
        "name_zh": "旁遮普省矿山与矿产厅",
        "name_ur": "محکمہ معدنیات، پنجاب",
        "level": "provincial",
        "jurisdiction": "Punjab",
        "website": "",
    },
    {
        "slug": "mines-minerals-sindh",
        "acronym": "M&MDD Sindh",
        "name": "Mines & Mineral Development Department, Sindh",
        "name_zh": "信德省矿山与矿产开发厅",
        "name_ur": "محکمہ معدنیات و معدنی ترقی، سندھ",
        "level": "provincial",
        "jurisdiction": "Sindh",
        "website": "",
    },
    {
        "slug": "mines-minerals-gilgit-baltistan",
        "acronym": "M&MD GB",
        "name": "Mines & Minerals Department, Gilgit-Baltistan",
        "name_zh": "吉尔吉特-巴尔蒂斯坦矿山与矿产厅",
        "name_ur": "محکمہ معدنیات، گلگت بلتستان",
        "level": "provincial",
        "jurisdiction": "Gilgit-Baltistan",
        "website": "",
    },
]


def upsert_agencies(agency_model) -> int:
    """Create or update every agency above; returns how many rows changed.

    Takes the model class so that the data migration can pass its historical model.
    """
    changed = 0
    for row in AGENCIES:
        defaults = {k: v for k, v in row.items() if k != "slug"}
        agency, created = agency_model.objects.get_or_create(slug=row["slug"], defaults=defaults)
        if created:
            changed += 1
            continue
        stale = {k: v for k, v in defaults.items() if getattr(agency, k) != v}
        if stale:
            agency_model.objects.filter(pk=agency.pk).update(**stale)
            changed += 1
    return changed
