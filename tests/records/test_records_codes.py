import pytest
from stdnum.cn import uscc as stdnum_uscc

from littlegiant.records import codes
from littlegiant.records.codes import CodeError

VALID = "91110000600037341L"


def test_valid_uscc_is_stripped_and_upper_cased():
    assert codes.normalize_uscc(" 91110000600037341l\t") == VALID


def test_wrong_check_digit_names_expected_and_given():
    with pytest.raises(CodeError, match="校验位错误：应为 L，实为 A"):
        codes.normalize_uscc("91110000600037341A")


@pytest.mark.parametrize(
    "value, length", [("9111000060003734", 16), ("91110000600037341LL", 19), ("", 0)]
)
def test_wrong_length_is_reported(value, length):
    with pytest.raises(CodeError, match=f"长度为 {length} 位，应为 18 位"):
        codes.normalize_uscc(value)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_outside_the_gb32100_alphabet_are_rejected(letter):
    with pytest.raises(CodeError, match=f"不允许的字符 {letter}"):
        codes.normalize_uscc("9111000060003734" + letter + "L")


def test_first_eight_characters_must_be_digits():
    body = "91A10000600037341"
    with pytest.raises(CodeError, match="前 8 位"):
        codes.normalize_uscc(body + stdnum_uscc.calc_check_digit(body))


def test_every_generated_check_digit_is_accepted():
    for serial in range(200):
        body = f"9133010600{serial:07d}"
        assert codes.normalize_uscc(body + stdnum_uscc.calc_check_digit(body)).startswith(body)


def test_region_levels_and_parents():
    county = codes.region("330106")
    assert county is not None and county.level == "county" and county.parent == "330100"
    city = codes.region("330100")
    assert city is not None and city.level == "city" and city.parent == "330000"
    assert codes.region("330000").level == "province"


def test_unknown_region_is_none_and_fails_normalization():
    assert codes.region("330199") is None
    with pytest.raises(CodeError, match="不在 GB/T 2260"):
        codes.normalize_region_code("330199")
    with pytest.raises(CodeError, match="应为 6 位数字"):
        codes.normalize_region_code("33010")


def test_region_table_covers_all_provinces():
    provinces = [item for item in codes.regions().values() if item.level == "province"]
    assert len(provinces) == 31
    assert all(item.parent is None for item in provinces)


def test_region_path_skips_placeholders_and_unknown_codes():
    assert codes.region_path("330106") == ("浙江省", "杭州市", "西湖区")
    assert codes.region_path("310101") == ("上海市", "黄浦区")
    assert codes.region_path("123456") == ()


@pytest.mark.parametrize(
    "scope, code, covered",
    [
        ("330000", "330106", True),
        ("330100", "330106", True),
        ("330106", "330106", True),
        ("330200", "330106", False),
        ("320000", "330106", False),
        ("330106", "330100", False),
        ("330000", "339999", True),  # unknown code: prefix rule
        ("330100", "330199", True),
        ("330100", "330299", False),
    ],
)
def test_region_covers(scope, code, covered):
    assert codes.region_covers(scope, code) is covered


@pytest.mark.parametrize("code", ["C3985", "3985", "c3985", " C 3985 "])
def test_industry_class_resolves_with_or_without_section(code):
    found = codes.industry(code)
    assert found is not None
    assert (found.code, found.level, found.section, found.full_code) == (
        "3985",
        "class",
        "C",
        "C3985",
    )


def test_industry_section_must_match_digits():
    assert codes.industry("I3985") is None
    assert codes.industry("I6513").name == "应用软件开发"


@pytest.mark.parametrize(
    "code, name",
    [
        ("C39", "计算机、通信和其他电子设备制造业"),
        ("I65", "软件和信息技术服务业"),
        ("M73", "研究和试验发展"),
        ("C", "制造业"),
        ("T", "国际组织"),
        ("01", "农业"),
    ],
)
def test_key_categories_have_exact_names(code, name):
    assert codes.industry(code).name == name


@pytest.mark.parametrize("code", ["C9999", "U", "399", "C399", "12345", "", "C39X", "0"])
def test_unknown_or_malformed_industry_codes(code):
    if code in ("399", "C399"):
        assert codes.industry(code).name == "其他电子设备制造"  # a real 中类
    else:
        assert codes.industry(code) is None


def test_industry_table_has_every_section_division_and_group():
    table = codes.industries()
    levels = [item.level for item in table.values()]
    assert levels.count("section") == 20
    assert levels.count("division") == 97
    assert levels.count("group") == 473
    sections = [item.code for item in table.values() if item.level == "section"]
    assert sections == [chr(code) for code in range(ord("A"), ord("T") + 1)]


def test_every_parent_exists_and_shares_the_section():
    table = codes.industries()
    for item in table.values():
        if item.parent is not None:
            parent = table[item.parent]
            assert parent.section == item.section
            assert item.code.startswith(parent.code) or parent.level == "section"


def test_industry_ancestors_and_section():
    assert [item.code for item in codes.industry_ancestors("3985")] == ["C", "39", "398"]
    assert codes.industry_section("65") == "I"
    assert codes.industry_section("9999") is None
    assert codes.industry_ancestors("nonsense") == ()


def test_normalize_industry_code_returns_the_record_form():
    assert codes.normalize_industry_code("6513") == "I6513"
    assert codes.normalize_industry_code(3985.0) == "C3985"
    assert codes.normalize_industry_code("m") == "M"
    with pytest.raises(CodeError, match="C9999"):
        codes.normalize_industry_code("C9999")
