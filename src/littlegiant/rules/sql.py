"""Compile pack IR to sqlglot expressions (never SQL strings), with the Python path's exact semantics.

Each rule becomes one column ``<programme>__<rule>``; rules are computed in layers (one sub-query per
dependency depth) so a rule refers to the columns of the rules it reads. Fields come from a normalizing
base layer (see :func:`normalize_column`).

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules.registry import pack_for
    >>> compiled = compile_pack(pack_for("innovative_sme", dt.date(2025, 6, 30)), dt.date(2025, 6, 30))
    >>> "innovative_sme__status" in compiled.select("records").sql(dialect="duckdb")
    True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlglot import exp

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind
from littlegiant.rules import ir
from littlegiant.rules.pack import Pack
from littlegiant.rules.semantics import DIVISION_SECTIONS, FALSE_WORDS, RATIO_DECIMALS, TRUE_WORDS

__all__ = ["CompiledPack", "compile_pack", "compile_packs", "normalize_column", "output_columns"]

DOUBLE = exp.DataType.build("DOUBLE")


@dataclass(frozen=True, slots=True)
class CompiledPack:
    """One pack compiled at one as-of date: a column expression per rule, plus its outputs."""

    pack: Pack
    as_of: dt.date
    columns: dict[str, exp.Expression]  # column name -> expression over field/rule columns
    depths: dict[str, int]
    outputs: dict[str, exp.Expression]  # output column name -> expression over rule columns
    extra: dict[str, exp.Expression] = dataclasses.field(
        default_factory=dict
    )  # see compile_pack(extra=...)

    def select(
        self, source: str | exp.Expression, source_types: dict[str, str] | None = None
    ) -> exp.Select:
        """``SELECT uscc, <outputs> FROM (layers over source)``."""
        return build_select([self], source, source_types)


def _num(value: float) -> exp.Expression:
    return exp.cast(exp.Literal.number(repr(float(value))), DOUBLE)


def _literal(value: Any) -> exp.Expression:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, int | float):
        return _num(value)
    return exp.Literal.string(str(value))


_ATOMIC = (
    exp.Column,
    exp.Literal,
    exp.Cast,
    exp.TryCast,
    exp.Null,
    exp.Boolean,
    exp.Func,
    exp.Paren,
    exp.Case,
)


def _paren(node: exp.Expression) -> exp.Expression:
    """Parenthesize a compound expression (atoms and function calls need none)."""
    compound = isinstance(node, exp.Connector | exp.Binary | exp.Predicate | exp.Unary | exp.Not)
    return node if isinstance(node, _ATOMIC) and not compound else exp.Paren(this=node)


def _case(
    *branches: tuple[exp.Expression, exp.Expression], default: exp.Expression
) -> exp.Expression:
    case = exp.Case()
    for condition, value in branches:
        case = case.when(condition, value)
    return case.else_(default)


def _is_null(node: exp.Expression) -> exp.Expression:
    return exp.Is(this=node, expression=exp.null())


class _Compiler:
    """IR node → sqlglot expression, with parameters bound as literals.

    A sub-expression that would be written more than once (a ``cases`` condition, the value of ``bands``,
    the argument of ``round``) is hoisted into a helper column computed one layer earlier, so the SQL
    grows linearly with the pack. ``acc`` tracks the deepest column the current expression reads.
    """

    def __init__(self, prefix: str, params: dict[str, Any], depths: dict[str, int]) -> None:
        self.prefix = prefix
        self.params = params
        self.depths = depths
        self.helpers: dict[str, exp.Expression] = {}
        self.helper_names: dict[str, str] = {}
        self.acc = 0

    def __call__(self, node: ir.Node) -> exp.Expression:
        method: Callable[[Any], exp.Expression] = getattr(self, f"_{type(node).__name__.lower()}")
        return method(node)

    def rule(self, node: ir.Node) -> tuple[exp.Expression, int]:
        """A rule's expression and its layer (1 + the deepest column it reads)."""
        expression, depth = self.sub(node)
        return expression, depth + 1

    def sub(self, node: ir.Node) -> tuple[exp.Expression, int]:
        """Compile ``node`` and return the deepest layer it reads, leaving ``acc`` unchanged."""
        saved, self.acc = self.acc, 0
        expression = self(node)
        depth, self.acc = self.acc, saved
        return expression, depth

    def hoist(self, expression: exp.Expression, depth: int) -> exp.Expression:
        """Reference ``expression`` through a helper column unless it is already an atom."""
        if isinstance(expression, exp.Column | exp.Literal | exp.Null | exp.Boolean) or (
            isinstance(expression, exp.Cast) and isinstance(expression.this, exp.Literal | exp.Null)
        ):
            self.acc = max(self.acc, depth)
            return expression
        key = expression.sql(dialect="duckdb")
        name = self.helper_names.get(key)
        if name is None:
            name = f"{self.prefix}_h{len(self.helpers) + 1}"
            self.helper_names[key] = name
            self.helpers[name] = expression
            self.depths[name] = depth + 1
        self.acc = max(self.acc, self.depths[name])
        return exp.column(name, quoted=True)

    def shared(self, node: ir.Node) -> exp.Expression:
        """``node`` compiled and hoisted (for use more than once)."""
        return self.hoist(*self.sub(node))

    def _const(self, node: ir.Const) -> exp.Expression:
        return _literal(node.value)

    def _param(self, node: ir.Param) -> exp.Expression:
        return _literal(self.params[node.name])

    def _field(self, node: ir.Field) -> exp.Expression:
        return exp.column(node.name, quoted=True)

    def _ruleref(self, node: ir.RuleRef) -> exp.Expression:
        self.acc = max(self.acc, self.depths[self.prefix + node.name])
        return exp.column(self.prefix + node.name, quoted=True)

    def _not(self, node: ir.Not) -> exp.Expression:
        return exp.Not(this=_paren(self(node.operand)))

    def _binary(self, node: ir.Binary) -> exp.Expression:
        left, right = _paren(self(node.left)), _paren(self(node.right))
        if node.op == "/":
            return exp.Div(this=left, expression=exp.Nullif(this=right, expression=_num(0.0)))
        kinds = {"+": exp.Add, "-": exp.Sub, "*": exp.Mul}
        return cast(exp.Expression, kinds[node.op](this=left, expression=right))

    def _compare(self, node: ir.Compare) -> exp.Expression:
        kinds = {
            "<": exp.LT,
            "<=": exp.LTE,
            ">": exp.GT,
            ">=": exp.GTE,
            "==": exp.EQ,
            "!=": exp.NEQ,
        }
        made = kinds[node.op](this=_paren(self(node.left)), expression=_paren(self(node.right)))
        return cast(exp.Expression, made)

    def _boolop(self, node: ir.BoolOp) -> exp.Expression:
        parts = [_paren(self(operand)) for operand in node.operands]
        combine = exp.and_ if node.op == "and" else exp.or_
        return _paren(cast(exp.Expression, combine(*parts, copy=False)))

    def _in(self, node: ir.In) -> exp.Expression:
        test = exp.In(
            this=_paren(self(node.operand)), expressions=[_literal(v) for v in node.options]
        )
        return exp.Not(this=_paren(test)) if node.negate else test

    def _cases(self, node: ir.Cases) -> exp.Expression:
        branches: list[tuple[exp.Expression, exp.Expression]] = []
        for when, then in node.branches:
            condition = self.shared(when)
            branches += [(_is_null(condition), exp.null()), (condition, self(then))]
        return _case(*branches, default=self(node.default))

    def _bands(self, node: ir.Bands) -> exp.Expression:
        of = self.shared(node.of)
        branches: list[tuple[exp.Expression, exp.Expression]] = [(_is_null(of), exp.null())]
        compare = exp.GTE if node.direction == "at_least" else exp.LTE
        for bound, points in node.bands:
            limit = self.shared(bound)
            if not isinstance(bound, ir.Const | ir.Param):
                branches.append((_is_null(limit), exp.null()))
            branches.append((compare(this=of, expression=limit), self(points)))
        return _case(*branches, default=self(node.default))

    def _call(self, node: ir.Call) -> exp.Expression:
        saved, self.acc = self.acc, 0
        args = [_paren(self(arg)) for arg in node.args]
        depth = self.acc
        if node.func in _DUPLICATING:
            args = [self.hoist(arg, depth) for arg in args]
            depth = self.acc
        self.acc = max(saved, depth)
        return _FUNCTIONS[node.func](node, args, lambda e: self.hoist(e, depth))


