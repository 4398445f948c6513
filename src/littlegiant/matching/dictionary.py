"""The versioned domain dictionary: the jieba user words and what each compound stands for.

Examples:
    >>> d = load_dictionary()
    >>> "专精特新中小企业" in d.terms
    True
    >>> d.expansions["专精特新中小企业"]
    ('专精特新', '中小企业')
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from littlegiant.matching._errors import MatchingError

__all__ = ["DomainDictionary", "load_dictionary", "load_stopwords"]

_DATA = "littlegiant.matching.data"


@dataclass(frozen=True, slots=True)
class DomainDictionary:
    """Domain terms kept whole by the tokenizer, plus the coarser terms each compound expands to."""

    version: str
    terms: tuple[str, ...]
    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def signature(self) -> str:
        """A short hash of the content; part of every index's metadata."""
        text = "\n".join(f"{t}:{','.join(self.expansions.get(t, ()))}" for t in self.terms)
        return f"{self.version}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def _parse(raw: object) -> DomainDictionary:
    if not isinstance(raw, dict) or "version" not in raw or "terms" not in raw:
        raise MatchingError("领域词典格式错误：需要 version 和 terms 两个键")
    terms: list[str] = []
    expansions: dict[str, tuple[str, ...]] = {}
    for position, item in enumerate(raw["terms"], start=1):
        term = str(item.get("term", "")).strip() if isinstance(item, dict) else ""
        if not term:
            raise MatchingError(f"领域词典第 {position} 条缺少 term")
        if term in expansions:
            raise MatchingError(f"领域词典第 {position} 条重复：{term}")
        terms.append(term)
        expansions[term] = tuple(str(e).lower() for e in item.get("expands") or ())
    return DomainDictionary(str(raw["version"]), tuple(terms), expansions)


@cache
def load_dictionary() -> DomainDictionary:
    """The domain dictionary shipped with the package (``matching/data/domain_terms.yaml``)."""
    text = resources.files(_DATA).joinpath("domain_terms.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))


@cache
def load_stopwords() -> frozenset[str]:
    """Function words dropped from documents and queries alike."""
    text = resources.files(_DATA).joinpath("stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())
