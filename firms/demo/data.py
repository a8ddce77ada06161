# ruff: noqa: E501 (sentences in Chinese and Urdu read better unbroken)
"""The demo firms: companies named in the news of the Pak-China Mineral Cooperation Forum and
other real firms of the sector.

Everything here is illustrative. The registration numbers are made up so that they pass the
validators (a Unified Social Credit Code with a correct check character, a seven-digit SECP
CUIN); they are NOT the firms' real numbers. Capital ranges, years and descriptions are
rounded public impressions, not statements by the firms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from firms.validators import uscc_check_character


def uscc(division: str, organisation: str) -> str:
    """An illustrative Unified Social Credit Code: "91" (a company registered with the market
    regulator), a six-digit division code, nine characters, and the computed check."""
    first_17 = f"91{division}{organisation}"
    return first_17 + uscc_check_character(first_17)


@dataclass(frozen=True)
class DemoFirm:
    name: str
    name_zh: str
    name_ur: str
    country: str
    registration_number: str
    kind: str
    city: tuple[str, str, str]  # English, Chinese, Urdu
    description: tuple[str, str, str]
    capabilities: tuple[str, ...]
    minerals: tuple[str, ...]
    regions: tuple[str, ...]
    capital: tuple[int | None, int | None]
    years: int
    website: str = ""
    pakistan_office: str = ""
    status: str = "verified"
    rejection_reason: str = ""
    people: tuple[str, ...] = field(default=())  # demo usernames: the owner first


MILLION = 1_000_000
BILLION = 1_000 * MILLION

CHINESE_FIRMS = [
    DemoFirm(
        "POWERCHINA International Group Limited",
        "中国电建集团国际工程有限公司（中国电建国际）",
        "پاور چائنا انٹرنیشنل گروپ لمیٹڈ",
        "CN",
        uscc("110000", "MA00PC101"),
        "state_owned",
        ("Beijing", "北京", "بیجنگ"),
        (
            "International arm of POWERCHINA: power, mine infrastructure and coal-fired plants "
            "at Port Qasim and in Thar.",
            "中国电建的国际业务平台：电力、矿山基础设施，以及卡西姆港和塔尔的燃煤电站。",
            "پاور چائنا کا بین الاقوامی ادارہ: بجلی، کان کنی کا بنیادی ڈھانچہ، پورٹ قاسم اور تھر میں کوئلے کے بجلی گھر۔",
        ),
        ("mining", "logistics", "manufacturing"),
        ("coal", "limestone"),
        ("sindh", "punjab", "balochistan"),
        (500 * MILLION, 3 * BILLION),
        35,
        "https://www.powerchina.cn",
        "Islamabad",
        people=("powerchina_owner",),
    ),
    DemoFirm(
        "MCCT International Limited",
        "中冶通国际有限公司",
        "ایم سی سی ٹی انٹرنیشنل لمیٹڈ",
        "CN",
        uscc("110000", "MA00MCT02"),
        "state_owned",
        ("Beijing", "北京", "بیجنگ"),
        (
            "Engineering and contracting for metallurgical plants: concentrators, smelters and "
            "refineries, from design to commissioning.",
            "冶金工程设计与总承包：选矿厂、冶炼厂和精炼厂，从设计到投产。",
            "دھات کاری کے کارخانوں کی انجینئرنگ اور ٹھیکے: کنسنٹریٹر، سمیلٹر اور ریفائنریاں، ڈیزائن سے آغاز تک۔",
        ),
        ("processing", "smelting", "refining"),
        ("copper", "gold", "zinc", "lead"),
        ("balochistan",),
        (100 * MILLION, 800 * MILLION),
        20,
        "",
        "Islamabad",
        people=("mcct_owner", "cn_firm"),
    ),
    DemoFirm(
        "MCC Resources Development Company Limited (Saindak)",
        "中冶资源开发有限公司（山达克）",
        "ایم سی سی ریسورسز ڈویلپمنٹ کمپنی لمیٹڈ (سیندک)",
        "CN",
        uscc("110000", "MA00MRD03"),
        "state_owned",
        ("Beijing", "北京", "بیجنگ"),
        (
            "Operates the Saindak copper-gold mine and concentrator in Chagai since 2002.",
            "自2002年起运营查盖地区的山达克铜金矿及选矿厂。",
            "۲۰۰۲ سے چاغی میں سیندک تانبے اور سونے کی کان اور کنسنٹریٹر چلا رہی ہے۔",
        ),
        ("mining", "processing", "smelting"),
        ("copper", "gold", "silver"),
        ("balochistan",),
        (200 * MILLION, 1 * BILLION),
        22,
        "",
        "Saindak, Chagai",
        people=("mccr_owner",),
    ),
    DemoFirm(
        "China Metallurgical Group Corporation (MCC)",
        "中国冶金科工集团有限公司",
        "چائنا میٹالرجیکل گروپ کارپوریشن",
        "CN",
        uscc("110000", "MA00MCC04"),
        "state_owned",
        ("Beijing", "北京", "بیجنگ"),
        (
            "Metallurgical engineering and mining group; parent of the Saindak and Duddar "
            "operators in Balochistan.",
            "冶金工程与矿业集团；俾路支省山达克和杜达尔项目运营方的母公司。",
            "دھات کاری انجینئرنگ اور کان کنی کا گروپ؛ بلوچستان میں سیندک اور دودر کے منصوبے چلانے والوں کی مالک کمپنی۔",
        ),
        ("exploration", "mining", "processing", "smelting"),
        ("copper", "gold", "lead", "zinc"),
        ("balochistan",),
        (1 * BILLION, 5 * BILLION),
        70,
        "https://www.mccchina.com",
        "Islamabad",
    ),
    DemoFirm(
        "Zijin Mining Group Co., Ltd.",
        "紫金矿业集团股份有限公司",
        "زیجن مائننگ گروپ",
        "CN",
        uscc("350800", "MA00XJM05"),
        "listed",
        ("Shanghang, Fujian", "福建上杭", "شانگ ہانگ، فوجیان"),
        (
            "Gold, copper, zinc and lithium miner with operations on six continents.",
            "在六大洲开展业务的金、铜、锌和锂矿企业。",
            "سونے، تانبے، زنک اور لیتھیم کی کان کنی کرنے والی کمپنی، چھ براعظموں میں سرگرم۔",
        ),
        ("exploration", "mining", "processing", "smelting", "refining"),
        ("gold", "copper", "zinc", "lithium"),
        ("balochistan", "gilgit-baltistan", "khyber-pakhtunkhwa"),
        (300 * MILLION, 2 * BILLION),
        30,
        "https://www.zijinmining.com",
        people=("zijin_owner",),
    ),
    DemoFirm(
        "China Railway Resources Group Co., Ltd.",
        "中铁资源集团有限公司",
        "چائنا ریلوے ریسورسز گروپ",
        "CN",
        uscc("110000", "MA00CRR06"),
        "state_owned",
        ("Beijing", "北京", "بیجنگ"),
        (
            "Mining arm of China Railway Group: copper, cobalt and manganese, with the rail "
            "links that carry ore to port.",
            "中国中铁的矿业板块：铜、钴、锰，以及将矿石运往港口的铁路。",
            "چائنا ریلوے گروپ کا کان کنی کا شعبہ: تانبا، کوبالٹ اور مینگنیز، اور خام دھات کو بندرگاہ تک لے جانے والی ریل۔",
        ),
        ("mining", "processing", "logistics"),
        ("copper", "cobalt", "manganese", "iron-ore"),
        ("balochistan", "khyber-pakhtunkhwa"),
        (200 * MILLION, 1500 * MILLION),
        15,
    ),
    DemoFirm(
        "Jiangxi Copper Company Limited",
        "江西铜业股份有限公司",
        "جیانگشی کاپر کمپنی لمیٹڈ",
        "CN",
        uscc("360000", "MA00JXC07"),
        "listed",
        ("Nanchang, Jiangxi", "江西南昌", "نان چانگ، جیانگشی"),
        (
            "China's largest copper producer: mines, smelters and refineries, and sulphuric acid "
            "from smelter gas.",
            "中国最大的铜生产商：矿山、冶炼厂和精炼厂，并利用冶炼烟气生产硫酸。",
            "چین میں تانبے کی سب سے بڑی پیداواری کمپنی: کانیں، سمیلٹر اور ریفائنریاں۔",
        ),
        ("mining", "smelting", "refining", "manufacturing"),
        ("copper", "gold", "silver", "sulphur"),
        ("balochistan",),
        (500 * MILLION, 2 * BILLION),
        45,
        "https://www.jxcc.com",
    ),
    DemoFirm(
        "China Nonferrous Metal Mining (Group) Co., Ltd. (CNMC)",
        "中国有色矿业集团有限公司",
        "چائنا نان فیرس میٹل مائننگ گروپ",
        "CN",
        uscc("110000", "MA00CNM08"),
        "state_owned",
        ("Beijing", "北京", "بیجنگ"),
        (
            "Non-ferrous metals from exploration to smelting: copper, cobalt, rare earths.",
            "从勘探到冶炼的有色金属业务：铜、钴、稀土。",
            "غیر آہنی دھاتیں، تلاش سے پگھلاؤ تک: تانبا، کوبالٹ، نایاب زمینی عناصر۔",
        ),
        ("exploration", "mining", "smelting"),
        ("copper", "cobalt", "rare-earth-elements", "nickel"),
        ("balochistan", "khyber-pakhtunkhwa"),
        (300 * MILLION, 2 * BILLION),
        40,
    ),
    DemoFirm(
        "China Machinery Engineering Corporation (CMEC)",
        "中国机械设备工程股份有限公司",
        "چائنا مشینری انجینئرنگ کارپوریشن",
        "CN",
        uscc("110000", "MA00CME09"),
        "listed",
        ("Beijing", "北京", "بیجنگ"),
        (
            "Engineering, procurement and construction for mine-mouth power and processing plants.",
            "坑口电站和加工厂的设计、采购与施工总承包。",
            "کان کے دہانے پر بجلی گھروں اور پراسیسنگ پلانٹس کی انجینئرنگ اور تعمیر۔",
        ),
        ("processing", "logistics"),
        ("coal",),
        ("sindh",),
        (100 * MILLION, 1 * BILLION),
        45,
        status="pending",
        people=("cmec_owner",),
    ),
]

PAKISTANI_FIRMS = [
    DemoFirm(
        "Pakistan Mineral Development Corporation (PMDC)",
        "巴基斯坦矿产开发公司",
        "پاکستان منرل ڈویلپمنٹ کارپوریشن",
        "PK",
        "0000974",
        "state_owned",
        ("Islamabad", "伊斯兰堡", "اسلام آباد"),
        (
            "State mining company: the Khewra, Warcha and Kalabagh salt mines, coal at "
            "Lakhra and Degari, and gypsum.",
            "国有矿业公司：开采凯沃拉、瓦尔恰和卡拉巴格盐矿，拉卡拉和德加里煤矿以及石膏。",
            "سرکاری کان کنی کمپنی: کھیوڑہ، وارچھا اور کالاباغ کی نمک کی کانیں، لاکھڑا اور ڈیگاری کا کوئلہ، اور جپسم۔",
        ),
        ("exploration", "mining", "processing"),
        ("rock-salt", "coal", "gypsum", "silica-sand"),
        ("punjab", "sindh", "balochistan"),
        (10 * MILLION, 150 * MILLION),
        50,
        "https://www.pmdc.gov.pk",
        people=("pmdc_owner",),
    ),
    DemoFirm(
        "Wah Nobel (Pvt) Limited",
        "瓦赫诺贝尔（私人）有限公司",
        "واہ نوبل (پرائیویٹ) لمیٹڈ",
        "PK",
        "0002563",
        "joint_venture",
        ("Wah Cantt", "瓦赫", "واہ کینٹ"),
        (
            "Commercial explosives and blasting services for mines and quarries across Pakistan.",
            "为巴基斯坦各地矿山和采石场提供工业炸药和爆破服务。",
            "پاکستان بھر کی کانوں اور کانوں سے پتھر نکالنے کے لیے تجارتی دھماکہ خیز مواد اور بلاسٹنگ خدمات۔",
        ),
        ("mining", "manufacturing"),
        ("coal", "limestone", "copper"),
        ("punjab", "khyber-pakhtunkhwa", "balochistan", "sindh"),
        (5 * MILLION, 60 * MILLION),
        40,
        "https://www.wahnobel.com",
        people=("wahnobel_owner", "pk_firm"),
    ),
    DemoFirm(
        "JW Corporation (Private) Limited",
        "JW公司（私人）有限公司",
        "جے ڈبلیو کارپوریشن (پرائیویٹ) لمیٹڈ",
        "PK",
        "3456712-4",
        "private",
        ("Lahore", "拉合尔", "لاہور"),
        (
            "Industrial group seeking partners for a mineral processing zone.",
            "寻求矿产加工园区合作伙伴的工业集团。",
            "معدنی پراسیسنگ زون کے لیے شراکت دار تلاش کرنے والا صنعتی گروپ۔",
        ),
        ("processing", "manufacturing"),
        ("marble", "granite"),
        ("punjab",),
        (2 * MILLION, 20 * MILLION),
        12,
        status="rejected",
        rejection_reason=(
            "The National Tax Number on the entry does not match the tax registration "
            "certificate uploaded. Correct the number or upload the right certificate, then "
            "resubmit."
        ),
        people=("jw_owner",),
    ),
    DemoFirm(
        "Pak China Investment Company Limited",
        "巴中投资有限责任公司",
        "پاک چائنا انویسٹمنٹ کمپنی لمیٹڈ",
        "PK",
        "0061874",
        "joint_venture",
        ("Islamabad", "伊斯兰堡", "اسلام آباد"),
        (
            "Development finance institution owned by the governments of Pakistan and China: "
            "project finance and equity for mining and processing ventures.",
            "由巴中两国政府共同持有的开发性金融机构：为矿业和加工项目提供项目融资和股权投资。",
            "پاکستان اور چین کی حکومتوں کا مشترکہ ترقیاتی مالیاتی ادارہ: کان کنی اور پراسیسنگ منصوبوں کے لیے سرمایہ۔",
        ),
        ("logistics",),
        ("copper", "coal", "iron-ore"),
        ("punjab", "sindh", "balochistan", "khyber-pakhtunkhwa"),
        (20 * MILLION, 300 * MILLION),
        17,
        "https://www.pakchinainvest.com",
        people=("pcic_owner",),
    ),
    DemoFirm(
        "Sindh Engro Coal Mining Company Limited",
        "信德恩格罗煤矿公司",
        "سندھ اینگرو کول مائننگ کمپنی",
        "PK",
        "0076329",
        "joint_venture",
        ("Karachi", "卡拉奇", "کراچی"),
        (
            "Open-pit lignite mine in Thar Block II, supplying mine-mouth power plants.",
            "塔尔二区露天褐煤矿，为坑口电站供煤。",
            "تھر بلاک دو میں کھلی کان سے لگنائٹ، کان کے دہانے کے بجلی گھروں کو فراہم کرتی ہے۔",
        ),
        ("mining", "logistics"),
        ("coal",),
        ("sindh",),
        (100 * MILLION, 1 * BILLION),
        15,
        "https://www.secmc.com.pk",
    ),
    DemoFirm(
        "Lucky Cement Limited (Lucky Minerals)",
        "幸运水泥有限公司（幸运矿业）",
        "لکی سیمنٹ لمیٹڈ (لکی منرلز)",
        "PK",
        "0013847",
        "listed",
        ("Karachi", "卡拉奇", "کراچی"),
        (
            "Cement maker with limestone and clay quarries in Khyber Pakhtunkhwa and Punjab; "
            "Lucky Minerals explores for metallic minerals.",
            "在开伯尔-普什图赫瓦省和旁遮普省拥有石灰石和黏土采场的水泥企业；幸运矿业勘探金属矿产。",
            "خیبر پختونخوا اور پنجاب میں چونے کے پتھر اور مٹی کی کانوں والی سیمنٹ کمپنی؛ لکی منرلز دھاتی معدنیات کی تلاش کرتی ہے۔",
        ),
        ("exploration", "mining", "manufacturing"),
        ("limestone", "gypsum", "china-clay", "copper"),
        ("khyber-pakhtunkhwa", "punjab", "balochistan"),
        (50 * MILLION, 500 * MILLION),
        30,
        "https://www.lucky-cement.com",
    ),
    DemoFirm(
        "Balochistan Mineral Resources Limited",
        "俾路支省矿产资源有限公司",
        "بلوچستان منرل ریسورسز لمیٹڈ",
        "PK",
        "0143520",
        "state_owned",
        ("Quetta", "奎达", "کوئٹہ"),
        (
            "Holds the Government of Balochistan's share in the Reko Diq copper-gold project.",
            "持有俾路支省政府在雷科迪克铜金项目中的股份。",
            "ریکوڈک تانبے اور سونے کے منصوبے میں حکومت بلوچستان کا حصہ رکھتی ہے۔",
        ),
        ("exploration", "mining"),
        ("copper", "gold"),
        ("balochistan",),
        (None, 500 * MILLION),
        3,
    ),
    DemoFirm(
        "Frontier Works Organization (FWO)",
        "边境工程组织",
        "فرنٹیئر ورکس آرگنائزیشن",
        "PK",
        "0098112",
        "state_owned",
        ("Rawalpindi", "拉瓦尔品第", "راولپنڈی"),
        (
            "Roads, tunnels and mining: works on the Nokundi–Mashkel–Turbat–Gwadar corridor and "
            "coal mining in Thar.",
            "道路、隧道与采矿：承建诺昆迪—马什克尔—图尔伯德—瓜达尔走廊，并在塔尔采煤。",
            "سڑکیں، سرنگیں اور کان کنی: نوکنڈی–ماشکیل–تربت–گوادر راہداری پر کام اور تھر میں کوئلے کی کان کنی۔",
        ),
        ("mining", "logistics"),
        ("coal", "limestone", "iron-ore"),
        ("balochistan", "sindh", "gilgit-baltistan"),
        (50 * MILLION, 1 * BILLION),
        55,
        "https://www.fwo.com.pk",
    ),
    DemoFirm(
        "Fauji Fertilizer Bin Qasim Limited (FFBL)",
        "法吉化肥宾卡西姆有限公司",
        "فوجی فرٹیلائزر بن قاسم لمیٹڈ",
        "PK",
        "0027513",
        "listed",
        ("Rawalpindi", "拉瓦尔品第", "راولپنڈی"),
        (
            "Phosphate and nitrogen fertilisers at Port Qasim; interest in rock phosphate from "
            "Hazara.",
            "在卡西姆港生产磷肥和氮肥；关注哈扎拉地区的磷矿石。",
            "پورٹ قاسم پر فاسفیٹ اور نائٹروجن کھادیں؛ ہزارہ کے فاسفیٹ پتھر میں دلچسپی۔",
        ),
        ("processing", "manufacturing"),
        ("phosphate", "sulphur"),
        ("khyber-pakhtunkhwa", "sindh"),
        (20 * MILLION, 200 * MILLION),
        30,
    ),
]

DEMO_FIRMS = CHINESE_FIRMS + PAKISTANI_FIRMS
