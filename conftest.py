"""Repository-level pytest configuration for ``pytest --doctest-modules blitzgame tests``.

Doctests of modules whose optional dependencies are missing are not collected
(``collect_ignore``), so the doctest run works with only the core installed.
Add a module here when its doctests need an optional package.
"""

from __future__ import annotations

import importlib.util

# module path (relative to the repository root) -> optional packages its doctests need
_OPTIONAL_DOCTESTS: dict[str, tuple[str, ...]] = {
    "blitzgame/interop.py": ("pygambit",),
    "blitzgame/plotting.py": ("matplotlib",),
}


def _missing(packages: tuple[str, ...]) -> bool:
    return any(importlib.util.find_spec(p) is None for p in packages)


collect_ignore = [path for path, pkgs in _OPTIONAL_DOCTESTS.items() if _missing(pkgs)]
