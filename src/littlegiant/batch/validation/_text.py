"""Arrow string helpers that keep Python's own string semantics (``str.strip``, ``\\s``, NFKC on digits).

The vectorised validator may only accept a cell when the per-row path would give the same value, so these
helpers copy Python's definitions exactly (the whitespace class is computed from ``str.isspace``) or leave a
cell alone, never approximate.

Examples:
    >>> import pyarrow as pa
    >>> strip(pa.array(["\\u3000 12 \\t", None])).to_pylist()
    ['12', None]
    >>> fold_fullwidth(pa.array(["\\uff11\\uff0c\\uff12\\uff13\\uff14", "5"])).to_pylist()
    ['1,234', '5']
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

__all__ = [
    "ASCII_SPACE_CLASS",
    "SPACES",
    "fold_fullwidth",
    "is_ascii",
    "mask_of",
    "space_class",
    "strip",
]

# The characters NFKC maps to ASCII that a number may contain (full-width digits, sign, point, comma,
# percent, parentheses, exponent) and the ideographic space. Other non-ASCII text goes to the per-value path.
_FULLWIDTH = {chr(0xFF10 + digit): str(digit) for digit in range(10)} | {
    "\uff0b": "+",
    "\uff0d": "-",
    "\uff0e": ".",
    "\uff0c": ",",
    "\uff05": "%",
    "\uff08": "(",
    "\uff09": ")",
    "\uff45": "e",
    "\uff25": "E",
    "\u3000": " ",
}

ASCII_SPACE_CLASS = r"[\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f ]"
"""The ASCII characters Python's ``str.isspace`` (and so ``\\s`` and ``strip()``) treats as whitespace."""


SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character for which ``str.isspace()`` is true (what ``strip()`` and ``\\s`` use); a test checks it."""


@cache
def space_class() -> str:
    """An RE2 character class of exactly the characters of :data:`SPACES`."""
    return "[" + "".join(f"\\x{{{ord(char):x}}}" for char in SPACES) + "]"


def strip(values: pa.Array) -> pa.Array:
    """``str.strip()`` over a string array (nulls stay null)."""
    import pyarrow.compute as pc

    return pc.utf8_trim(values, characters=SPACES)


def mask_of(condition: Any) -> np.ndarray:
    """A boolean Arrow array (or chunked array) as a numpy mask, null counting as false."""
    import pyarrow.compute as pc

    return pc.fill_null(condition, False).to_numpy(zero_copy_only=False)


def is_ascii(values: pa.Array) -> np.ndarray:
    """Which cells are ASCII text (null cells: false)."""
    import pyarrow.compute as pc

    return mask_of(pc.string_is_ascii(values))


def fold_fullwidth(values: pa.Array) -> pa.Array:
    """NFKC restricted to the full-width characters of numbers, applied to the non-ASCII cells only."""
    import pyarrow as pa
    import pyarrow.compute as pc

    other = ~is_ascii(values) & ~mask_of(pc.is_null(values))
    if not other.any():
        return values
    part = values.filter(pa.array(other))
    for wide, narrow in _FULLWIDTH.items():
        part = pc.replace_substring(part, wide, narrow)
    return pc.replace_with_mask(values, pa.array(other), part)
