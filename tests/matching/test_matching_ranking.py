from __future__ import annotations

from littlegiant.matching import CatalogIndex, Facets, Matcher, Profile, Verdict
from littlegiant.matching.explain import highlight, snippet, to_html
from littlegiant.matching.ranking import fit_score


def _matcher(entries, facets):
    index = CatalogIndex.in_memory()
    index.build(entries.items())
    return Matcher(index, facets_of=facets.get)


POLICIES = {
    "reward": "专精特新中小企业奖励：首次认定的给予一次性奖励",
    "interest": "专精特新中小企业贷款贴息：按贷款利息的50%给予贴息",
    "compute": "算力券：支持中小企业购买算力服务",
}


def test_eligibility_orders_qualified_then_unknown_then_not_qualified():
    verdicts = {
        "reward": Verdict("not_qualified", "未取得专精特新称号"),
        "interest": Verdict("unknown", "缺少：贷款金额"),
        "compute": Verdict("qualified", "满足全部条件"),
    }
    matcher = _matcher(POLICIES, {})
    ranked = matcher.rank("专精特新", Profile(), eligibility=verdicts.get, pool=POLICIES)
    assert [m.key for m in ranked] == ["compute", "interest", "reward"]
    assert ranked[0].verdict.label == "符合"
    assert ranked[0].matched_terms == ()  # in the pool, no text match
    assert ranked[2].verdict.reason == "未取得专精特新称号"


def test_text_relevance_decides_within_a_tier():
    matcher = _matcher(POLICIES, {})
    verdicts = dict.fromkeys(POLICIES, Verdict("qualified", ""))
    ranked = matcher.rank("贷款贴息", Profile(), eligibility=verdicts.get, pool=POLICIES)
    assert ranked[0].key == "interest"
    assert ranked[0].text_score == 1.0


def test_structured_fit_breaks_a_text_tie_and_explains_itself():
    entries = {"near": "工业视觉检测", "far": "工业视觉检测"}
    facets = {
        "near": Facets(industry_codes=("C3985",), region_code="440305"),
        "far": Facets(industry_codes=("I65",), region_code="110105"),
    }
    ranked = _matcher(entries, facets).rank(
        "视觉检测", Profile(industry_code="C3985", region_code="440306")
    )
    assert [m.key for m in ranked] == ["near", "far"]
    texts = [r.text for r in ranked[0].reasons]
    assert texts == ["行业同属小类 C3985", "地区：同一城市"]
    assert ranked[1].fit_score == 0.0


def test_fit_score_weights_only_the_reasons_present():
    matcher = _matcher({"a": "视觉"}, {"a": Facets(industry_codes=("C3985",))})
    match = matcher.rank("视觉", Profile(industry_code="C3984", region_code="440300"))[0]
    assert match.fit_score == 0.8  # region unknown on the entry side: not counted
    assert fit_score([]) is None


def test_profile_with_need_stage_and_budget_uses_them():
    facets = {
        "a": Facets(maturity="pilot", price_min=100.0),
        "b": Facets(maturity="industrialised", price_min=50.0),
    }
    ranked = _matcher({"a": "储能", "b": "储能"}, facets).rank(
        "储能", Profile(maturity="trial", budget=80.0)
    )
    assert ranked[0].key == "b"
    assert {r.kind for r in ranked[0].reasons} == {"stage", "budget"}


def test_accept_and_top_limit_the_result():
    matcher = _matcher(POLICIES, {})
    ranked = matcher.rank(
        "中小企业", Profile(), top=1, accept=lambda k: k != "compute", pool=POLICIES
    )
    assert len(ranked) == 1
    assert ranked[0].key != "compute"


def test_highlight_marks_longest_terms_and_escapes_html():
    html = to_html(highlight("<b>专精特新中小企业</b>与专精特新", ["专精特新", "专精特新中小企业"]))
    assert html == "&lt;b&gt;<mark>专精特新中小企业</mark>&lt;/b&gt;与<mark>专精特新</mark>"


def test_snippet_without_a_match_starts_at_the_beginning():
    segments = snippet("一" * 100, ["无"], width=10)
    assert segments[0].text == "一" * 10
    assert segments[-1].text == "…"
