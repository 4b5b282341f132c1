r"""Equilibrium questions answered for a whole batch of games at once.

Every function takes payoff tensors ``u`` of shape ``(B, n_0, ..., n_{N-1}, N)``
(a leading batch axis) and a tolerance per game ``tol`` of shape ``(B,)``, and
answers with arrays of shape ``(B, ...)``; there is no Python loop over games.
The single-game measures call the same functions with ``B = 1``, so the
vectorized sweep path and per-point solving agree by construction.

* Best responses: :math:`a_i` is a best response to :math:`a_{-i}` when
  :math:`u_i(a) \ge \max_{b_i} u_i(b_i, a_{-i}) - \text{tol}`.
* Pure Nash equilibria: profiles where every player best-responds.
* Dominance of action :math:`a` for player :math:`i`: *strict* if
  :math:`u_i(a, a_{-i}) > u_i(b, a_{-i}) + \text{tol}` for every other action
  :math:`b` and every :math:`a_{-i}`; *weak* if
  :math:`u_i(a, a_{-i}) \ge u_i(b, a_{-i}) - \text{tol}` everywhere and, for
  each :math:`b`, strictly better at some :math:`a_{-i}`. Dominance *of* an
  action over all others never needs mixed strategies: beating every pure
  alternative at every pure opponent profile is beating every mixture.

The default tolerance mirrors :attr:`NormalFormGame.float_tol`:
``DEFAULT_RTOL * max(1, max|u|)`` per game; exact (integer-scaled) payoffs use 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..games.normal_form import DEFAULT_RTOL

__all__ = ["batch_tol", "best_response_mask", "pure_nash_mask", "dominance_codes",
           "defender_wins_mask"]

#: Codes of :func:`dominance_codes`.
DOMINANCE_KINDS = ("none", "weak", "strict")


def batch_tol(u: NDArray[Any]) -> NDArray[np.float64]:
    """Tolerance per game, ``DEFAULT_RTOL * max(1, max |u_b|)``; shape ``(B,)``."""
    if u.dtype == object or u.dtype.kind in "iu":
        return np.zeros(u.shape[0])
    m = np.abs(u.reshape(u.shape[0], -1)).max(axis=1)
    return DEFAULT_RTOL * np.maximum(1.0, m)


def _tol_view(tol: NDArray[Any], ndim: int) -> NDArray[Any]:
    return np.asarray(tol).reshape((-1,) + (1,) * (ndim - 1))


def best_response_mask(u: NDArray[Any], tol: NDArray[Any]) -> NDArray[np.bool_]:
    """Boolean ``(B, n_0, ..., n_{N-1}, N)``: is ``a_i`` a best response to ``a_{-i}``?"""
    n = u.ndim - 2
    mask = np.empty(u.shape, dtype=bool)
    t = _tol_view(tol, u.ndim - 1)
    for i in range(n):
        ui = u[..., i]
        best = ui.max(axis=1 + i, keepdims=True)
        mask[..., i] = ui >= best - t
    return mask


def pure_nash_mask(u: NDArray[Any], tol: NDArray[Any]) -> NDArray[np.bool_]:
    """Boolean ``(B, n_0, ..., n_{N-1})``: is the profile a pure Nash equilibrium?"""
    return best_response_mask(u, tol).all(axis=-1)


def dominance_codes(u: NDArray[Any], player: int, action: int,
                    tol: NDArray[Any]) -> NDArray[np.int8]:
    """Is ``action`` dominant for ``player``? 2 strict, 1 weak, 0 no; shape ``(B,)``."""
    ui = u[..., player]
    ax = 1 + player
    n = ui.shape[ax]
    if n == 1:
        return np.full(u.shape[0], 2, dtype=np.int8)
    own = np.take(ui, [action], axis=ax)
    others = np.delete(ui, action, axis=ax)
    t = _tol_view(tol, ui.ndim)
    diff = own - others  # (B, ..., n-1 on axis ax, ...)
    red = tuple(k for k in range(1, ui.ndim) if k != ax)
    strict = (diff > t).all(axis=tuple(range(1, ui.ndim)))
    weak_ge = (diff >= -t).all(axis=tuple(range(1, ui.ndim)))
    somewhere = (diff > t).any(axis=red) if red else (diff > t)
    weak = weak_ge & somewhere.reshape(u.shape[0], -1).all(axis=1)
    return np.where(strict, 2, np.where(weak, 1, 0)).astype(np.int8)


def defender_wins_mask(u: NDArray[Any], blitz: tuple[int, ...],
                       defenders: tuple[NDArray[np.bool_], ...],
                       capital: NDArray[Any]) -> NDArray[np.bool_]:
    """Boolean ``(B, n_0, ..., n_{N-1}, N)``: does firm ``i``'s defence win at this profile?

    The rule of :func:`blitzgame.analysis.verdict.analyze` at a pure profile:
    firm ``i`` plays a defender posture (``defenders[i][a_i]``) and its return
    on capital ``u_i / capital_i`` exceeds that of every other firm that blitzes
    (plays ``blitz[j]``); when no other firm blitzes, it must exceed the return
    it would get by blitzing itself, ``u_i(blitz_i, a_{-i}) / capital_i``.
    ``capital`` has shape ``(B, N)``. Comparisons are strict, as in ``analyze``.
    """
    n = u.ndim - 2
    shape = u.shape[1:-1]
    uf = u.astype(np.float64) if u.dtype == object else u
    cap = np.asarray(capital, dtype=np.float64).reshape((u.shape[0],) + (1,) * n + (n,))
    ret = uf / cap
    blitzing = []
    for j in range(n):
        hit = np.zeros(shape[j], dtype=bool)
        if blitz[j] >= 0:
            hit[blitz[j]] = True
        blitzing.append(hit.reshape((1,) * (1 + j) + (shape[j],) + (1,) * (n - 1 - j)))
    out = np.zeros(u.shape, dtype=bool)
    for i in range(n):
        if not np.asarray(defenders[i]).any():
            continue
        best = np.full(u.shape[:-1], -np.inf)
        anyone = np.zeros(u.shape[:-1], dtype=bool)
        for j in range(n):
            if j != i:
                best = np.where(blitzing[j], np.maximum(best, ret[..., j]), best)
                anyone = anyone | blitzing[j]
        if blitz[i] >= 0:
            own = np.take(uf[..., i], [blitz[i]], axis=1 + i) / cap[..., i]
            best = np.where(anyone, best, own)
        view = np.asarray(defenders[i], dtype=bool).reshape(
            (1,) * (1 + i) + (shape[i],) + (1,) * (n - 1 - i))
        out[..., i] = view & (ret[..., i] > best)
    return out
