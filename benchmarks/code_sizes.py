"""Module and function size figures of a checkout's ``src/`` (migrations excluded).

Usage: ``python3 benchmarks/code_sizes.py [REPO]`` (default: this checkout). Compare two commits with a worktree:
``git worktree add /tmp/before <commit> && python3 benchmarks/code_sizes.py /tmp/before``.
"""

from __future__ import annotations

import ast
import pathlib
import sys

LONG_FUNCTION = 40
BIG_MODULE = 400


def main(repo: pathlib.Path) -> None:
    modules = [p for p in (repo / "src").rglob("*.py") if "migrations" not in p.parts]
    lines = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in modules}
    long_functions = [
        (p, node.name)
        for p in modules
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > LONG_FUNCTION
    ]
    biggest = max(lines, key=lambda p: lines[p])
    print(f"modules {len(modules)}, lines {sum(lines.values())}")
    print(f"largest module {lines[biggest]} lines ({biggest.relative_to(repo)})")
    print(f"modules > {BIG_MODULE} lines: {sum(n > BIG_MODULE for n in lines.values())}")
    print(f"functions > {LONG_FUNCTION} lines: {len(long_functions)}")
    for path, name in long_functions:
        print(f"  {path.relative_to(repo)}: {name}")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())
