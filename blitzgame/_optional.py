"""Lazy imports of optional dependencies with an install hint."""

from __future__ import annotations

import importlib
from types import ModuleType

_EXTRA = {
    "pandas": "analysis",
    "xarray": "analysis",
    "matplotlib": "analysis",
    "matplotlib.pyplot": "analysis",
    "tqdm": "analysis",
    "tqdm.auto": "analysis",
    "dask": "dask",
    "distributed": "dask",
    "pygambit": "test",
    "quantecon": "test",
}


def import_optional(name: str) -> ModuleType:
    """Import an optional dependency or raise ImportError saying how to install it."""
    try:
        return importlib.import_module(name)
    except ImportError as err:
        extra = _EXTRA.get(name, "analysis")
        raise ImportError(
            f"{name} is needed for this feature; install it with: "
            f'pip install "blitzgame[{extra}]"'
        ) from err
