"""Reference data of the demo district: regions, industries and the 2011 SME size rules.

Industry codes are real GB/T 4754-2017 小类 codes with their 门类 letter; each carries the SME
size group of the 2011 SME size rules (300号文) it falls in and the parameters its figures are drawn from.

Examples:
    >>> INDUSTRIES_BY_CODE["C3985"].name
    '电子专用材料制造'
    >>> INDUSTRIES_BY_CODE["I6513"].group
    'software'
    >>> SIZE_RULES["industry"]["employees"]
    (1000.0, 300.0, 20.0)
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "FALLBACK_REGIONS",
    "INDUSTRIES",
    "INDUSTRIES_BY_CODE",
    "SIZE_CLASSES",
    "SIZE_GROUPS",
    "SIZE_RULES",
    "Industry",
    "city_of",
    "district_regions",
    "province_of",
]

SIZE_CLASSES: tuple[str, ...] = ("large", "medium", "small", "micro")
"""Size classes, biggest first (大型, 中型, 小型, 微型)."""

_SIZE_PARAMETER = re.compile(
    r"(?P<group>[a-z_]+)_(?P<indicator>employees|revenue|assets)_(?P<tier>large|medium|small)_min"
)
_TIERS = ("large", "medium", "small")
_RECORD_FIELD = {"employees": "employees", "revenue": "revenue", "assets": "total_assets"}


def _size_rules() -> dict[str, dict[str, tuple[float, float, float]]]:
    """Group id -> indicator -> (large, medium, small) lower bounds, read from the sme_size pack.

    The demo places firms exactly on and just below these lines, so it reads them from the rules the
    platform applies instead of keeping a copy.
    """
    from littlegiant.rules import pack_for

    as_of = dt.date(2025, 6, 30)
    bounds: dict[str, dict[str, dict[str, float]]] = {}
    for name, value in pack_for("sme_size", as_of).parameter_values(as_of).items():
        match = _SIZE_PARAMETER.fullmatch(name)
        if match:
            indicator = _RECORD_FIELD[match["indicator"]]
            bounds.setdefault(match["group"], {}).setdefault(indicator, {})[match["tier"]] = value
    return {
        group: {
            indicator: tuple(tiers[t] for t in _TIERS)  # type: ignore[misc]
            for indicator, tiers in indicators.items()
        }
        for group, indicators in bounds.items()
    }


SIZE_RULES: dict[str, dict[str, tuple[float, float, float]]] = _size_rules()
SIZE_GROUPS: tuple[str, ...] = tuple(SIZE_RULES)


@dataclass(frozen=True, slots=True)
class Industry:
    """One GB/T 4754-2017 小类 and how its firms' figures are drawn.

    ``revenue_median`` is in 万元, ``productivity`` is revenue per employee (万元), ``asset_ratio``
    is total assets / revenue, ``rd_percent`` and ``margin_percent`` are typical R&D intensity and
    net margin (percent), ``tech`` (0 to 1) is how likely its firms hold innovation titles.
    """

    code: str
    name: str
    group: str
    weight: float
    revenue_median: float
    revenue_sigma: float
    productivity: float
    asset_ratio: float
    rd_percent: float
    margin_percent: float
    tech: float
    stems: tuple[str, ...]

    @property
    def manufacturing(self) -> bool:
        """Whether the industry is 制造业 (门类 C)."""
        return self.code.startswith("C")


def _ind(code: str, name: str, group: str, weight: float, shape: str, stems: str) -> Industry:
    median, sigma, productivity, assets, rd, margin, tech = (float(v) for v in shape.split())
    return Industry(
        code,
        name,
        group,
        weight,
        median,
        sigma,
        productivity,
        assets,
        rd,
        margin,
        tech,
        tuple(stems.split()),
    )


# shape = "revenue_median sigma productivity asset_ratio rd% margin% tech"
# fmt: off
INDUSTRIES: tuple[Industry, ...] = (
    _ind("A0164", "茶叶种植", "agriculture", 0.6, "150 1.2 12 1.6 0.3 6 0.1", "茶业有限公司 生态农业有限公司 茶叶有限公司"),
    _ind("A0143", "花卉种植", "agriculture", 0.3, "120 1.2 10 1.4 0.3 5 0.1", "园艺有限公司 花卉有限公司"),
    _ind("A0511", "种子种苗培育活动", "agriculture", 0.2, "200 1.3 15 1.5 2.5 6 0.5", "种业有限公司 农业科技有限公司"),
    _ind("C3985", "电子专用材料制造", "industry", 2.0, "2500 1.4 80 1.1 4.5 7 1.0", "电子材料有限公司 新材料科技有限公司 半导体材料有限公司"),
    _ind("C3976", "光电子器件制造", "industry", 1.2, "2200 1.4 75 1.1 5 7 1.0", "光电科技有限公司 光电子有限公司"),
    _ind("C3973", "集成电路制造", "industry", 0.5, "4000 1.5 90 1.6 8 6 1.0", "微电子有限公司 半导体有限公司"),
    _ind("C3983", "敏感元件及传感器制造", "industry", 1.2, "1800 1.3 70 1.0 6 8 1.0", "传感技术有限公司 传感科技有限公司"),
    _ind("C4011", "工业自动控制系统装置制造", "industry", 1.5, "2000 1.4 75 1.0 6 9 1.0", "自动化有限公司 自控技术有限公司 智能控制有限公司"),
    _ind("C3491", "工业机器人制造", "industry", 0.8, "2500 1.4 80 1.2 6 7 1.0", "机器人有限公司 智能装备有限公司"),
    _ind("C3462", "风机、风扇制造", "industry", 0.7, "3000 1.3 90 0.9 3 6 0.6", "风机有限公司 通风设备有限公司"),
    _ind("C3581", "医疗诊断、监护及治疗设备制造", "industry", 1.2, "2500 1.4 70 1.2 7 12 1.0", "医疗器械有限公司 医疗科技有限公司"),
    _ind("C2710", "化学药品原料药制造", "industry", 0.5, "5000 1.4 110 1.3 5 10 0.8", "药业有限公司 制药有限公司"),
    _ind("C2761", "生物药品制造", "industry", 0.6, "3000 1.6 90 1.8 9 10 1.0", "生物医药有限公司 生物制药有限公司"),
    _ind("C3670", "汽车零部件及配件制造", "industry", 0.8, "4000 1.4 90 1.0 3.5 6 0.7", "汽车零部件有限公司 汽配有限公司"),
    _ind("C3874", "智能照明器具制造", "industry", 0.6, "1800 1.3 70 0.9 4 6 0.7", "照明科技有限公司 智能照明有限公司"),
    _ind("C3963", "智能无人飞行器制造", "industry", 0.3, "1500 1.5 60 1.2 8 5 1.0", "无人机有限公司 航空科技有限公司"),
    _ind("C1742", "绢纺和丝织加工", "industry", 0.6, "1500 1.2 45 0.9 1.2 4 0.2", "丝绸有限公司 丝织有限公司"),
    _ind("C1530", "精制茶加工", "industry", 0.6, "1000 1.2 50 0.9 1 6 0.2", "茶业有限公司 茶叶有限公司"),
    _ind("D4416", "太阳能发电", "industry", 0.2, "800 1.3 160 4.0 0.5 10 0.3", "光伏发电有限公司 新能源有限公司"),
    _ind("D4430", "热力生产和供应", "industry", 0.1, "3000 1.2 150 2.5 0.5 5 0.2", "热力有限公司 能源有限公司"),
    _ind("E4710", "住宅房屋建筑", "construction", 1.2, "3000 1.6 100 1.0 0.8 3 0.2", "建设有限公司 建筑工程有限公司"),
    _ind("E4910", "电气安装", "construction", 0.8, "1500 1.4 80 0.9 1.5 5 0.4", "电力工程有限公司 机电安装工程有限公司"),
    _ind("E5011", "公共建筑装饰和装修", "construction", 1.0, "1500 1.5 80 0.9 1.0 4 0.3", "装饰工程有限公司 建筑装饰有限公司"),
    _ind("E5012", "住宅装饰和装修", "construction", 0.8, "600 1.3 60 0.7 0.5 4 0.2", "家居装饰有限公司 装饰设计工程有限公司"),
    _ind("F5175", "电气设备批发", "wholesale", 1.8, "1500 1.6 250 0.6 0.3 2 0.2", "电气设备有限公司 机电设备有限公司"),
    _ind("F5176", "计算机、软件及辅助设备批发", "wholesale", 2.0, "1200 1.6 220 0.5 0.8 2 0.35", "信息技术有限公司 电子科技有限公司"),
    _ind("F5127", "酒、饮料及茶叶批发", "wholesale", 1.2, "800 1.4 180 0.6 0.1 3 0.05", "茶业有限公司 贸易有限公司"),
    _ind("F5132", "服装批发", "wholesale", 1.6, "1000 1.5 200 0.5 0.2 3 0.1", "服饰有限公司 贸易有限公司"),
    _ind("F5165", "建材批发", "wholesale", 0.8, "1500 1.5 250 0.6 0.1 2 0.05", "建材有限公司 建筑材料有限公司"),
    _ind("F5181", "贸易代理", "wholesale", 1.0, "2000 1.6 300 0.5 0.1 2 0.05", "进出口有限公司 国际贸易有限公司"),
    _ind("F5211", "百货零售", "retail", 0.6, "500 1.5 60 0.8 0.0 2 0.02", "百货有限公司 商贸有限公司"),
    _ind("F5226", "酒、饮料及茶叶零售", "retail", 1.0, "200 1.2 40 0.6 0.0 4 0.02", "茶叶商行有限公司 茶业有限公司"),
    _ind("F5251", "西药零售", "retail", 0.8, "400 1.3 50 0.6 0.0 4 0.05", "大药房有限公司 医药连锁有限公司"),
    _ind("F5292", "互联网零售", "retail", 2.0, "600 1.7 90 0.5 1.5 3 0.3", "电子商务有限公司 网络科技有限公司"),
    _ind("G5439", "其他道路货物运输", "transport", 0.5, "800 1.4 60 0.9 0.2 3 0.05", "物流有限公司 运输有限公司"),
    _ind("G5821", "货物运输代理", "transport", 0.8, "1200 1.5 150 0.5 0.3 3 0.1", "供应链管理有限公司 国际货运代理有限公司"),
    _ind("G5920", "通用仓储", "warehousing", 0.3, "500 1.3 40 1.5 0.3 5 0.1", "仓储有限公司 仓储服务有限公司"),
    _ind("G5930", "低温仓储", "warehousing", 0.2, "600 1.3 45 1.8 0.5 5 0.15", "冷链物流有限公司 冷链仓储有限公司"),
    _ind("G6020", "快递服务", "postal", 0.3, "800 1.5 25 0.5 0.3 3 0.1", "快递有限公司 速递有限公司"),
    _ind("H6110", "旅游饭店", "accommodation", 0.4, "1500 1.2 25 3.0 0.0 5 0.02", "酒店管理有限公司 大酒店有限公司"),
    _ind("H6130", "民宿服务", "accommodation", 0.5, "150 1.1 15 2.0 0.0 8 0.02", "民宿管理有限公司 文旅发展有限公司"),
    _ind("H6210", "正餐服务", "catering", 1.0, "400 1.3 20 0.6 0.0 5 0.02", "餐饮管理有限公司 餐饮有限公司"),
    _ind("H6220", "快餐服务", "catering", 0.6, "300 1.3 18 0.5 0.0 5 0.02", "快餐有限公司 餐饮管理有限公司"),
    _ind("H6231", "茶馆服务", "catering", 0.6, "150 1.1 15 0.7 0.0 8 0.02", "茶馆有限公司 茶文化发展有限公司"),
    _ind("I6319", "其他电信服务", "information_transmission", 0.5, "800 1.5 60 0.8 3 5 0.5", "通信技术有限公司 通信服务有限公司"),
    _ind("I6422", "互联网游戏服务", "information_transmission", 0.6, "1000 1.8 70 0.8 10 8 0.7", "网络科技有限公司 互娱科技有限公司"),
    _ind("I6431", "互联网生产服务平台", "information_transmission", 0.8, "800 1.7 60 0.7 8 5 0.8", "网络科技有限公司 数字科技有限公司"),
    _ind("I6432", "互联网生活服务平台", "information_transmission", 0.8, "700 1.7 60 0.6 6 3 0.6", "网络科技有限公司 信息服务有限公司"),
    _ind("I6450", "互联网数据服务", "information_transmission", 1.0, "900 1.6 55 0.9 10 6 0.9", "数据科技有限公司 云计算有限公司"),
    _ind("I6511", "基础软件开发", "software", 1.0, "600 1.6 35 0.7 15 6 1.0", "软件有限公司 软件技术有限公司"),
    _ind("I6513", "应用软件开发", "software", 6.0, "400 1.5 35 0.7 12 6 0.9", "软件有限公司 网络科技有限公司 信息技术有限公司 智能科技有限公司"),
    _ind("I6520", "集成电路设计", "software", 1.5, "1200 1.7 60 1.0 18 8 1.0", "微电子有限公司 集成电路设计有限公司 芯片科技有限公司"),
    _ind("I6531", "信息系统集成服务", "software", 3.0, "800 1.5 50 0.7 6 5 0.8", "信息技术有限公司 系统集成有限公司"),
    _ind("I6532", "物联网技术服务", "software", 2.0, "600 1.5 45 0.8 9 6 0.9", "物联网科技有限公司 智联科技有限公司"),
    _ind("I6550", "信息处理和存储支持服务", "software", 1.5, "500 1.5 40 0.9 7 6 0.8", "数据服务有限公司 信息科技有限公司"),
    _ind("I6560", "信息技术咨询服务", "software", 2.0, "300 1.4 35 0.6 5 7 0.7", "数字技术有限公司 信息咨询有限公司"),
    _ind("I6572", "动漫、游戏数字内容服务", "software", 1.5, "400 1.6 35 0.7 8 6 0.7", "动漫有限公司 文化创意有限公司"),
    _ind("K7010", "房地产开发经营", "real_estate_development", 0.8, "8000 1.5 400 5.0 0.0 8 0.02", "房地产开发有限公司 置业有限公司"),
    _ind("K7020", "物业管理", "property_management", 0.8, "800 1.3 8 0.6 0.0 5 0.05", "物业服务有限公司 物业管理有限公司"),
    _ind("L7212", "投资与资产管理", "leasing_business", 1.5, "500 1.8 60 4.0 0.0 15 0.05", "投资管理有限公司 资产管理有限公司"),
    _ind("L7241", "会计、审计及税务服务", "leasing_business", 0.8, "200 1.2 20 0.5 0.0 10 0.05", "财务咨询有限公司 税务师事务所有限公司"),
    _ind("L7251", "互联网广告服务", "leasing_business", 1.5, "500 1.6 60 0.6 2 5 0.3", "广告有限公司 文化传媒有限公司"),
    _ind("L7263", "劳务派遣服务", "leasing_business", 0.6, "800 1.4 8 0.3 0.0 2 0.02", "人力资源有限公司 人力资源服务有限公司"),
    _ind("L7111", "汽车租赁", "leasing_business", 0.4, "400 1.3 40 2.5 0.0 6 0.02", "汽车租赁有限公司 汽车服务有限公司"),
    _ind("M7320", "工程和技术研究和试验发展", "other", 2.0, "500 1.6 35 1.0 20 6 1.0", "技术研究院有限公司 科技有限公司"),
    _ind("M7340", "医学研究和试验发展", "other", 1.0, "600 1.7 40 1.3 25 4 1.0", "医药科技有限公司 生物技术有限公司"),
    _ind("M7452", "检测服务", "other", 1.0, "500 1.4 30 1.2 5 10 0.7", "检测技术有限公司 检测科技有限公司"),
    _ind("M7491", "工业设计服务", "other", 0.6, "300 1.4 30 0.6 8 8 0.7", "工业设计有限公司 设计有限公司"),
    _ind("M7514", "节能技术推广服务", "other", 1.0, "600 1.5 50 1.0 4 7 0.7", "节能科技有限公司 能源技术有限公司"),
    _ind("M7520", "知识产权服务", "other", 0.5, "200 1.2 25 0.5 1 10 0.3", "知识产权代理有限公司 知识产权服务有限公司"),
    _ind("N7721", "水污染治理", "other", 0.4, "800 1.4 50 1.5 4 7 0.6", "环保科技有限公司 环境工程有限公司"),
    _ind("R8730", "影视节目制作", "other", 1.0, "500 1.8 60 1.2 0.5 5 0.1", "影视文化有限公司 影业有限公司"),
)
# fmt: on
INDUSTRIES_BY_CODE: dict[str, Industry] = {industry.code: industry for industry in INDUSTRIES}

FALLBACK_REGIONS: tuple[tuple[str, str], ...] = (
    ("330106", "西湖区"),
    ("330102", "上城区"),
    ("330105", "拱墅区"),
    ("330108", "滨江区"),
    ("330109", "萧山区"),
    ("330110", "余杭区"),
)
_FALLBACK_CITY = {"3301": "杭州"}


@lru_cache(maxsize=1)
def _region_table() -> dict[str, tuple[str, str, str]]:
    """``code -> (name, level, parent)`` from the records' GB/T 2260 table, empty if absent."""
    try:
        text = (
            resources.files("littlegiant.records").joinpath("data/regions.csv").read_text("utf-8")
        )
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    rows = csv.DictReader(text.splitlines())
    return {row["code"]: (row["name"], row["level"], row["parent"]) for row in rows}


