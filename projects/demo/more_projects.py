"""More demo projects: the critical minerals the ministers asked for (copper, antimony, tungsten,
rare earths, chromite, lithium) and the Nokundi–Mashkel–Turbat–Gwadar corridor."""

from __future__ import annotations

from emining.demo import MOE_PD

from .specs import (
    EXPLORATION_CRITERIA,
    FEASIBILITY_SUMMARY,
    FINANCIAL_MODEL,
    GEOLOGICAL_REPORT,
    MINING_CRITERIA,
    NMTG,
    PROCESSING_CRITERIA,
    SIFC,
    SMELTER_CRITERIA,
    DemoProject,
    Model,
    Stage,
    Status,
    Timeline,
)

MORE_PROJECTS: tuple[DemoProject, ...] = (
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