_DUPLICATING = frozenset({"min", "max", "sqrt", "round", "industry_section", "industry_digits"})
Hoist = Callable[[exp.Expression], exp.Expression]


Builder = Callable[[ir.Call, list[exp.Expression], "Hoist"], exp.Expression]


def _strict(args: Sequence[exp.Expression], value: exp.Expression) -> exp.Expression:
    nulls = [_is_null(arg) for arg in args]
    condition = cast(exp.Expression, exp.or_(*nulls)) if len(nulls) > 1 else nulls[0]
    return _case((condition, exp.null()), default=value)


def _round(value: exp.Expression, decimals: int) -> exp.Expression:
    """``sign(x) * floor(abs(x) * 10^n + 0.5) / 10^n``, the operations of ``round_half_away``."""
    scale = _num(10.0**decimals)
    sign = _case((exp.LT(this=value, expression=_num(0.0)), _num(-1.0)), default=_num(1.0))
    scaled = exp.Add(this=exp.Mul(this=exp.Abs(this=value), expression=scale), expression=_num(0.5))
    floored = exp.Floor(this=scaled)
    return exp.Div(this=_paren(exp.Mul(this=sign, expression=floored)), expression=scale)


def _ratio(node: ir.Call, args: list[exp.Expression], hoist: Hoist) -> exp.Expression:
    a, b = args
    divided = exp.Div(this=a, expression=exp.Nullif(this=b, expression=_num(0.0)))
    return _round(hoist(exp.Mul(this=divided, expression=_num(100.0))), RATIO_DECIMALS)


