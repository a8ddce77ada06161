"""The projects the forum's speakers named (Saindak, Thar, Duddar, granite from Turbat) and
others that show every stage of a project's life."""

from __future__ import annotations

from emining.demo import MOE_PD

from .specs import (
    FEASIBILITY_SUMMARY,
    FINANCIAL_MODEL,
    GEOLOGICAL_REPORT,
    MINING_CRITERIA,
    NMTG,
    PROCESSING_CRITERIA,
    DemoProject,
    Model,
    Stage,
    Status,
    Timeline,
)

SHOWCASE_PROJECTS: tuple[DemoProject, ...] = (
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
)
