r"""Batched kernels for pure equilibria and dominance of N-player games (array API).

Each kernel takes a chunk ``u`` of shape ``(B, n_0, ..., n_{N-1}, N)`` and a
tolerance ``(B,)`` (see :mod:`blitzgame.solvers.batch` for the mathematics).
Short axes are reduced by a loop of elementwise maxima over slices, which is
several times faster in numpy than a reduction over a short inner axis.
"""

from __future__ import annotations

import math
from typing import Any

from array_api_compat import device as _device

__all__ = ["pure_kernel", "dominant_kernel", "row_max"]


def row_max(xp: Any, x: Any) -> Any:
    """Max over axis 1 of a 2-D array; a loop of elementwise maxima for few columns (faster)."""
    if x.shape[1] > 16:
        return xp.max(x, axis=1)
    out = x[:, 0]
    for j in range(1, x.shape[1]):
        out = xp.maximum(out, x[:, j])
    return out


def _axis_max(xp: Any, x: Any, axis: int) -> Any:
    """Max over ``axis`` keeping it; elementwise maxima of slices when the axis is short."""
    n = x.shape[axis]
    if n > 8:
        return xp.max(x, axis=axis, keepdims=True)
    pre = (slice(None),) * axis
    out = x[pre + (slice(0, 1), ...)]
    for j in range(1, n):
        out = xp.maximum(out, x[pre + (slice(j, j + 1), ...)])
    return out


def pure_kernel(xp: Any, u: Any, tol: Any) -> dict[str, Any]:
    """Pure equilibria of a chunk ``u`` of shape (B, n_0..n_{N-1}, N)."""
    N = u.shape[-1]
    B = u.shape[0]
    t = xp.reshape(tol, (B,) + (1,) * N)
    mask = None
    regret = None
    for i in range(N):
        ui = u[..., i]
        gap = _axis_max(xp, ui, 1 + i) - ui
        br = gap <= t
        mask = br if mask is None else mask & br
        regret = gap if regret is None else xp.maximum(regret, gap)
    flat = xp.reshape(mask, (B, -1))
    count = xp.sum(xp.astype(flat, xp.int64), axis=1)
    max_regret = row_max(xp, xp.reshape(regret * xp.astype(mask, regret.dtype), (B, -1)))
    return {"mask": mask, "count": count, "max_regret": max_regret}


def dominant_kernel(xp: Any, u: Any, tol: Any, player: int, action: int) -> dict[str, Any]:
    """Dominance of ``action`` for ``player`` in a chunk (B, n..., N)."""
    B = u.shape[0]
    n_p = u.shape[1 + player]
    up = xp.moveaxis(u[..., player], 1 + player, 1)
    up = xp.reshape(up, (B, n_p, -1))
    if n_p == 1:
        kind = xp.full((B,), 2, dtype=xp.int8, device=_device(u))
        margin = xp.full((B,), math.inf, dtype=xp.float64, device=_device(u))
        return {"kind": kind, "margin": margin}
    others = [b for b in range(n_p) if b != action]
    other = xp.take(up, xp.asarray(others, device=_device(u)), axis=1)
    diff = up[:, action:action + 1, :] - other  # (B, n_p - 1, M)
    t = xp.reshape(tol, (B, 1, 1))
    worse = xp.any(diff < -t, axis=(1, 2))
    tie = xp.abs(diff) <= t
    identical = xp.any(xp.all(tie, axis=2), axis=1)
    any_tie = xp.any(tie, axis=(1, 2))
    two = xp.full((B,), 2, dtype=xp.int8, device=_device(u))
    kind = xp.where(worse | identical, xp.zeros_like(two),
                    xp.where(any_tie, xp.ones_like(two), two))
    return {"kind": kind, "margin": xp.min(diff, axis=(1, 2))}
