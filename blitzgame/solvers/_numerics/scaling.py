"""Payoff scaling: map payoffs onto [0, 1] so tolerances fit any units."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["unit_range"]


def unit_range(u: NDArray[np.float64], *, per_player: bool = False
               ) -> tuple[NDArray[np.float64], Any, float]:
    """Payoffs in their own units: ``((u - lo) / span, lo, span)``, entries in [0, 1].

    ``lo`` is the minimum -- of each player (the last axis) when ``per_player`` --
    and ``span`` the largest range, one positive number (1 for constant payoffs).
    Best replies, equilibria and dominance do not change under this map, and the
    numerical tolerances of LPs and iterations then fit payoffs of order 1e-6,
    1e9 or 1e6 plus small differences alike; ``v * span + lo`` maps values back.

    Examples
    --------
    >>> u = np.array([[[1e6, 5.0], [1e6 + 2, 7.0]]])      # (1, 2, 2): two players
    >>> m, lo, span = unit_range(u, per_player=True)
    >>> m.tolist(), lo.tolist(), span
    ([[[0.0, 0.0], [1.0, 1.0]]], [1000000.0, 5.0], 2.0)
    """
    flat = u.reshape(-1, u.shape[-1]) if per_player else u
    lo = flat.min(axis=0) if per_player else float(u.min())
    span = float((flat - lo).max()) or 1.0
    return (u - lo) / span, lo, span
