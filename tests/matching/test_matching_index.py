from __future__ import annotations

import pytest

from littlegiant.matching import CatalogIndex, IndexFormatError, content_hash
from littlegiant.matching.dictionary import _parse
from littlegiant.matching.tokenize import Tokenizer

CORPUS = {
    "vision": "锂电池极片缺陷在线检测系统：基于机器视觉的表面缺陷识别，适用于动力电池极片涂布与辊压工序",
    "stuffed": "机器视觉 机器视觉 机器视觉 机器视觉 机器视觉 机器视觉 食品包装 物流仓储 招聘 培训 广告 餐饮 酒店 旅游",
    "iiot": "工业互联网平台赋能专精特新中小企业数字化转型",
    "hydrogen": "氢能燃料电池双极板精密冲压工艺",
    "textile": "纺织印染废水回收与节能降碳改造",
    "robot": "协作机器人柔性装配工作站",
}


def _index(corpus=CORPUS, directory=None, **options):
    index = CatalogIndex(directory, **options)
    index.build(corpus.items())
    return index


class _CountingTokenizer(Tokenizer):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def tokenize(self, text):
        self.calls += 1
        return super().tokenize(text)


def test_exact_topic_entry_outranks_a_keyword_stuffed_one():
    hits = _index().search("机器视觉 锂电池极片缺陷检测")
    assert [h.key for h in hits[:2]] == ["vision", "stuffed"]
    assert hits[0].score > hits[1].score


def test_hits_carry_the_matched_query_terms_in_query_order():
    hit = _index().search("专精特新 数字化")[0]
    assert hit.key == "iiot"
    assert hit.matched_terms == ("专精特新", "数字化")


def test_query_without_known_terms_returns_nothing():
    assert _index().search("量子引力") == []
    assert _index().search("") == []


def test_accept_filters_keys_but_still_fills_top_k():
    hits = _index().search("机器视觉", 1, accept=lambda key: key != "stuffed")
    assert [h.key for h in hits] == ["vision"]


def test_upsert_makes_a_new_entry_searchable_and_replaces_an_old_one():
    index = _index()
    index.upsert("drone", "低空经济无人机巡检服务")
    assert [h.key for h in index.search("无人机")] == ["drone"]
    index.upsert("hydrogen", "无人机电池快换装置")
    assert {h.key for h in index.search("无人机")} == {"drone", "hydrogen"}
    assert index.search("燃料电池") == []
    assert len(index) == len(CORPUS) + 1


def test_delete_removes_from_segment_and_from_delta():
    index = _index()
    index.upsert("drone", "无人机巡检")
    index.delete("drone")
    index.delete("robot")
    index.delete("never-indexed")
    assert index.search("无人机") == []
    assert index.search("协作机器人") == []
    assert "robot" not in index
    assert len(index) == len(CORPUS) - 1


def test_unchanged_upsert_does_not_retokenise():
    tokenizer = _CountingTokenizer()
    index = _index(tokenizer=tokenizer)
    before = tokenizer.calls
    index.upsert("iiot", CORPUS["iiot"])
    assert tokenizer.calls == before
    assert index.pending == 0


def test_delta_ranking_agrees_with_a_fresh_build_and_compaction_is_exact():
    changes = {"robot": "工业机器人视觉引导抓取", "new": "机器视觉缺陷检测软件"}
    incremental = _index()
    for key, text in changes.items():
        incremental.upsert(key, text)
    fresh = _index({**CORPUS, **changes})
    query = "机器视觉 缺陷检测"
    assert [h.key for h in incremental.search(query)][:3] == [h.key for h in fresh.search(query)][
        :3
    ]
    incremental.compact()
    assert incremental.pending == 0
    got = [(h.key, round(h.score, 5)) for h in incremental.search(query)]
    assert got == [(h.key, round(h.score, 5)) for h in fresh.search(query)]


def test_compaction_happens_by_itself_past_the_threshold():
    index = _index(compact_min=2, compact_ratio=0.0)
    for n in range(3):
        index.upsert(f"n{n}", f"新材料碳纤维复合第{n}号")
    assert index.pending == 0
    assert len(index.search("碳纤维", 10)) == 3


def test_restart_reads_persisted_tokens_and_log_without_tokenising(tmp_path):
    directory = tmp_path / "idx"
    index = _index(directory=directory)
    index.upsert("drone", "无人机巡检")
    index.delete("textile")
    expected = [(h.key, h.score) for h in index.search("无人机 机器视觉")]
    tokenizer = _CountingTokenizer()
    reopened = CatalogIndex.open(directory, tokenizer=tokenizer)
    assert tokenizer.calls == 0
    assert reopened.content_hash_of("drone") == content_hash("无人机巡检")
    assert "textile" not in reopened
    assert [(h.key, h.score) for h in reopened.search("无人机 机器视觉")] == expected
    assert reopened.tokens_of("iiot")[:2] == ["工业互联网平台", "工业互联网"]


def test_compaction_switches_generation_and_keeps_one_on_disk(tmp_path):
    directory = tmp_path / "idx"
    index = _index(directory=directory)
    index.upsert("drone", "无人机巡检")
    index.compact()
    assert sorted(p.name for p in directory.glob("gen-*")) == ["gen-2"]
    assert CatalogIndex.open(directory).search("无人机")[0].key == "drone"


def test_index_built_with_another_dictionary_is_stale(tmp_path):
    directory = tmp_path / "idx"
    _index(directory=directory)
    other = Tokenizer(_parse({"version": "other", "terms": [{"term": "算力券"}]}))
    with pytest.raises(IndexFormatError, match="需重建"):
        CatalogIndex.open(directory, tokenizer=other)


def test_missing_index_is_reported(tmp_path):
    with pytest.raises(IndexFormatError, match="索引不存在"):
        CatalogIndex.open(tmp_path / "nothing")


class _Source:
    def __init__(self, texts):
        self.data = dict(texts)
        self.requested: list[str] = []

    def fingerprints(self):
        return {key: content_hash(text) for key, text in self.data.items()}

    def texts(self, keys):
        self.requested.extend(keys)
        return {key: self.data[key] for key in keys}


def test_open_or_build_builds_when_missing_then_syncs_only_the_changes(tmp_path):
    directory = tmp_path / "idx"
    source = _Source(CORPUS)
    index, report = CatalogIndex.open_or_build(directory, source)
    assert report.rebuilt
    assert report.tokenised == len(CORPUS)
    source.data["robot"] = "焊接机器人"
    del source.data["textile"]
    source.requested.clear()
    index, report = CatalogIndex.open_or_build(directory, source)
    assert not report.rebuilt
    assert (report.tokenised, report.deleted, report.unchanged) == (1, 1, len(CORPUS) - 2)
    assert source.requested == ["robot"]
    assert index.search("焊接")[0].key == "robot"
    assert "textile" not in index


def test_duplicate_keys_are_refused():
    with pytest.raises(IndexFormatError):
        CatalogIndex.in_memory().build_from_tokens(["a", "a"], ["h", "h"], [["x"], ["y"]])


def test_empty_index_searches_to_nothing_and_grows():
    index = CatalogIndex.in_memory()
    assert index.search("算力券") == []
    index.upsert("p", "算力券")
    assert [h.key for h in index.search("算力券")] == ["p"]
