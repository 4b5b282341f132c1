"""The notebooks as committed: no outputs, a parameters cell, a quick mode that only shrinks grids.

The notebooks themselves run under nbmake (``pytest --nbmake notebooks/``, in quick
mode); these checks read their JSON, so they are fast and need no kernel.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
# the one way quick mode may differ from the full analysis: the size of a grid
GRID_SIZE = re.compile(r"^\s*n = \d+ if QUICK else \d+\s*(#.*)?$")


def _code(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    for cell in _code(path):
        assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_quick_mode_changes_only_grid_sizes(path):
    cells = _code(path)
    first = "".join(cells[0]["source"])
    assert cells[0]["metadata"].get("tags") == ["parameters"]
    assert 'QUICK = os.environ.get("BLITZGAME_QUICK") == "1"' in first
    for cell in cells:
        for line in "".join(cell["source"]).splitlines():
            if "QUICK" in line and "BLITZGAME_QUICK" not in line:
                assert GRID_SIZE.match(line), f"{path.name}: quick mode changes more than a grid " \
                                              f"size: {line.strip()!r}"
