"""A persistent, incrementally updated BM25 index over one catalog.

Layout under ``directory`` (normally ``LITTLEGIANT_HOME/indexes/<catalog>``)::

    CURRENT            the live generation number
    gen-<n>/meta.json  format, tokenizer signature, BM25 parameters
    gen-<n>/segment.npz, docs.json, vocab.json   the main segment (bm25s weights + token ids)
    gen-<n>/ops.log    one JSON line per upsert/delete since the segment was built (tokens included)

An upsert or delete is applied in memory and appended to ``ops.log``; a changed document shadows
its old copy in the main segment and is scored from a small in-memory delta with the segment's
statistics. When the delta outgrows ``compact_ratio`` of the segment, the live documents are
rebuilt into a new generation from their stored token ids. Nothing is ever re-tokenised on a
restart: the segment keeps token ids and the log keeps tokens.

Examples:
    >>> index = CatalogIndex.in_memory()
    >>> index.upsert("a1", "工业互联网平台赋能专精特新中小企业")
    >>> index.upsert("a2", "锂电池极片缺陷机器视觉检测")
    >>> [hit.key for hit in index.search("机器视觉检测")]
    ['a2']
    >>> index.search("专精特新")[0].matched_terms
    ('专精特新',)
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from littlegiant.matching._errors import IndexFormatError
from littlegiant.matching._segment import Segment, build_segment
from littlegiant.matching.tokenize import Tokenizer, default_tokenizer, tokenize_many

__all__ = ["CatalogIndex", "CatalogSource", "Hit", "SyncReport", "content_hash"]

FORMAT = 1
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def content_hash(text: str | None) -> str:
    """The fingerprint of an entry's indexed text; a source stores it to make start-up sync cheap.

    Examples:
        >>> content_hash("算力券") == content_hash("算力券")
        True
    """
    return hashlib.sha1((text or "").encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Hit:
    """One scored document: its key, BM25 score and the query terms it contains."""

    key: str
    score: float
    matched_terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a start-up sync did."""

    rebuilt: bool
    tokenised: int
    deleted: int
    unchanged: int


class CatalogSource(Protocol):
    """Where an index's documents come from (the catalog tables)."""

    def fingerprints(self) -> Mapping[str, str]:
        """Every entry's key and :func:`content_hash` of its indexed text."""
        ...

    def texts(self, keys: Sequence[str]) -> Mapping[str, str]:
        """The indexed text of the given entries."""
        ...


@dataclass(slots=True)
class _Delta:
    """Documents written after the segment was built, with their own small inverted index."""

    tokens: dict[str, list[str]] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    postings: dict[str, dict[str, int]] = field(default_factory=dict)

    def put(self, key: str, tokens: list[str], digest: str) -> None:
        self.drop(key)
        self.tokens[key], self.hashes[key] = tokens, digest
        for term, tf in Counter(tokens).items():
            self.postings.setdefault(term, {})[key] = tf

    def drop(self, key: str) -> None:
        for term in set(self.tokens.pop(key, ())):
            self.postings[term].pop(key, None)
        self.hashes.pop(key, None)


