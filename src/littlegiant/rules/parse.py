"""Parse rule expressions (a whitelisted subset of Python syntax) into the typed IR.

Examples:
    >>> from littlegiant.rules import ir
    >>> def names(name):
    ...     return ir.Field(name, ir.Type.NUMBER)
    >>> node = parse_expression("ratio(rd_expense_y1, revenue_y1) >= 3", names)
    >>> type(node).__name__, node.op
    ('Compare', '>=')
    >>> parse_expression("__import__('os')", names)
    Traceback (most recent call last):
    ...
    littlegiant.rules.parse.ExpressionError: 不支持的函数 __import__
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from littlegiant.rules import ir
from littlegiant.rules.ir import Type

__all__ = ["FUNCTIONS", "ExpressionError", "parse_expression"]

N, B, T, S = Type.NUMBER, Type.BOOLEAN, Type.TEXT, Type.SET

FUNCTIONS: dict[str, str] = {
    "min": "smallest argument; null if any is null",
    "max": "largest argument; null if any is null",
    "abs": "absolute value",
    "floor": "largest integer <= x",
    "sqrt": "square root; null for negatives",
    "round": "round(x, n): half away from zero to n decimals",
    "ratio": "ratio(a, b): a / b * 100 rounded to 4 decimals; null if b is 0",
    "coalesce": "first non-null argument",
    "is_known": "true if the argument is not null (never unknown)",
    "contains": "contains(set_field, 'x'): the multi-choice field holds 'x'",
    "startswith": "startswith(text, 'p1', ...): text starts with one of the prefixes",
    "industry_section": "GB/T 4754-2017 门类 letter of an industry code",
    "industry_digits": "the digits of an industry code",
}

_ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_CONSTANT_NAMES: dict[str, ir.Const] = {
    "true": ir.Const(True, B),
    "false": ir.Const(False, B),
    "null": ir.Const(None, Type.NULL),
}

Resolver = Callable[[str], ir.Node]


class ExpressionError(ValueError):
    """An expression is not in the language or is badly typed (the loader adds file:line)."""


def parse_expression(source: str, resolve: Resolver) -> ir.Node:
    """Parse ``source`` into a typed IR node; names are looked up with ``resolve``.

    Raises:
        ExpressionError: the text is not a valid, well-typed expression.
    """
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"表达式语法错误：{error.msg}（{source!r}）") from error
    return _Converter(resolve).convert(tree.body)


def _expect(node: ir.Node, *types: Type, what: str) -> None:
    if node.type is not Type.NULL and node.type not in types:
        wanted = "/".join(types)
        raise ExpressionError(f"{what} 需要 {wanted} 类型，得到 {node.type}")


def _common_type(nodes: tuple[ir.Node, ...], what: str) -> Type:
    types = {node.type for node in nodes} - {Type.NULL}
    if len(types) > 1:
        raise ExpressionError(f"{what} 的各部分类型不一致：{sorted(types)}")
    return types.pop() if types else Type.NULL


class _Converter:
    def __init__(self, resolve: Resolver) -> None:
        self.resolve = resolve

    def convert(self, node: ast.expr) -> ir.Node:
        method: Callable[[Any], ir.Node] | None = getattr(
            self, f"_{type(node).__name__.lower()}", None
        )
        if method is None:
            raise ExpressionError(f"不支持的语法：{type(node).__name__}")
        return method(node)

    def _constant(self, node: ast.Constant) -> ir.Node:
        value = node.value
        if isinstance(value, bool) or value is None:
            raise ExpressionError("请使用小写的 true / false / null")
        if isinstance(value, int | float):
            return ir.Const(float(value), N)
        if isinstance(value, str):
            return ir.Const(value, T)
        raise ExpressionError(f"不支持的常量：{value!r}")

    def _name(self, node: ast.Name) -> ir.Node:
        if node.id in _CONSTANT_NAMES:
            return _CONSTANT_NAMES[node.id]
        return self.resolve(node.id)

    def _unaryop(self, node: ast.UnaryOp) -> ir.Node:
        operand = self.convert(node.operand)
        if isinstance(node.op, ast.Not):
            _expect(operand, B, what="not")
            return ir.Not(operand)
        if isinstance(node.op, ast.USub):
            _expect(operand, N, what="负号")
            if isinstance(operand, ir.Const) and operand.value is not None:
                return ir.Const(-operand.value, N)
            return ir.Binary("-", ir.Const(0.0, N), operand)
        raise ExpressionError("不支持的一元运算")

    def _binop(self, node: ast.BinOp) -> ir.Node:
        op = _ARITHMETIC.get(type(node.op))
        if op is None:
            raise ExpressionError(f"不支持的运算符：{type(node.op).__name__}")
        left, right = self.convert(node.left), self.convert(node.right)
        _expect(left, N, what=f"运算 {op}")
        _expect(right, N, what=f"运算 {op}")
        return ir.Binary(op, left, right)

    def _boolop(self, node: ast.BoolOp) -> ir.Node:
        op = "and" if isinstance(node.op, ast.And) else "or"
        operands = tuple(self.convert(value) for value in node.values)
        for operand in operands:
            _expect(operand, B, what=op)
        return ir.BoolOp(op, operands)

    def _compare(self, node: ast.Compare) -> ir.Node:
        if len(node.ops) != 1:
            raise ExpressionError("不支持连续比较（如 a < b < c），请用 and 连接")
        left, right_ast, op_ast = self.convert(node.left), node.comparators[0], node.ops[0]
        if isinstance(op_ast, ast.In | ast.NotIn):
            return self._membership(left, right_ast, negate=isinstance(op_ast, ast.NotIn))
        op = _COMPARE.get(type(op_ast))
        if op is None:
            raise ExpressionError(f"不支持的比较：{type(op_ast).__name__}")
        right = self.convert(right_ast)
        kind = _common_type((left, right), f"比较 {op}")
        if op in {"<", "<=", ">", ">="} and kind not in {N, Type.NULL}:
            raise ExpressionError(f"比较 {op} 只能用于数值，得到 {kind}")
        if kind is S:
            raise ExpressionError("多选字段请用 contains()")
        return ir.Compare(op, left, right)

    def _membership(self, left: ir.Node, right: ast.expr, *, negate: bool) -> ir.Node:
        if not isinstance(right, ast.Tuple | ast.List) or not right.elts:
            raise ExpressionError("in 的右边必须是常量元组，如 ('a', 'b')")
        options = tuple(self.convert(item) for item in right.elts)
        if not all(isinstance(option, ir.Const) and option.value is not None for option in options):
            raise ExpressionError("in 的右边只能是常量")
        _expect(left, N, T, what="in")
        _common_type((left, *options), "in")
        return ir.In(
            left, tuple(option.value for option in options if isinstance(option, ir.Const)), negate
        )

    def _call(self, node: ast.Call) -> ir.Node:
        name = node.func.id if isinstance(node.func, ast.Name) else "?"
        if name not in FUNCTIONS or node.keywords:
            raise ExpressionError(f"不支持的函数 {name}")
        args = tuple(self.convert(arg) for arg in node.args)
        return _typed_call(name, args)


def _arity(name: str, args: tuple[ir.Node, ...], low: int, high: int | None = None) -> None:
    count = len(args)
    if count < low or (high is not None and count > high):
        expected = f"{low}" if high == low else f"{low} 到 {high or '多'}"
        raise ExpressionError(f"函数 {name} 需要 {expected} 个参数，得到 {count}")


def _const_text(name: str, arg: ir.Node) -> None:
    if not (isinstance(arg, ir.Const) and isinstance(arg.value, str)):
        raise ExpressionError(f"函数 {name} 的这个参数必须是文本常量")


def _typed_call(name: str, args: tuple[ir.Node, ...]) -> ir.Node:
    if name in {"min", "max"}:
        _arity(name, args, 2)
    elif name in {"abs", "floor", "sqrt", "industry_section", "industry_digits", "is_known"}:
        _arity(name, args, 1, 1)
    elif name in {"round", "ratio", "contains"}:
        _arity(name, args, 2, 2)
    elif name in {"coalesce", "startswith"}:
        _arity(name, args, 2)
    return _CALL_TYPERS[name](name, args)


def _numbers(name: str, args: tuple[ir.Node, ...]) -> ir.Node:
    for arg in args:
        _expect(arg, N, what=f"函数 {name}")
    return ir.Call(name, args, N)


def _round(name: str, args: tuple[ir.Node, ...]) -> ir.Node:
    _expect(args[0], N, what=name)
    digits = args[1]
    if not (isinstance(digits, ir.Const) and digits.value in {0, 1, 2, 3, 4, 5, 6}):
        raise ExpressionError("round 的小数位数必须是 0 到 6 的常量")
    return ir.Call(name, args, N)


def _coalesce(name: str, args: tuple[ir.Node, ...]) -> ir.Node:
    return ir.Call(name, args, _common_type(args, name))


def _is_known(name: str, args: tuple[ir.Node, ...]) -> ir.Node:
    return ir.Call(name, args, B)


def _contains(name: str, args: tuple[ir.Node, ...]) -> ir.Node:
    _expect(args[0], S, what=name)
    _const_text(name, args[1])
    return ir.Call(name, args, B)


def _startswith(name: str, args: tuple[ir.Node, ...]) -> ir.Node:
    _expect(args[0], T, what=name)
    for arg in args[1:]:
        _const_text(name, arg)
    return ir.Call(name, args, B)


def _industry(name: str, args: tuple[ir.Node, ...]) -> ir.Node:
    _expect(args[0], T, what=name)
    return ir.Call(name, args, T)


_CALL_TYPERS: dict[str, Callable[[str, tuple[ir.Node, ...]], ir.Node]] = {
    "min": _numbers, "max": _numbers, "abs": _numbers, "floor": _numbers, "sqrt": _numbers,
    "ratio": _numbers, "round": _round, "coalesce": _coalesce, "is_known": _is_known,
    "contains": _contains, "startswith": _startswith,
    "industry_section": _industry, "industry_digits": _industry,
}  # fmt: skip