def _section(code: exp.Expression) -> exp.Expression:
    first = exp.Substring(this=code, start=exp.Literal.number(1), length=exp.Literal.number(1))
    two = exp.Substring(this=code, start=exp.Literal.number(1), length=exp.Literal.number(2))
    branches: list[tuple[exp.Expression, exp.Expression]] = [
        (exp.Between(this=first, low=exp.Literal.string("A"), high=exp.Literal.string("Z")), first)
    ]
    for section, low, high in DIVISION_SECTIONS:
        within = exp.Between(this=two, low=exp.Literal.string(low), high=exp.Literal.string(high))
        long_enough = exp.GTE(this=exp.Length(this=code), expression=exp.Literal.number(2))
        both = cast(exp.Expression, exp.and_(long_enough, within))
        branches.append((both, exp.Literal.string(section)))
    return _case(*branches, default=exp.null())


def _digits(code: exp.Expression) -> exp.Expression:
    first = exp.Substring(this=code, start=exp.Literal.number(1), length=exp.Literal.number(1))
    letter = exp.Between(this=first, low=exp.Literal.string("A"), high=exp.Literal.string("Z"))
    return _case((letter, exp.Substring(this=code, start=exp.Literal.number(2))), default=code)


def _startswith(node: ir.Call, args: list[exp.Expression], hoist: Hoist) -> exp.Expression:
    subject = args[0]
    tests = []
    for arg in node.args[1:]:
        assert isinstance(arg, ir.Const)
        prefix = str(arg.value)
        head = exp.Substring(
            this=subject, start=exp.Literal.number(1), length=exp.Literal.number(len(prefix))
        )
        tests.append(exp.EQ(this=head, expression=exp.Literal.string(prefix)))
    return _paren(cast(exp.Expression, exp.or_(*tests)))


def _contains(node: ir.Call, args: list[exp.Expression], hoist: Hoist) -> exp.Expression:
    item = node.args[1]
    assert isinstance(item, ir.Const)
    padded = exp.DPipe(
        this=exp.DPipe(this=exp.Literal.string(","), expression=args[0]),
        expression=exp.Literal.string(","),
    )
    position = exp.StrPosition(this=padded, substr=exp.Literal.string(f",{item.value},"))
    return exp.GT(this=position, expression=exp.Literal.number(0))


def _extreme(kind: type[exp.Func]) -> Builder:
    def build(node: ir.Call, args: list[exp.Expression], hoist: Hoist) -> exp.Expression:
        return _strict(args, cast(exp.Expression, kind(this=args[0], expressions=args[1:])))

    return build


def _sqrt(node: ir.Call, args: list[exp.Expression], hoist: Hoist) -> exp.Expression:
    x = args[0]
    return _case((exp.LT(this=x, expression=_num(0.0)), exp.null()), default=exp.Sqrt(this=x))


def _round_call(node: ir.Call, args: list[exp.Expression], hoist: Hoist) -> exp.Expression:
    digits = node.args[1]
    assert isinstance(digits, ir.Const)
    return _round(args[0], int(digits.value))


