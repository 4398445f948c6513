"""Chinese tokenisation for the catalogs: jieba with the domain dictionary, stopwords and expansions.

Documents and queries go through the same :class:`Tokenizer`, so a term matches exactly when both
sides produced it. jieba ships its own dictionary; nothing is downloaded. Its prefix-dictionary
cache goes to ``LITTLEGIANT_HOME/cache`` when that is set, else the system temp folder.

Examples:
    >>> tokenizer = default_tokenizer()
    >>> tokenizer.tokenize("专精特新中小企业数字化转型")
    ['专精特新中小企业', '专精特新', '中小企业', '数字化转型', '数字化']
"""

from __future__ import annotations

import hashlib
import logging
import os
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

from littlegiant.matching.dictionary import DomainDictionary, load_dictionary, load_stopwords

__all__ = ["Tokenizer", "default_tokenizer", "tokenize_many"]


def _is_word(token: str) -> bool:
    """True when the token carries a letter, digit or CJK character (not punctuation or space)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


class Tokenizer:
    """jieba, loaded once, with the domain terms kept whole and expanded to their coarser terms."""

    def __init__(
        self,
        dictionary: DomainDictionary | None = None,
        *,
        stopwords: frozenset[str] | None = None,
        hmm: bool = True,
    ) -> None:
        self.dictionary = dictionary or load_dictionary()
        self.stopwords = load_stopwords() if stopwords is None else stopwords
        self.hmm = hmm
        self._jieba: Any = None

    @property
    def signature(self) -> str:
        """Identifies everything that shapes the tokens; an index built under another one is stale."""
        import jieba

        stop = hashlib.sha256("\n".join(sorted(self.stopwords)).encode()).hexdigest()[:8]
        return f"jieba-{jieba.__version__}|dict-{self.dictionary.signature}|stop-{stop}|hmm-{int(self.hmm)}"

    def _engine(self) -> Any:
        if self._jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            engine = jieba.Tokenizer()
            home = os.environ.get("LITTLEGIANT_HOME")
            if home:
                cache_dir = Path(home) / "cache"
                cache_dir.mkdir(parents=True, exist_ok=True)
                engine.tmp_dir = str(cache_dir)
            engine.initialize()
            for term in self.dictionary.terms:
                engine.add_word(term)
                engine.suggest_freq(term, tune=True)
            self._jieba = engine
        return self._jieba

    def tokenize(self, text: str | None) -> list[str]:
        """The tokens of a text, in order, with each domain compound followed by its expansions."""
        if not text:
            return []
        tokens: list[str] = []
        expansions = self.dictionary.expansions
        for raw in self._engine().cut(text.lower(), HMM=self.hmm):
            token = raw.strip()
            if not token or token in self.stopwords or not _is_word(token):
                continue
            tokens.append(token)
            tokens.extend(expansions.get(token, ()))
        return tokens

    def tokenize_all(self, texts: Iterable[str | None]) -> list[list[str]]:
        """Tokenise several texts in this process."""
        return [self.tokenize(text) for text in texts]


@cache
def default_tokenizer() -> Tokenizer:
    """The process-wide tokenizer with the shipped dictionary (jieba loads once per process)."""
    return Tokenizer()


def _tokenize_chunk(texts: Sequence[str | None]) -> list[list[str]]:
    return default_tokenizer().tokenize_all(texts)


def tokenize_many(
    texts: Sequence[str | None], *, workers: int = 1, chunk_size: int = 5000
) -> list[list[str]]:
    """Tokenise many texts with the default tokenizer, in ``workers`` processes when above one.

    Only worth it for bulk builds (tens of thousands of texts): each worker loads jieba once.
    """
    if workers <= 1 or len(texts) <= chunk_size:
        return default_tokenizer().tokenize_all(texts)
    chunks = [texts[i : i + chunk_size] for i in range(0, len(texts), chunk_size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [tokens for part in pool.map(_tokenize_chunk, chunks) for tokens in part]
