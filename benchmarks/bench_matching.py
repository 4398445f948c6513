"""Matching benchmark: our matcher vs rank_bm25 vs a brute-force scan, side by side in one run;
and the policy push list over a pool of synthetic firms on the batch engine (DuckDB).

    .venv/bin/python benchmarks/bench_matching.py --docs 100000            # the main figures
    .venv/bin/python benchmarks/bench_matching.py --docs 1000000 --workers 2 --skip-rank-bm25   # scale
    .venv/bin/python benchmarks/bench_matching.py --push-firms 1000000     # push list only

Synthetic corpus: catalog-like Chinese entries (title + summary, ~60 characters) drawn from domain
terms, common words and a long tail of generated two-character words, Zipf-weighted.
Reported: tokenisation and index build time, keyword queries/s for each engine, the full ranking
(query tokenisation + BM25 + structured fit + an eligibility lookup) p50/p99, and the restart time
(loading the persisted index; the benchmark fails if a restart tokenises anything).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from littlegiant.matching.dictionary import load_dictionary
from littlegiant.matching.index import CatalogIndex
from littlegiant.matching.ranking import Facets, Matcher, Profile, Verdict
from littlegiant.matching.tokenize import default_tokenizer, tokenize_many

COMMON = [
    "技术",
    "系统",
    "平台",
    "方法",
    "装置",
    "研发",
    "应用",
    "检测",
    "控制",
    "智能",
    "材料",
    "工艺",
    "设备",
    "数据",
    "管理",
    "服务",
    "制造",
    "生产",
    "产品",
    "质量",
    "效率",
    "成本",
    "节能",
    "环保",
    "安全",
    "自动化",
    "在线",
    "监测",
    "优化",
    "算法",
    "模型",
    "传感",
    "精密",
    "加工",
    "集成",
    "软件",
    "硬件",
    "新能源",
    "电池",
    "芯片",
    "医药",
    "诊断",
    "机器人",
    "视觉",
    "识别",
    "预测",
    "调度",
    "仓储",
    "物流",
    "能耗",
    "排放",
    "回收",
    "涂层",
    "复合",
    "高分子",
    "陶瓷",
    "合金",
    "激光",
    "焊接",
    "注塑",
    "模具",
    "轴承",
    "液压",
    "电机",
    "变频",
    "储能",
    "光伏",
    "风电",
    "氢能",
    "汽车",
    "零部件",
    "纺织",
    "食品",
    "化工",
    "农业",
    "医疗",
    "器械",
    "通信",
    "网络",
    "云计算",
    "边缘计算",
    "区块链",
    "机床",
    "刀具",
    "数控",
    "检验",
    "标准",
]
SUPPORT = [
    "推广",
    "合作",
    "转化",
    "许可",
    "转让",
    "入股",
    "开发",
    "需求",
    "解决方案",
    "升级",
    "改造",
    "示范",
    "试点",
    "攻关",
]
CHARS = (
    "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土风云雷电山川河海星月光明华新安康泰和顺达"
)


def _vocabulary(rng: random.Random) -> list[str]:
    tail = {rng.choice(CHARS) + rng.choice(CHARS) for _ in range(20000)}
    return list(load_dictionary().terms) + COMMON + SUPPORT + sorted(tail)


def make_corpus(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """``n`` synthetic catalog texts and their keys."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    weights = [1.0 / (rank + 10) for rank in range(len(vocab))]
    texts = []
    for _ in range(n):
        title = "".join(rng.choices(vocab, weights, k=4))
        body = "，".join("".join(rng.choices(vocab, weights, k=5)) for _ in range(4))
        texts.append(f"{title}。{body}。")
    return [f"e{i}" for i in range(n)], texts


def make_queries(n: int, seed: int = 11) -> list[str]:
    """Keyword queries of 1-3 terms, Zipf-weighted over the same vocabulary."""
    rng = random.Random(seed)
    vocab = _vocabulary(random.Random(7))
    weights = [1.0 / (rank + 10) for rank in range(len(vocab))]
    return [" ".join(rng.choices(vocab, weights, k=rng.randint(1, 3))) for _ in range(n)]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(pct / 100 * len(ordered)))]


