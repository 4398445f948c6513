"""Explanations a user can read: the matched terms marked inside an entry's text.

Examples:
    >>> to_html(snippet("面向专精特新中小企业的工业互联网平台", ["工业互联网"], width=10))
    '…中小企业的<mark>工业互联网</mark>平台'
    >>> to_html(highlight("a<b>算力券", ["算力券"]))
    'a&lt;b&gt;<mark>算力券</mark>'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Segment", "highlight", "snippet", "to_html"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text, marked when it is a matched term."""

    text: str
    matched: bool


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted(
        {t for t in terms if t}, key=len, reverse=True
    )  # longest first: 专精特新中小企业 before 专精特新
    return re.compile("|".join(re.escape(t) for t in unique), re.IGNORECASE) if unique else None


def highlight(text: str | None, terms: Iterable[str]) -> list[Segment]:
    """Split ``text`` into plain and matched segments (case-insensitive, longest term wins)."""
    text = text or ""
    pattern = _pattern(terms)
    if pattern is None:
        return [Segment(text, False)] if text else []
    segments: list[Segment] = []
    cursor = 0
    for found in pattern.finditer(text):
        if found.start() > cursor:
            segments.append(Segment(text[cursor : found.start()], False))
        segments.append(Segment(found.group(0), True))
        cursor = found.end()
    if cursor < len(text):
        segments.append(Segment(text[cursor:], False))
    return segments


def snippet(text: str | None, terms: Sequence[str], *, width: int = 60) -> list[Segment]:
    """A window of about ``width`` characters around the first matched term, highlighted."""
    text = text or ""
    pattern = _pattern(terms)
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - width // 2) if found else 0
    end = min(len(text), start + width + (len(found.group(0)) if found else 0))
    segments = highlight(text[start:end], terms)
    if start > 0:
        segments.insert(0, Segment("…", False))
    if end < len(text):
        segments.append(Segment("…", False))
    return segments


def to_html(segments: Iterable[Segment]) -> str:
    """HTML with matched segments in ``<mark>`` and everything escaped."""
    return "".join(
        f"<mark>{html.escape(s.text)}</mark>" if s.matched else html.escape(s.text)
        for s in segments
    )
