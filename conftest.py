"""Repository-level pytest configuration: `pytest` runs tests, doctests and notebooks.

* Notebooks run in quick mode (``BLITZGAME_QUICK=1``, small grids) and figures
  use the non-interactive Agg backend, unless the caller set these already.
* Doctests of modules whose optional dependencies are missing are not collected
  (``collect_ignore``), so the doctest run works with only the core installed.
  Add a module here when its doctests need an optional package.
"""

from __future__ import annotations

import importlib.util
import os

os.environ.setdefault("BLITZGAME_QUICK", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

# module path (relative to the repository root) -> optional packages its doctests need
_OPTIONAL_DOCTESTS: dict[str, tuple[str, ...]] = {
    "blitzgame/interop.py": ("pygambit",),
    "blitzgame/plotting": ("matplotlib",),
    "blitzgame/cli/sweep.py": ("pandas",),
}


def _missing(packages: tuple[str, ...]) -> bool:
    return any(importlib.util.find_spec(p) is None for p in packages)


collect_ignore = [path for path, pkgs in _OPTIONAL_DOCTESTS.items() if _missing(pkgs)]
collect_ignore_glob = ["benchmarks/*", ".venv*/*"]
