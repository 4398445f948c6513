from __future__ import annotations

import pytest

from littlegiant.matching import MatchingError
from littlegiant.matching.dictionary import _parse, load_dictionary
from littlegiant.matching.tokenize import Tokenizer, default_tokenizer, tokenize_many


@pytest.mark.parametrize(
    "term",
    [
        "专精特新中小企业",
        "专精特新",
        "小巨人",
        "数字化转型",
        "工业互联网",
        "算力券",
        "知识产权质押",
    ],
)
def test_domain_terms_stay_whole(term):
    tokens = default_tokenizer().tokenize(f"支持{term}发展")
    assert term in tokens


def test_zhuanjingtexin_sme_is_never_split_into_zhuanjing_and_texin():
    tokens = default_tokenizer().tokenize("专精特新中小企业")
    assert "专精" not in tokens
    assert "特新" not in tokens
    assert tokens[0] == "专精特新中小企业"


def test_compound_is_followed_by_its_expansions():
    tokens = default_tokenizer().tokenize("专精特新小巨人")
    assert tokens == ["专精特新小巨人", "专精特新", "小巨人"]


def test_stopwords_punctuation_and_spaces_are_dropped_and_latin_is_lowercased():
    tokens = default_tokenizer().tokenize("我们的  PCB，缺陷 检测！")
    assert tokens == ["pcb", "缺陷", "检测"]


def test_negations_and_filler_words_are_stopwords():
    """Issue 10 #11: a query like "zzzz不存在" keeps only its content word."""
    assert default_tokenizer().tokenize("zzzz不存在") == ["zzzz"]
    assert default_tokenizer().tokenize("不锈钢 非标设备") == ["不锈钢", "非标", "设备"]


@pytest.mark.parametrize("text", [None, "", "  ，。！"])
def test_empty_text_gives_no_tokens(text):
    assert default_tokenizer().tokenize(text) == []


def test_signature_changes_with_the_dictionary():
    base = load_dictionary()
    other = _parse({"version": "test", "terms": [{"term": "某新词", "expands": []}]})
    assert Tokenizer(base).signature != Tokenizer(other).signature


def test_dictionary_rejects_duplicates_with_a_message_naming_the_entry():
    with pytest.raises(MatchingError, match="第 2 条重复：算力券"):
        _parse({"version": "x", "terms": [{"term": "算力券"}, {"term": "算力券"}]})


def test_tokenize_many_in_workers_equals_in_process():
    texts = [f"第{i}项工业互联网平台专精特新中小企业数字化转型" for i in range(30)]
    assert tokenize_many(texts, workers=2, chunk_size=10) == tokenize_many(texts)
