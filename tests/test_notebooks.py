"""The notebooks: committed clean, and written against the public API only.

Running them is pytest's job too: ``--nbmake`` (see ``pyproject.toml``) executes each
notebook under ``notebooks/`` top to bottom and fails on the first cell that raises.
These tests check what running cannot: that no output or execution count is
committed, and that every name a notebook takes from ``kg`` is public (listed in
its module's ``__all__``), so that the notebooks keep working as the internals move.
"""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
EXPECTED = [
    "01_getting_started.ipynb",
    "02_sparql_cookbook.ipynb",
    "03_graph_exploration.ipynb",
    "04_investment_research.ipynb",
]


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_every_notebook_is_there():
    missing = set(EXPECTED) - {p.name for p in notebooks()}
    assert not missing, f"missing notebooks: {sorted(missing)}"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_committed_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    dirty = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} keep outputs or execution counts"


def public_names(module: str) -> set[str]:
    """What ``module`` declares public: its ``__all__``, or nothing if it is private."""
    if any(part.startswith("_") for part in module.split(".")):
        return set()
    return set(getattr(importlib.import_module(module), "__all__", ()))


def is_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def private_uses(source: str) -> list[str]:
    """Names a cell takes from ``kg`` that are not public, as ``module.name``."""
    tree = ast.parse(source)
    bound: dict[str, str] = {}  # a local name -> the kg module it stands for
    bad: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "kg" or alias.name.startswith("kg."):
                    if any(p.startswith("_") for p in alias.name.split(".")):
                        bad.append(alias.name)
                    bound[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else "kg"
                    )
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "kg":
            for alias in node.names:
                qualified = f"{node.module}.{alias.name}"
                if alias.name == "*":
                    bad.append(qualified)
                elif is_module(qualified) and not alias.name.startswith("_"):
                    bound[alias.asname or alias.name] = qualified
                elif alias.name not in public_names(node.module):
                    bad.append(qualified)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        chain, base = [node.attr], node.value
        while isinstance(base, ast.Attribute):
            chain.append(base.attr)
            base = base.value
        if not isinstance(base, ast.Name) or base.id not in bound:
            continue
        module = bound[base.id]
        for attr in reversed(chain):  # kg.store.in_memory_copy: walk modules, check the name
            if is_module(f"{module}.{attr}") and not attr.startswith("_"):
                module = f"{module}.{attr}"
                continue
            if attr not in public_names(module):
                bad.append(f"{module}.{attr}")
            break
    return bad


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_uses_only_the_public_api(path):
    bad = [name for cell in code_cells(path) for name in private_uses(cell)]
    assert not bad, f"{path.name} uses names outside the public API: {sorted(set(bad))}"


@pytest.mark.parametrize(
    "source",
    [
        "from kg.network.paths import _told",
        "from kg.queries import _python",
        "import kg\nkg.graph.build._REF_PERIOD",
        "import kg\nkg.queries._PREFIXES",
        "from kg.network.project import _Collector",
        "from kg import *",
        "import kg._ontology",
    ],
)
def test_the_check_catches_private_names(source):
    assert private_uses(source)


@pytest.mark.parametrize(
    "source",
    [
        "import kg\nkg.run_query\nkg.Settings()",
        "from kg.store import in_memory_copy",
        "from kg.network import paths\npaths.k_shortest_paths",
        "import kg.network.gaps\nkg.network.gaps.gaps",
        "import pandas as pd\npd.DataFrame",
    ],
)
def test_the_check_passes_public_names(source):
    assert not private_uses(source)
