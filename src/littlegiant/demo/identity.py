"""Identities of demo firms and people: valid USCCs, unique Chinese company names, contacts.

Examples:
    >>> import random
    >>> from stdnum.cn import uscc
    >>> code = make_uscc(random.Random(1), "330106", 2019, set())
    >>> uscc.is_valid(code), code[:8]
    (True, '91330106')
    >>> organization_check_char("D2143569")
    'X'
"""

from __future__ import annotations

import random

from stdnum.cn import uscc as stdnum_uscc

__all__ = [
    "company_name",
    "email_address",
    "make_uscc",
    "mobile_phone",
    "organization_check_char",
    "person_name",
]

# Characters a GB 32100 code may hold (no I, O, S, V, Z).
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_BRAND_CHARS = (
    "华创恒瑞联科泰鼎信达宏安盛嘉睿博源凯通丰和海晟锐航德宇正明新天启中君远星辰"
    "智云驰祥弘铭卓峰越硕誉禾舜灵易合昊朗钧澜曜策芯微诚致聚汇融景蓝青谷川泽"
)
# Brands of well-known real firms the two-character draw could otherwise reproduce.
_RESERVED_BRANDS = frozenset(
    (
        "海信",
        "中信",
        "安恒",
        "正泰",
        "恒瑞",
        "华海",
        "华泰",
        "华安",
        "天安",
        "中天",
        "海天",
        "宏达",
        "新华",
        "中华",
        "华联",
        "中泰",
        "海康",
        "华创",
        "正和",
        "天和",
    )
)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邵孟"
_GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国文斌宇浩然佳慧欣怡子涵晨阳思远雨萱俊杰晓东海燕志强丹婷琳雪"
_MOBILE_PREFIXES = (
    "138",
    "139",
    "137",
    "136",
    "135",
    "158",
    "159",
    "188",
    "186",
    "187",
    "133",
    "177",
    "180",
    "150",
)


def organization_check_char(body: str) -> str:
    """The GB 11714 check character of an 8-character organization code body."""
    total = sum(
        _CODE_CHARS.index(char) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True)
    )
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def make_uscc(rng: random.Random, region_code: str, established_year: int, taken: set[str]) -> str:
    """A new, valid and unused 18-character USCC (registered by 市场监管, type 企业).

    Firms registered since the 2015 reform carry a ``MA``-series organization code; older firms
    keep their numeric 组织机构代码.
    """
    while True:
        if established_year >= 2016:
            body = "MA" + rng.choice("2345") + "".join(rng.choice(_CODE_CHARS) for _ in range(5))
        else:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        prefix = "91" + region_code + body + organization_check_char(body)
        code = prefix + stdnum_uscc.calc_check_digit(prefix)
        if code not in taken:
            taken.add(code)
            return code


def company_name(rng: random.Random, prefix: str, stems: tuple[str, ...], taken: set[str]) -> str:
    """A unique name ``<prefix><2-character brand><industry stem>`` such as 杭州恒芯电子材料有限公司."""
    brand_length = 2
    for attempt in range(200):
        if attempt == 40:
            brand_length = 3  # the two-character brands of this stem are crowded
        brand = "".join(rng.sample(_BRAND_CHARS, brand_length))
        if brand in _RESERVED_BRANDS:
            continue
        name = prefix + brand + rng.choice(stems)
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError(
        "company name space exhausted"
    )  # pragma: no cover - needs >10⁷ firms per stem


def person_name(rng: random.Random) -> str:
    """A plausible (fictional) Chinese personal name of two or three characters."""
    given = rng.choice(_GIVEN_CHARS) + (rng.choice(_GIVEN_CHARS) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given


def mobile_phone(rng: random.Random) -> str:
    """An 11-digit mainland mobile number (fictional)."""
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def email_address(rng: random.Random, uscc: str) -> str:
    """A mailbox on the reserved ``example.com`` domain, so no demo mail reaches anyone."""
    return f"{rng.choice(('office', 'hr', 'finance', 'contact', 'info'))}.{uscc[-8:].lower()}@example.com"