def _timed(label: str, func, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func(*args)
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:9.2f} s")
    return result, elapsed


def bench_ours(keys, texts, token_lists, queries, home: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    directory = home / "indexes" / "bench"
    index = CatalogIndex(directory)
    _, build = _timed(
        "ours: bm25s index build (tokens given)",
        index.build_from_tokens,
        keys,
        ["x"] * len(keys),
        token_lists,
    )
    tokenizer = default_tokenizer()
    start = time.perf_counter()
    for q in queries:
        index.search(q, 10)
    qps = len(queries) / (time.perf_counter() - start)
    print(f"{'ours: keyword search (incl. tokenisation)':<44} {qps:9.0f} q/s")
    rng = random.Random(3)
    facets = {
        k: Facets(
            industry_codes=(rng.choice(["C3985", "C34", "C2710", "I65"]),), region_code="440305"
        )
        for k in keys
    }
    verdicts = {k: Verdict(rng.choice(["qualified", "unknown", "not_qualified"]), "") for k in keys}
    matcher = Matcher(index, facets_of=facets.get, candidates=100)
    profile = Profile(industry_code="C3985", region_code="440300")
    latencies = []
    for q in queries:
        start = time.perf_counter()
        matcher.rank(q, profile, top=10, eligibility=verdicts.get)
        latencies.append((time.perf_counter() - start) * 1000)
    p50, p99 = statistics.median(latencies), _percentile(latencies, 99)
    print(f"{'ours: full ranking p50 / p99':<44} {p50:7.2f} ms / {p99:.2f} ms")
    tokenizer_calls = []
    original = tokenizer.tokenize
    tokenizer.tokenize = lambda text: tokenizer_calls.append(text) or original(text)  # type: ignore[method-assign]
    _, restart = _timed("ours: restart (open persisted index)", CatalogIndex.open, directory)
    tokenizer.tokenize = original  # type: ignore[method-assign]
    if tokenizer_calls:
        sys.exit("FAIL: a restart re-tokenised documents")
    print(f"{'ours: documents re-tokenised on restart':<44} {len(tokenizer_calls):9d}")
    return {"build": build, "qps": qps, "p50": p50, "p99": p99, "restart": restart}


def bench_rank_bm25(token_lists, queries) -> float:  # type: ignore[no-untyped-def]
    from rank_bm25 import BM25Okapi

    model, _ = _timed("rank_bm25: BM25Okapi build", BM25Okapi, token_lists)
    tokenizer = default_tokenizer()
    sample = queries[:20]
    start = time.perf_counter()
    for q in sample:
        scores = model.get_scores(tokenizer.tokenize(q))
        sorted(range(len(scores)), key=scores.__getitem__, reverse=True)[:10]
    qps = len(sample) / (time.perf_counter() - start)
    print(f"{'rank_bm25: keyword search':<44} {qps:9.2f} q/s")
    return qps


def bench_brute_force(token_lists, queries) -> float:  # type: ignore[no-untyped-def]
    """A scan of every document's tokens counting query-term occurrences (no index)."""
    tokenizer = default_tokenizer()
    sample = queries[:10]
    start = time.perf_counter()
    for q in sample:
        terms = set(tokenizer.tokenize(q))
        scored = [(sum(t in terms for t in doc), i) for i, doc in enumerate(token_lists)]
        scored.sort(reverse=True)
    qps = len(sample) / (time.perf_counter() - start)
    print(f"{'brute-force scan: keyword search':<44} {qps:9.2f} q/s")
    return qps


PUSH_PACKS = ("zjtx_reward@2025", "zjtx_loan@2025", "compute_voucher@2025", "ip_pledge_loan@2025")


def make_firms(n: int, seed: int = 5):  # type: ignore[no-untyped-def]
    """``n`` synthetic flat records (pyarrow): titles, violations, profit, revenue, staff, IP; ~10% nulls."""
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(seed)

    def flag(p: float):  # type: ignore[no-untyped-def]
        values = rng.random(n) < p
        return pa.array(values, mask=rng.random(n) < 0.1)

    def money(low: float, high: float):  # type: ignore[no-untyped-def]
        return pa.array(np.round(rng.uniform(low, high, n), 2), mask=rng.random(n) < 0.1)

    regions = np.array(["440303", "440305", "440306", "440104", "330106", "320102"])
    return pa.table({
        "uscc": pa.array([f"91440300MA{i:08d}" for i in range(n)]),
        "region_code": pa.array(regions[rng.integers(0, len(regions), n)]),
        "little_giant": flag(0.02), "specialized_sme": flag(0.1), "innovative_sme": flag(0.3), "tech_sme": flag(0.4),
        "major_violation": flag(0.03), "net_profit_y1": money(-500, 3000), "revenue_y1": money(100, 50000),
        "employees_y1": money(5, 1500), "ip_class1_count": pa.array(rng.integers(0, 8, n).astype(float)),
    })  # fmt: skip


def bench_push(n: int) -> None:
    """The push list of each example policy/product pack over ``n`` firms (Parquet file and in-memory Arrow)."""
    import datetime as dt

    import pyarrow.parquet as pq

    from littlegiant.rules import policy_pack
    from littlegiant.web.catalog.queries.push_batch import compute_push

    table, _ = _timed(f"push: generate {n:,} synthetic firms", make_firms, n)
    as_of = dt.date(2025, 6, 30)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "firms.parquet"
        pq.write_table(table, path)
        compute_push(
            table.slice(0, 1000), policy_pack(PUSH_PACKS[0]), as_of
        )  # warm up DuckDB and the pack cache
        runs = [
            (ref, label, source, "440300")
            for ref in PUSH_PACKS
            for label, source in (("parquet", path), ("arrow", table))
        ]
        runs.append((PUSH_PACKS[0], "parquet", path, ""))
        for ref, label, source, region in runs:
            pack = policy_pack(ref)
            result, seconds = _timed(
                f"push {ref} ({label}, {'region 4403' if region else 'whole pool'})",
                lambda s=source, p=pack, r=region: compute_push(s, p, as_of, region=r),
            )
            print(
                f"{'':<6}{result.total:,} firms in the pool: {len(result.qualified):,} qualified, "
                f"{len(result.near):,} one condition away  → {'OK' if seconds < 5 else 'OVER'} the 5 s target"
            )


def main() -> None:
    """Run the benchmark and print one line per figure."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--skip-rank-bm25", action="store_true")
    parser.add_argument(
        "--push-firms", type=int, default=0, help="run only the push-list benchmark over N firms"
    )
    args = parser.parse_args()
    if args.push_firms:
        bench_push(args.push_firms)
        return
    keys, texts = make_corpus(args.docs)
    queries = make_queries(args.queries)
    chars = sum(map(len, texts))
    print(f"corpus: {args.docs:,} entries, {chars:,} characters; {len(queries)} queries")
    default_tokenizer().tokenize("预热")
    token_lists, seconds = _timed(
        "jieba tokenisation (domain dictionary)", lambda: tokenize_many(texts, workers=args.workers)
    )
    print(
        f"{'jieba throughput':<44} {chars / seconds / 1e6:9.2f} M chars/s ({args.workers} worker(s))"
    )
    with tempfile.TemporaryDirectory() as home:
        ours = bench_ours(keys, texts, token_lists, queries, Path(home))
    theirs = None if args.skip_rank_bm25 else bench_rank_bm25(token_lists, queries)
    bench_brute_force(token_lists, queries)
    if theirs:
        print(f"{'speed-up over rank_bm25 (keyword q/s)':<44} {ours['qps'] / theirs:9.0f} x")


if __name__ == "__main__":
    main()