def district_regions(region_code: str, neighbours: int = 5) -> tuple[tuple[str, str], ...]:
    """The main district first, then up to ``neighbours`` sibling districts (nearest codes first).

    Examples:
        >>> [code for code, _ in district_regions("330106")]
        ['330106', '330105', '330108', '330109', '330102', '330110']
    """
    table = _region_table()
    if region_code not in table:
        fallback = dict(FALLBACK_REGIONS)
        if region_code in fallback:
            others = [(code, name) for code, name in FALLBACK_REGIONS if code != region_code]
            return ((region_code, fallback[region_code]), *others[:neighbours])
        return ((region_code, region_code),)
    name, _, parent = table[region_code]
    siblings = [
        code
        for code, (sib_name, level, sib_parent) in table.items()
        if sib_parent == parent
        and code != region_code
        and level == "county"
        and sib_name.endswith("区")
    ]
    siblings.sort(key=lambda code: (abs(int(code) - int(region_code)), code))
    return ((region_code, name), *((code, table[code][0]) for code in siblings[:neighbours]))


def city_of(region_code: str) -> str:
    """The short city name firms of this district put before their brand (``杭州``), or ``""``.

    Examples:
        >>> city_of("330106")
        '杭州'
    """
    table = _region_table()
    city_code = region_code[:4] + "00"
    name = table.get(city_code, ("", "", ""))[0]
    if name in {"市辖区", "县", ""}:
        name = table.get(region_code[:2] + "0000", ("", "", ""))[0]
    if not name:
        return _FALLBACK_CITY.get(region_code[:4], "")
    for suffix in ("市", "地区", "自治州", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def province_of(region_code: str) -> str:
    """The province's full name (``浙江省``), or ``""`` when the region table lacks it.

    Examples:
        >>> province_of("330106")
        '浙江省'
    """
    return _region_table().get(region_code[:2] + "0000", ("", "", ""))[0] or (
        "浙江省" if region_code.startswith("33") else ""
    )