_FUNCTIONS: dict[str, Builder] = {
    "min": _extreme(exp.Least),
    "max": _extreme(exp.Greatest),
    "abs": lambda node, args, hoist: exp.Abs(this=args[0]),
    "floor": lambda node, args, hoist: exp.Floor(this=args[0]),
    "sqrt": _sqrt,
    "round": _round_call,
    "ratio": _ratio,
    "coalesce": lambda node, args, hoist: exp.Coalesce(this=args[0], expressions=args[1:]),
    "is_known": lambda node, args, hoist: exp.Not(this=_is_null(args[0])),
    "contains": _contains,
    "startswith": _startswith,
    "industry_section": lambda node, args, hoist: _section(
        hoist(exp.Upper(this=exp.Trim(this=args[0])))
    ),
    "industry_digits": lambda node, args, hoist: _digits(
        hoist(exp.Upper(this=exp.Trim(this=args[0])))
    ),
}


def output_columns(pack: Pack) -> list[str]:
    """The output column names of a pack in a batch result."""
    names = [f"{pack.id}__status"]
    if pack.outputs.score:
        names.append(f"{pack.id}__score")
    if pack.outputs.class_:
        names.append(f"{pack.id}__class")
    return names


def compile_pack(
    pack: Pack, as_of: dt.date, extra: Mapping[str, ir.Node] | None = None
) -> CompiledPack:
    """Compile ``pack`` with the parameters in force at ``as_of``.

    ``extra`` names sub-expressions of the pack's rules (e.g. an inline comparison of an ``and``) to
    compile as well: ``CompiledPack.extra`` holds each as an expression over the final layer's columns
    (fields, rules and helpers), for outputs of one's own. Without ``extra`` the SQL is the batch SQL.
    """
    params = pack.parameter_values(as_of)
    prefix = f"{pack.id}__"
    depths: dict[str, int] = {}
    compiler = _Compiler(prefix, params, depths)
    rules: dict[str, exp.Expression] = {}
    for rule_id, rule in pack.rules.items():
        rules[prefix + rule_id], depths[prefix + rule_id] = compiler.rule(rule.expr)
    extras = {name: compiler.sub(node)[0] for name, node in (extra or {}).items()}
    columns = {**compiler.helpers, **rules}
    return CompiledPack(pack, as_of, columns, depths, _outputs(pack, prefix), extras)


def _outputs(pack: Pack, prefix: str) -> dict[str, exp.Expression]:
    status = exp.column(prefix + (pack.outputs.status or ""), quoted=True)
    outputs: dict[str, exp.Expression] = {
        f"{pack.id}__status": _case(
            (_is_null(status), exp.Literal.string("unknown")),
            (status, exp.Literal.string("qualified")),
            default=exp.Literal.string("not_qualified"),
        )
    }
    if pack.outputs.score:
        outputs[f"{pack.id}__score"] = exp.column(prefix + pack.outputs.score, quoted=True)
    if pack.outputs.class_:
        outputs[f"{pack.id}__class"] = exp.column(prefix + pack.outputs.class_, quoted=True)
    return outputs


def compile_packs(packs: Sequence[Pack], as_of: dt.date) -> list[CompiledPack]:
    """Compile several packs at one as-of date."""
    return [compile_pack(pack, as_of) for pack in packs]


def normalize_column(flat_id: str, source_type: str | None = None) -> exp.Expression:
    """The base-layer expression normalizing a raw column like :func:`semantics.normalize_value`.

    ``source_type`` is the column's SQL type in the source (``None`` = absent: NULL of the right type).
    """
    kind = FLAT_FIELDS_BY_ID[flat_id].kind
    column = exp.column(flat_id, quoted=True)
    if kind in {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}:
        if source_type is None:
            return exp.cast(exp.null(), DOUBLE)
        if _is_text(source_type):
            return exp.TryCast(this=exp.Trim(this=column), to=DOUBLE)
        return exp.Nullif(
            this=exp.cast(column, DOUBLE), expression=exp.cast(exp.Literal.string("NaN"), DOUBLE)
        )
    if kind is FieldKind.BOOLEAN:
        return _normalize_boolean(column, source_type)
    if source_type is None:
        return exp.cast(exp.null(), "VARCHAR")
    text = exp.Trim(this=exp.cast(column, "VARCHAR"))
    if kind is FieldKind.CHOICES:
        compact = exp.Replace(
            this=text, expression=exp.Literal.string(" "), replacement=exp.Literal.string("")
        )
        empty = exp.EQ(
            this=exp.Replace(
                this=compact, expression=exp.Literal.string(","), replacement=exp.Literal.string("")
            ),
            expression=exp.Literal.string(""),
        )
        return _case((empty, exp.null()), default=compact)
    return exp.Nullif(this=text, expression=exp.Literal.string(""))


