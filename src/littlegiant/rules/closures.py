"""Compile IR to Python closures (once per pack and as-of parameter set) for fast evaluation.

Every closure takes the environment dict (normalized record values and the values of the rules
computed so far) and returns float, bool, str, frozenset or None, with Kleene/SQL-NULL semantics.

Examples:
    >>> from littlegiant.rules import ir
    >>> node = ir.BoolOp("or", (ir.Field("a", ir.Type.BOOLEAN), ir.Const(True, ir.Type.BOOLEAN)))
    >>> compile_node(node, {})({"a": None})
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from littlegiant.rules import ir
from littlegiant.rules.semantics import industry_digits, industry_section, ratio, round_half_away

__all__ = ["Closure", "compile_node"]

Closure = Callable[[dict[str, Any]], Any]
_ORDER = {
    "<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__,
}  # fmt: skip


def compile_node(node: ir.Node, params: dict[str, Any]) -> Closure:
    """A closure computing ``node``; parameters are bound as constants."""
    compiler = _COMPILERS[type(node)]
    return compiler(node, params)


def _const(node: Any, params: dict[str, Any]) -> Closure:
    value = node.value
    return lambda env: value


def _param(node: Any, params: dict[str, Any]) -> Closure:
    value = params[node.name]
    return lambda env: value


def _name(node: Any, params: dict[str, Any]) -> Closure:
    name = node.name
    return lambda env: env[name]


def _not(node: Any, params: dict[str, Any]) -> Closure:
    operand = compile_node(node.operand, params)

    def run(env: dict[str, Any]) -> Any:
        value = operand(env)
        return None if value is None else not value

    return run


def _binary(node: Any, params: dict[str, Any]) -> Closure:
    left, right, op = compile_node(node.left, params), compile_node(node.right, params), node.op

    def run(env: dict[str, Any]) -> Any:
        a = left(env)
        if a is None:
            return None
        b = right(env)
        if b is None:
            return None
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        return None if b == 0 else a / b

    return run


def _compare(node: Any, params: dict[str, Any]) -> Closure:
    left, right, op = compile_node(node.left, params), compile_node(node.right, params), node.op
    order = _ORDER.get(op)

    def run(env: dict[str, Any]) -> Any:
        a = left(env)
        if a is None:
            return None
        b = right(env)
        if b is None:
            return None
        if order is not None:
            return order(a, b)
        return (a == b) if op == "==" else (a != b)

    return run


def _boolop(node: Any, params: dict[str, Any]) -> Closure:
    operands = tuple(compile_node(operand, params) for operand in node.operands)
    stop = node.op == "or"  # the value that decides: True for or, False for and

    def run(env: dict[str, Any]) -> Any:
        unknown = False
        for operand in operands:
            value = operand(env)
            if value is None:
                unknown = True
            elif value is stop:
                return stop
        return None if unknown else not stop

    return run


def _in(node: Any, params: dict[str, Any]) -> Closure:
    operand, options, negate = (
        compile_node(node.operand, params),
        frozenset(node.options),
        node.negate,
    )

    def run(env: dict[str, Any]) -> Any:
        value = operand(env)
        if value is None:
            return None
        return (value in options) is not negate

    return run


def _cases(node: Any, params: dict[str, Any]) -> Closure:
    branches = tuple((compile_node(w, params), compile_node(t, params)) for w, t in node.branches)
    default = compile_node(node.default, params)

    def run(env: dict[str, Any]) -> Any:
        for when, then in branches:
            hit = when(env)
            if hit is None:
                return None
            if hit:
                return then(env)
        return default(env)

    return run


def _bands(node: Any, params: dict[str, Any]) -> Closure:
    of = compile_node(node.of, params)
    bands = tuple((compile_node(b, params), compile_node(p, params)) for b, p in node.bands)
    default, at_least = compile_node(node.default, params), node.direction == "at_least"

    def run(env: dict[str, Any]) -> Any:
        value = of(env)
        if value is None:
            return None
        for bound, points in bands:
            limit = bound(env)
            if limit is None:
                return None
            if (value >= limit) if at_least else (value <= limit):
                return points(env)
        return default(env)

    return run


def _call(node: Any, params: dict[str, Any]) -> Closure:
    args = tuple(compile_node(arg, params) for arg in node.args)
    name = node.func
    if name == "coalesce":
        return _coalesce(args)
    if name == "is_known":
        first = args[0]
        return lambda env: first(env) is not None
    if name in {"contains", "startswith"}:
        return _text_test(name, args[0], tuple(arg.value for arg in node.args[1:]))
    function = _STRICT_FUNCTIONS[name]
    if name == "round":
        digits = int(node.args[1].value)
        return _strict((args[0],), lambda x: round_half_away(x, digits))
    return _strict(args, function)


def _coalesce(args: tuple[Closure, ...]) -> Closure:
    def run(env: dict[str, Any]) -> Any:
        for arg in args:
            value = arg(env)
            if value is not None:
                return value
        return None

    return run


def _text_test(name: str, subject: Closure, constants: tuple[str, ...]) -> Closure:
    if name == "contains":
        item = constants[0]
        return lambda env: None if (value := subject(env)) is None else item in value
    return lambda env: None if (value := subject(env)) is None else value.startswith(constants)


def _strict(args: tuple[Closure, ...], function: Callable[..., Any]) -> Closure:
    if len(args) == 1:
        only = args[0]
        return lambda env: None if (value := only(env)) is None else function(value)

    def run(env: dict[str, Any]) -> Any:
        values = [arg(env) for arg in args]
        return None if None in values else function(*values)

    return run


def _sqrt(value: float) -> float | None:
    return None if value < 0 else math.sqrt(value)


_STRICT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": min, "max": max, "abs": abs, "floor": lambda x: float(math.floor(x)), "sqrt": _sqrt,
    "ratio": ratio, "round": round_half_away, "industry_section": industry_section,
    "industry_digits": industry_digits,
}  # fmt: skip

_COMPILERS: dict[type, Callable[[Any, dict[str, Any]], Closure]] = {
    ir.Const: _const, ir.Param: _param, ir.Field: _name, ir.RuleRef: _name, ir.Not: _not,
    ir.Binary: _binary, ir.Compare: _compare, ir.BoolOp: _boolop, ir.In: _in, ir.Cases: _cases,
    ir.Bands: _bands, ir.Call: _call,
}  # fmt: skip
