"""The architecture the README describes is the code's: every module of ``policysite`` is in
the README's table of layers, and no module imports one of a higher layer (issue 28, item 3).

The table (README, "Architecture") lists the layers bottom first: ``| 3 history | `history.py`,
`record.py` | ... |``.  A package row (``pages/``) holds every module of the package.  Imports
made only for type checking (``if TYPE_CHECKING:``) are not edges: they never run.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "policysite"
ROW = re.compile(r"^\|\s*(\d+)\s+[^|]*\|([^|]*)\|")


def documented_layers() -> dict[str, int]:
    """``{module: layer}`` from the README's architecture table (``pages`` stands for ``pages.*``)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]
    layers: dict[str, int] = {}
    for line in section.splitlines():
        match = ROW.match(line)
        if match is None:
            continue
        for name in re.findall(r"`([\w/.]+)`", match.group(2)):
            module = name.removesuffix(".py").removesuffix("/").replace("/", ".")
            assert module not in layers, f"{name} is in two rows of the README's table"
            layers[module] = int(match.group(1))
    return layers


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of the imports under ``if TYPE_CHECKING:``."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The modules of the package that ``module`` imports (at run time, lazily or not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.lineno in skipped:
            continue
        if node.level == 0:
            base = (node.module or "").removeprefix("policysite").lstrip(".")
            if not (node.module or "").startswith("policysite"):
                continue
        else:
            up = package[: len(package) - node.level + 1]
            base = ".".join([*up, *([node.module] if node.module else [])])
        for alias in node.names:
            target = f"{base}.{alias.name}".strip(".")
            found.add(target if target in known else base)
    return {name for name in found if name in known and name != module}


def layer_of(module: str, layers: dict[str, int]) -> int | None:
    while module:
        if module in layers:
            return layers[module]
        module = module.rpartition(".")[0]
    return None


def test_every_module_is_in_the_readmes_table_of_layers():
    layers = documented_layers()
    missing = [m for m in modules() if m and layer_of(m, layers) is None]
    assert not missing, f"modules missing from the README's architecture table: {missing}"
    stale = [m for m in layers if m not in modules()]
    assert not stale, f"the README's architecture table names modules that do not exist: {stale}"


def test_no_module_imports_a_higher_layer():
    layers, found = documented_layers(), modules()
    upward = []
    for module, path in found.items():
        here = layer_of(module, layers)
        for target in imports(module, path, set(found)):
            there = layer_of(target, layers)
            if here is not None and there is not None and there > here:
                upward.append(f"{module} (layer {here}) imports {target} (layer {there})")
    assert not upward, "imports against the documented layers:\n" + "\n".join(sorted(upward))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from . import a, b\n", {"a", "b"}),
        ("from .a import x\n", {"a"}),
        ("def f():\n    from .b import y\n", {"b"}),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n", set()),
        ("from policysite.pages import common\n", {"pages.common"}),
    ],
)
def test_the_import_reader(tmp_path, source, expected):
    path = tmp_path / "m.py"
    path.write_text(source)
    assert imports("m", path, {"a", "b", "m", "pages", "pages.common"}) == expected
