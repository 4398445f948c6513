"""Every ``Examples:`` block in the package's docstrings runs and holds (house style: doctests over src)."""

import doctest
import importlib
import pkgutil

import pytest

import littlegiant

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(littlegiant.__path__, "littlegiant.")
    if ".migrations" not in info.name
    and not info.name.endswith(".manage")
    # the production settings refuse to load without their environment (tests/web/test_production_settings.py)
    and not info.name.endswith(".config.production")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, (
        f"{result.failed} of {result.attempted} docstring examples failed in {name}"
    )


def test_the_examples_are_really_collected():
    attempted = sum(
        doctest.testmod(importlib.import_module(name), verbose=False, report=False).attempted
        for name in ("littlegiant.records.fields", "littlegiant.rules")
    )
    assert attempted >= 5