def _is_text(source_type: str) -> bool:
    return source_type.upper().startswith(("VARCHAR", "TEXT", "STRING", "CHAR"))


def _normalize_boolean(column: exp.Expression, source_type: str | None) -> exp.Expression:
    if source_type is None:
        return exp.cast(exp.null(), "BOOLEAN")
    if source_type.upper() == "BOOLEAN":
        return column
    word = exp.Lower(this=exp.Trim(this=exp.cast(column, "VARCHAR")))
    return _case(
        (
            exp.In(this=word, expressions=[exp.Literal.string(w) for w in sorted(TRUE_WORDS)]),
            exp.true(),
        ),
        (
            exp.In(this=word, expressions=[exp.Literal.string(w) for w in sorted(FALSE_WORDS)]),
            exp.false(),
        ),
        default=exp.cast(exp.null(), "BOOLEAN"),
    )


def build_select(
    compiled: Sequence[CompiledPack],
    source: str | exp.Expression,
    source_types: dict[str, str] | None = None,
    key: str = "uscc",
    order_by: str | None = None,
    fence: bool = True,
) -> exp.Select:
    """One query computing every compiled pack's outputs over ``source`` (a table name or query).

    ``source_types`` maps the source's column names to SQL types; fields absent from it are NULL.
    When omitted, every field is assumed present with its natural type. ``order_by`` names a source
    column (a row number) that orders the result without being part of it: a parallel engine need not
    keep the input order on its own. ``fence`` keeps each layer a sub-query of its own (see ``_sub``):
    PostgreSQL needs it; DuckDB runs faster without it (``OFFSET`` makes it preserve order per layer).
    """
    fields = sorted({f for c in compiled for f in c.pack.fields})
    types = (
        source_types if source_types is not None else {f: _natural_type(f) for f in [key, *fields]}
    )
    source_node = (
        exp.to_table(source)
        if isinstance(source, str)
        else exp.Subquery(this=source, alias=exp.TableAlias(this=exp.to_identifier("src")))
    )
    key_column = exp.column(key, quoted=True) if key in types else exp.cast(exp.null(), "VARCHAR")
    carried = [exp.column(order_by, quoted=True)] if order_by else []
    base = exp.select(
        exp.alias_(key_column, key, quoted=True),
        *(exp.alias_(normalize_column(f, types.get(f)), f, quoted=True) for f in fields),
        *carried,
    ).from_(source_node)
    columns = {name: expr for c in compiled for name, expr in c.columns.items()}
    depths = {name: depth for c in compiled for name, depth in c.depths.items()}
    query = base
    for depth in range(1, max(depths.values(), default=0) + 1):
        layer = [exp.alias_(columns[n], n, quoted=True) for n in columns if depths[n] == depth]
        query = exp.select(exp.Star(), *layer).from_(_sub(query, f"layer{depth}", fence))
    outputs = [exp.alias_(e, n, quoted=True) for c in compiled for n, e in c.outputs.items()]
    result = exp.select(exp.column(key, quoted=True), *outputs).from_(_sub(query, "rules", fence))
    return result.order_by(exp.column(order_by, quoted=True)) if order_by else result


def _sub(query: exp.Select, alias: str, fence: bool = True) -> exp.Subquery:
    """``(query OFFSET 0) AS alias``: ``OFFSET 0`` keeps each layer a sub-query of its own.

    Without it PostgreSQL pulls the layers up into one query and substitutes every column read by
    its expression, which grows exponentially with the depth: planning ``sme_size`` alone ran for
    minutes until the server process ran out of memory. DuckDB does not need the fence.
    """
    fenced = query.offset(0, copy=False) if fence else query
    return exp.Subquery(this=fenced, alias=exp.TableAlias(this=exp.to_identifier(alias)))


def _natural_type(flat_id: str) -> str:
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    if field is None:
        return "VARCHAR"
    if field.kind in {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}:
        return "DOUBLE"
    return "BOOLEAN" if field.kind is FieldKind.BOOLEAN else "VARCHAR"


__all__ += ["build_select"]
