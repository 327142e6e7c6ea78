"""The package layers import one way, ingest <- bot <- evals <- ui, and only ingest.store touches Chroma."""
from __future__ import annotations

import ast

import pytest

from conftest import ROOT

RANK = {"ingest": 0, "bot": 1, "evals": 2, "ui": 3}


def imports(layer: str):
    """(file, line, imported module) for every absolute import in a package."""
    for path in sorted((ROOT / layer).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield from ((path.relative_to(ROOT), node.lineno, a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path.relative_to(ROOT), node.lineno, node.module


@pytest.mark.parametrize("layer", RANK)
def test_no_package_imports_a_layer_above_it(layer):
    against = [f"{path}:{line} imports {name}" for path, line, name in imports(layer)
               if RANK.get(name.split(".")[0], -1) > RANK[layer]]
    assert against == []


def test_only_the_store_module_imports_chromadb():
    users = {str(path) for layer in RANK for path, _, name in imports(layer) if name.split(".")[0] == "chromadb"}
    assert users == {"ingest/store.py"}
