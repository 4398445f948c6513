"""Search and sort keys of an enterprise name: full pinyin and pinyin initials (pypinyin, ADR 0010).

Stored on ``Enterprise`` (``name_pinyin``, ``name_initials``) whenever a name is written — by the model's
``save`` and by the bulk archive load — so the list searches and sorts in the database.

Examples:
    >>> name_keys("杭州中创影业有限公司")
    ('hangzhouzhongchuangyingyeyouxiangongsi', 'hzzcyyyxgs')
    >>> name_keys("ABC科技（杭州）")
    ('abckeji（hangzhou）', 'abckj（hz）')
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

__all__ = ["name_keys", "search_words"]


def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case, without spaces; other characters kept as typed."""
    syllables = lazy_pinyin(name or "", style=Style.NORMAL, errors="default")
    initials = lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="default")
    full = "".join(syllables).replace(" ", "").lower()
    first = "".join(initials).replace(" ", "").lower()
    return full, first


def search_words(query: str) -> list[str]:
    """The words of a search box: split at spaces (also the ideographic space), at most five."""
    return [word for word in query.replace("\u3000", " ").split() if word][:5]