class CatalogIndex:
    """BM25 over one catalog's texts, keyed by entry id; thread-safe for one writer and many readers."""

    def __init__(
        self,
        directory: Path | None,
        *,
        tokenizer: Tokenizer | None = None,
        k1: float = 1.5,
        b: float = 0.75,
        compact_ratio: float = 0.05,
        compact_min: int = 1000,
    ) -> None:
        self.directory = directory
        self.tokenizer = tokenizer or default_tokenizer()
        self.k1, self.b = k1, b
        self.compact_ratio, self.compact_min = compact_ratio, compact_min
        self._lock = threading.RLock()
        self._generation = 0
        self._set_segment(build_segment([], [], [], k1=k1, b=b))

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def in_memory(cls, **options: Any) -> CatalogIndex:
        """An index that is never written to disk (tests, one-off scripts)."""
        return cls(None, **options)

    def _set_segment(self, segment: Segment) -> None:
        self._segment = segment
        self._positions = {key: pos for pos, key in enumerate(segment.keys)}
        self._dead = np.zeros(segment.n_docs, dtype=bool)
        self._vocab_ids = {term: tid for tid, term in enumerate(segment.vocab)}
        self._delta = _Delta()

    def build(self, entries: Iterable[tuple[str, str]], *, workers: int = 1) -> None:
        """Replace the whole index with ``(key, text)`` entries, tokenising each text once."""
        keys, texts = [], []
        for key, text in entries:
            keys.append(key)
            texts.append(text)
        token_lists = tokenize_many(texts, workers=workers)
        self.build_from_tokens(keys, [content_hash(t) for t in texts], token_lists)

    def build_from_tokens(
        self, keys: list[str], hashes: list[str], token_lists: list[list[str]]
    ) -> None:
        """Replace the whole index with already-tokenised documents and persist it."""
        if len(set(keys)) != len(keys):
            raise IndexFormatError("索引条目编号重复")
        segment = build_segment(keys, hashes, token_lists, k1=self.k1, b=self.b)
        with self._lock:
            self._set_segment(segment)
            self._write_generation()

    # -- updates --------------------------------------------------------------------------------

    def upsert(self, key: str, text: str | None) -> None:
        """Add or replace one entry; a no-op when its text is unchanged."""
        digest = content_hash(text)
        with self._lock:
            if self.content_hash_of(key) == digest:
                return
            tokens = self.tokenizer.tokenize(text)
            self._apply_put(key, tokens, digest)
            self._append_log({"op": "put", "key": key, "hash": digest, "tokens": tokens})
            self._maybe_compact()

    def delete(self, key: str) -> None:
        """Remove one entry; a no-op when it is not indexed."""
        with self._lock:
            if self.content_hash_of(key) is None:
                return
            self._apply_delete(key)
            self._append_log({"op": "delete", "key": key})

    def _apply_put(self, key: str, tokens: list[str], digest: str) -> None:
        self._tombstone(key)
        self._delta.put(key, tokens, digest)

    def _apply_delete(self, key: str) -> None:
        self._tombstone(key)
        self._delta.drop(key)

    def _tombstone(self, key: str) -> None:
        position = self._positions.get(key)
        if position is not None:
            self._dead[position] = True

    def content_hash_of(self, key: str) -> str | None:
        """The stored fingerprint of an indexed entry, or None when it is not indexed."""
        if key in self._delta.hashes:
            return self._delta.hashes[key]
        position = self._positions.get(key)
        if position is None or self._dead[position]:
            return None
        return self._segment.hashes[position]

    def __len__(self) -> int:
        return int(self._segment.n_docs - self._dead.sum()) + len(self._delta.tokens)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.content_hash_of(key) is not None

    @property
    def pending(self) -> int:
        """Documents held in the delta, waiting for the next compaction."""
        return len(self._delta.tokens)

    def _maybe_compact(self) -> None:
        if self.pending > max(self.compact_min, self.compact_ratio * self._segment.n_docs):
            self.compact()

    def compact(self) -> None:
        """Fold the delta into a new segment built from stored tokens (no re-tokenisation)."""
        with self._lock:
            keys, hashes, token_lists = self._live_documents()
            self.build_from_tokens(keys, hashes, token_lists)

    def _live_documents(self) -> tuple[list[str], list[str], list[list[str]]]:
        seg, vocab = self._segment, self._segment.vocab
        keys, hashes, token_lists = [], [], []
        for pos in np.flatnonzero(~self._dead):
            keys.append(seg.keys[pos])
            hashes.append(seg.hashes[pos])
            token_lists.append([vocab[t] for t in seg.doc_tokens(int(pos))])
        for key, tokens in self._delta.tokens.items():
            keys.append(key)
            hashes.append(self._delta.hashes[key])
            token_lists.append(tokens)
        return keys, hashes, token_lists

    # -- search ---------------------------------------------------------------------------------

    def search(
        self, query: str, top_k: int = 10, *, accept: Callable[[str], bool] | None = None
    ) -> list[Hit]:
        """The ``top_k`` best entries for a query; ``accept`` filters keys (structured filters)."""
        return self.search_tokens(self.tokenizer.tokenize(query), top_k, accept=accept)

    def search_tokens(
        self, tokens: Sequence[str], top_k: int = 10, *, accept: Callable[[str], bool] | None = None
    ) -> list[Hit]:
        """Like :meth:`search` for an already-tokenised query."""
        terms = list(dict.fromkeys(tokens))
        if not terms or top_k <= 0:
            return []
        with self._lock:
            positions, scores = self._score_segment(terms)
            delta = self._score_delta(terms)
            wanted = top_k if accept is None else top_k * 4
            while True:
                scored = self._top(positions, scores, wanted + len(delta)) + delta
                scored.sort(key=lambda pair: (-pair[1], pair[0]))
                hits = [
                    Hit(k, s, self._matched_terms(k, terms))
                    for k, s in scored
                    if accept is None or accept(k)
                ]
                if len(hits) >= top_k or wanted >= len(positions):
                    return hits[:top_k]
                wanted *= 8

    def _top(self, positions: IntArray, scores: FloatArray, n: int) -> list[tuple[str, float]]:
        """The ``n`` best segment documents (all of them when fewer), as (key, score)."""
        if len(positions) > n:
            chosen = np.argpartition(-scores, n - 1)[:n]
            positions, scores = positions[chosen], scores[chosen]
        keys = self._segment.keys
        return [
            (keys[p], float(s)) for p, s in zip(positions.tolist(), scores.tolist(), strict=True)
        ]

    def _score_segment(self, terms: list[str]) -> tuple[IntArray, FloatArray]:
        seg = self._segment
        term_ids = [self._vocab_ids[t] for t in terms if t in self._vocab_ids]
        if not term_ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        docs = np.concatenate([seg.indices[seg.indptr[t] : seg.indptr[t + 1]] for t in term_ids])
        weights = np.concatenate([seg.data[seg.indptr[t] : seg.indptr[t + 1]] for t in term_ids])
        if len(term_ids) == 1:
            positions, scores = docs, weights.astype(np.float64)
        elif len(docs) * 8 < seg.n_docs:
            positions, inverse = np.unique(docs, return_inverse=True)
            scores = np.bincount(inverse, weights=weights).astype(np.float64)
        else:
            dense = np.bincount(docs, weights=weights, minlength=seg.n_docs).astype(np.float64)
            positions = np.flatnonzero(dense)
            scores = dense[positions]
        live = ~self._dead[positions]
        return positions[live], scores[live]

    def _score_delta(self, terms: list[str]) -> list[tuple[str, float]]:
        delta = self._delta
        if not delta.tokens:
            return []
        n_docs = max(len(self), 1)
        totals: dict[str, float] = {}
        for term in terms:
            posting = delta.postings.get(term)
            if not posting:
                continue
            tid = self._vocab_ids.get(term)
            df = len(posting) + (self._segment.doc_freq(tid) if tid is not None else 0)
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            for key, tf in posting.items():
                norm = self.k1 * (
                    1 - self.b + self.b * len(delta.tokens[key]) / self._segment.avgdl
                )
                totals[key] = totals.get(key, 0.0) + idf * tf / (tf + norm)
        return list(totals.items())

    def _matched_terms(self, key: str, terms: list[str]) -> tuple[str, ...]:
        if key in self._delta.tokens:
            present = set(self._delta.tokens[key])
            return tuple(t for t in terms if t in present)
        ids = set(self._segment.doc_tokens(self._positions[key]).tolist())
        return tuple(t for t in terms if self._vocab_ids.get(t, -1) in ids)

    def tokens_of(self, key: str) -> list[str]:
        """The stored tokens of an indexed entry (what explanations and rebuilds use)."""
        with self._lock:
            if key in self._delta.tokens:
                return list(self._delta.tokens[key])
            if key not in self:
                raise KeyError(key)
            vocab = self._segment.vocab
            return [vocab[t] for t in self._segment.doc_tokens(self._positions[key])]

    # -- persistence ----------------------------------------------------------------------------

    def _meta(self) -> dict[str, Any]:
        return {"format": FORMAT, "signature": self.tokenizer.signature, "k1": self.k1, "b": self.b}

    def _generation_dir(self, generation: int) -> Path:
        assert self.directory is not None
        return self.directory / f"gen-{generation}"

    def _write_generation(self) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        previous = self._generation
        self._generation = self._next_generation()
        target = self._generation_dir(self._generation)
        target.mkdir()
        self._segment.save(target)
        (target / "ops.log").touch()
        (target / "meta.json").write_text(json.dumps(self._meta()), encoding="utf-8")
        pointer = self.directory / "CURRENT.tmp"
        pointer.write_text(str(self._generation), encoding="utf-8")
        pointer.replace(self.directory / "CURRENT")
        if previous and self._generation_dir(previous).exists():
            shutil.rmtree(self._generation_dir(previous))

    def _next_generation(self) -> int:
        assert self.directory is not None
        existing = [int(p.name[4:]) for p in self.directory.glob("gen-*") if p.name[4:].isdigit()]
        return max([self._generation, *existing]) + 1

    def _append_log(self, op: dict[str, Any]) -> None:
        if self.directory is None:
            return
        if not self._generation:
            self._write_generation()
        with (self._generation_dir(self._generation) / "ops.log").open(
            "a", encoding="utf-8"
        ) as log:
            log.write(json.dumps(op, ensure_ascii=False) + "\n")

    @classmethod
    def open(cls, directory: Path, **options: Any) -> CatalogIndex:
        """Load an index from disk and replay its log.

        Raises:
            IndexFormatError: no index there, or one built by another format or tokenizer.
        """
        index = cls(directory, **options)
        pointer = directory / "CURRENT"
        if not pointer.exists():
            raise IndexFormatError(f"索引不存在：{directory}")
        index._generation = int(pointer.read_text(encoding="utf-8").strip())
        gen_dir = index._generation_dir(index._generation)
        meta = json.loads((gen_dir / "meta.json").read_text(encoding="utf-8"))
        if meta != index._meta():
            raise IndexFormatError(f"索引已过期（分词器或格式已变化），需重建：{directory}")
        index._set_segment(Segment.load(gen_dir))
        index._replay(gen_dir / "ops.log")
        return index

    def _replay(self, log_path: Path) -> None:
        for line in log_path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            op = json.loads(line)
            if op["op"] == "put":
                self._apply_put(op["key"], list(op["tokens"]), op["hash"])
            else:
                self._apply_delete(op["key"])

    @classmethod
    def open_or_build(
        cls, directory: Path, source: CatalogSource, **options: Any
    ) -> tuple[CatalogIndex, SyncReport]:
        """Open the index at ``directory`` and bring it up to date with ``source``; build it if missing or stale."""
        try:
            index = cls.open(directory, **options)
        except (IndexFormatError, OSError, ValueError, KeyError):
            index = cls(directory, **options)
            fingerprints = source.fingerprints()
            texts = source.texts(list(fingerprints))
            index.build(texts.items())
            return index, SyncReport(rebuilt=True, tokenised=len(texts), deleted=0, unchanged=0)
        return index, index.sync(source)

    def sync(self, source: CatalogSource) -> SyncReport:
        """Re-tokenise only the entries whose fingerprint changed; drop the ones that disappeared."""
        current = source.fingerprints()
        with self._lock:
            stale = [key for key, digest in current.items() if self.content_hash_of(key) != digest]
            gone = [key for key in self._all_keys() if key not in current]
        for key in gone:
            self.delete(key)
        texts = source.texts(stale) if stale else {}
        for key in stale:
            self.upsert(key, texts.get(key, ""))
        return SyncReport(False, len(stale), len(gone), len(current) - len(stale))

    def _all_keys(self) -> list[str]:
        live = [self._segment.keys[p] for p in np.flatnonzero(~self._dead)]
        return live + [
            k
            for k in self._delta.tokens
            if k not in self._positions or self._dead[self._positions[k]]
        ]
