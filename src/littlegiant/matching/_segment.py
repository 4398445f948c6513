"""The immutable main segment of an index: BM25 weights from bm25s plus every document's token ids."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Segment", "build_segment"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


@dataclass(slots=True)
class Segment:
    """Documents ``0..n-1``: keys, content hashes, vocabulary and the BM25 matrix in CSC form.

    ``data[indptr[t]:indptr[t+1]]`` are the BM25 weights of term ``t`` in documents
    ``indices[indptr[t]:indptr[t+1]]`` (what bm25s computes); ``tokens[offsets[d]:offsets[d+1]]``
    are document ``d``'s token ids, kept so that a rebuild never re-tokenises.
    """

    keys: list[str]
    hashes: list[str]
    vocab: list[str]
    data: FloatArray
    indices: IntArray
    indptr: IntArray
    offsets: IntArray
    tokens: IntArray
    avgdl: float

    @property
    def n_docs(self) -> int:
        """Documents in the segment, tombstoned ones included."""
        return len(self.keys)

    def doc_tokens(self, position: int) -> IntArray:
        """The token ids of one document."""
        return self.tokens[self.offsets[position] : self.offsets[position + 1]]

    def doc_freq(self, term_id: int) -> int:
        """How many documents of the segment contain the term."""
        return int(self.indptr[term_id + 1] - self.indptr[term_id])

    def save(self, directory: Path) -> None:
        """Write the segment's files into ``directory`` (which must exist)."""
        np.savez(
            directory / "segment.npz",
            data=self.data,
            indices=self.indices,
            indptr=self.indptr,
            offsets=self.offsets,
            tokens=self.tokens,
        )
        (directory / "docs.json").write_text(
            json.dumps(
                {"keys": self.keys, "hashes": self.hashes, "avgdl": self.avgdl}, ensure_ascii=False
            ),
            encoding="utf-8",
        )
        (directory / "vocab.json").write_text(
            json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> Segment:
        """Read a segment written by :meth:`save`."""
        docs: dict[str, Any] = json.loads((directory / "docs.json").read_text(encoding="utf-8"))
        vocab: list[str] = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        with np.load(directory / "segment.npz") as arrays:
            return cls(
                keys=list(docs["keys"]),
                hashes=list(docs["hashes"]),
                vocab=vocab,
                data=arrays["data"],
                indices=arrays["indices"].astype(np.int64),
                indptr=arrays["indptr"].astype(np.int64),
                offsets=arrays["offsets"].astype(np.int64),
                tokens=arrays["tokens"].astype(np.int64),
                avgdl=float(docs["avgdl"]),
            )


def _empty(keys: list[str], hashes: list[str]) -> Segment:
    zeros = np.zeros(len(keys) + 1, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    return Segment(
        keys, hashes, [], np.zeros(0, np.float32), empty, np.zeros(1, np.int64), zeros, empty, 1.0
    )


def build_segment(
    keys: list[str], hashes: list[str], token_lists: list[list[str]], *, k1: float, b: float
) -> Segment:
    """Build a segment from already-tokenised documents with bm25s's Lucene BM25 weights."""
    import bm25s

    vocab_ids: dict[str, int] = {}
    corpus_ids = [
        [vocab_ids.setdefault(tok, len(vocab_ids)) for tok in tokens] for tokens in token_lists
    ]
    if not vocab_ids:
        return _empty(keys, hashes)
    model = bm25s.BM25(k1=k1, b=b, method="lucene")
    scores = model.build_index_from_ids(
        unique_token_ids=list(range(len(vocab_ids))),
        corpus_token_ids=corpus_ids,
        show_progress=False,
    )
    lengths = np.fromiter((len(ids) for ids in corpus_ids), dtype=np.int64, count=len(corpus_ids))
    offsets = np.zeros(len(corpus_ids) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.fromiter(
        (t for ids in corpus_ids for t in ids), dtype=np.int64, count=int(offsets[-1])
    )
    return Segment(
        keys=keys,
        hashes=hashes,
        vocab=list(vocab_ids),
        data=np.asarray(scores["data"], dtype=np.float32),
        indices=np.asarray(scores["indices"], dtype=np.int64),
        indptr=np.asarray(scores["indptr"], dtype=np.int64),
        offsets=offsets,
        tokens=flat,
        avgdl=float(lengths.mean()) if len(lengths) else 1.0,
    )
