r"""Batched kernels for best responses, pure equilibria and dominance of N-player games.

The one home of these kernels: :func:`~blitzgame.solvers.batch.solve_batch`,
the sweep measures of :mod:`blitzgame.analysis` and the single-game
:func:`~blitzgame.solvers.pure.pure_equilibria` all call them.

Each kernel takes a stack ``u`` of shape ``(B, n_0, ..., n_{N-1}, N)`` (any
array-API namespace ``xp``; numpy object arrays of Python ints work too, for
exact payoffs too large for int64) and a tolerance of shape ``(B,)`` from
:func:`batch_tolerance`, the one tolerance rule of batched work. Action ``a_i``
is a best response when its gap to the best payoff is at most the tolerance.
Short axes are reduced by a loop of elementwise maxima over slices, which is
several times faster in numpy than a reduction over a short inner axis.

Integer payoffs are compared exactly, so no payoff difference may wrap around:
every kernel first passes integer stacks through :func:`exact_integers`, which
computes in ``int64`` when every difference of two entries fits (small integer
types always; ``int64``/``uint64`` when ``max - min < 2**63``, unsigned ones
shifted by their minimum, which changes no difference), and otherwise in numpy
object arrays of Python ints (other array libraries: an
:class:`~blitzgame.exceptions.InvalidParameterError`).
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np
from array_api_compat import device as _device
from numpy.typing import NDArray

from ...exceptions import InvalidParameterError
from ...games.normal_form import DEFAULT_RTOL

__all__ = ["float_rtol", "batch_tolerance", "batch_tol", "exact_integers", "best_response_mask",
           "pure_kernel",
           "pure_nash_mask", "dominant_kernel", "dominance_codes", "defender_wins_mask", "row_max",
           "DOMINANCE_KINDS"]

#: Names of the dominance codes 0, 1, 2 of :func:`dominant_kernel`.
DOMINANCE_KINDS = ("none", "weak", "strict")


@cache
def _numpy() -> Any:
    """array_api_compat's numpy namespace, imported on first use (it loads numpy.testing,
    numpy.f2py and numpy.ma: about 0.1 s that ``import blitzgame`` should not pay)."""
    import array_api_compat.numpy

    return array_api_compat.numpy
#: Largest int64; integer differences up to it are computed in int64.
INT64_MAX = 2**63 - 1


def exact_integers(xp: Any, u: Any, name: str = "payoffs") -> Any:
    """Integer payoffs in a type in which every difference of two entries is exact.

    Floats and object arrays come back unchanged. Integer types of at most 32
    bits are widened to ``int64``. ``int64`` and ``uint64`` stacks whose range
    ``max - min`` fits in ``int64`` are computed in ``int64`` (``uint64`` ones
    shifted by their minimum when their maximum does not fit: a common shift
    changes no difference, so no best response, dominance, regret or margin);
    wider ranges become numpy object arrays of Python ints.

    Raises
    ------
    InvalidParameterError
        A non-numpy integer array whose range does not fit in ``int64``
        (naming ``name``, the dtype and the range).

    Examples
    --------
    >>> import array_api_compat.numpy as xp
    >>> exact_integers(xp, np.array([1, -2], dtype=np.int8)).dtype.name
    'int64'
    >>> exact_integers(xp, np.array([-2**62, 2**62], dtype=np.int64)).dtype.name
    'object'
    """
    if getattr(u.dtype, "kind", None) == "O" or not xp.isdtype(u.dtype, "integral"):
        return u
    wide = (xp.int64, getattr(xp, "uint64", xp.int64))
    if u.dtype not in wide:
        return xp.astype(u, xp.int64)
    lo, hi = int(xp.min(u)), int(xp.max(u))
    if hi - lo <= INT64_MAX:
        if u.dtype == xp.int64:
            return u
        if hi <= INT64_MAX:
            return xp.astype(u, xp.int64)
        return xp.astype(u - xp.asarray(lo, dtype=u.dtype), xp.int64)
    if isinstance(u, np.ndarray):
        return u.astype(object)  # Python ints: exact at any size
    raise InvalidParameterError(
        f"{name} of dtype {u.dtype} range over [{lo}, {hi}]: their differences "
        f"(up to {hi - lo}) do not fit in int64, and exact Python-int arithmetic needs a numpy "
        "array; pass np.asarray(payoffs), or payoffs whose range max - min is below 2**63")


def _exact_pair(xp: Any, u: Any, tol: Any) -> tuple[Any, Any]:
    """:func:`exact_integers` of ``u`` with the tolerance array converted to match."""
    v = exact_integers(xp, u)
    if v is u or not xp.isdtype(getattr(tol, "dtype", v.dtype), "integral"):
        return v, tol
    if getattr(v.dtype, "kind", None) == "O":
        return v, np.asarray(tol).astype(object)
    if tol.dtype == getattr(xp, "uint64", None):  # past int64: every difference is a tie
        tol = xp.minimum(tol, xp.full_like(tol, INT64_MAX))
    return v, xp.astype(tol, xp.int64)


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


def float_rtol(dtype: Any, xp: Any = np) -> float:
    """Relative tolerance of a float type: ``DEFAULT_RTOL``, or 64 epsilons of a coarser one."""
    return max(DEFAULT_RTOL, 64 * float(xp.finfo(dtype).eps))


def batch_tolerance(xp: Any, u: Any, tol: float | None = None) -> Any:
    """Per-game tolerance ``(B,)``: ``tol``, or the :attr:`NormalFormGame.float_tol` rule.

    Integer (and object: exact Python ints) payoffs compare exactly, tolerance 0.
    Float payoffs get ``rtol * max(1, max |u_b|)`` with ``rtol = DEFAULT_RTOL``
    (or 64 machine epsilons of a coarser float type).
    """
    B = u.shape[0]
    if getattr(u.dtype, "kind", None) == "O":
        return np.zeros(B, dtype=object) if tol is None else np.full(B, tol, dtype=object)
    if xp.isdtype(u.dtype, "integral"):  # a tolerance past the type's range: every difference
        t = 0 if tol is None else min(int(tol), int(xp.iinfo(u.dtype).max))
        return xp.full((B,), t, dtype=u.dtype, device=_device(u))
    if tol is not None:
        return xp.full((B,), float(tol), dtype=u.dtype, device=_device(u))
    rtol = float_rtol(u.dtype, xp)
    big = row_max(xp, xp.abs(xp.reshape(u, (B, -1))))
    return rtol * xp.maximum(big, xp.ones_like(big))


def batch_tol(u: NDArray[Any]) -> NDArray[Any]:
    """:func:`batch_tolerance` of a numpy stack with the default rule."""
    return batch_tolerance(_numpy(), u)  # type: ignore[no-any-return]


def _gaps(xp: Any, u: Any, tol: Any) -> tuple[list[Any], Any]:
    """Per player: the gap of each action to the best reply, and the tolerance view."""
    N = u.shape[-1]
    t = xp.reshape(tol, (u.shape[0],) + (1,) * N)
    return [_axis_max(xp, u[..., i], 1 + i) - u[..., i] for i in range(N)], t


def best_response_mask(xp: Any, u: Any, tol: Any) -> Any:
    """Boolean ``(B, n_0, ..., n_{N-1}, N)``: is ``a_i`` a best response to ``a_{-i}``?"""
    u, tol = _exact_pair(xp, u, tol)
    gaps, t = _gaps(xp, u, tol)
    return xp.stack([g <= t for g in gaps], axis=-1)


def pure_nash_mask(u: NDArray[Any], tol: NDArray[Any]) -> NDArray[np.bool_]:
    """Boolean ``(B, n_0, ..., n_{N-1})`` of a numpy stack: is the profile a pure equilibrium?"""
    return pure_kernel(_numpy(), u, tol)["mask"]  # type: ignore[no-any-return]


def pure_kernel(xp: Any, u: Any, tol: Any) -> dict[str, Any]:
    """Pure equilibria of a chunk ``u`` of shape (B, n_0..n_{N-1}, N)."""
    B = u.shape[0]
    u, tol = _exact_pair(xp, u, tol)
    mask: Any = None
    regret: Any = None
    gaps, t = _gaps(xp, u, tol)
    for gap in gaps:
        br = gap <= t
        mask = br if mask is None else mask & br
        regret = gap if regret is None else xp.maximum(regret, gap)
    flat = xp.reshape(mask, (B, -1))
    count = xp.sum(xp.astype(flat, xp.int64), axis=1)
    # where(), not a product: an infinite float gap times 0 would be nan
    kept = xp.where(mask, regret, xp.zeros_like(regret))
    max_regret = row_max(xp, xp.reshape(kept, (B, -1)))
    return {"mask": mask, "count": count, "max_regret": max_regret}


def dominant_kernel(xp: Any, u: Any, tol: Any, player: int, action: int) -> dict[str, Any]:
    """Dominance of ``action`` for ``player`` in a chunk (B, n..., N)."""
    B = u.shape[0]
    u, tol = _exact_pair(xp, u, tol)
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


def dominance_codes(u: NDArray[Any], player: int, action: int,
                    tol: NDArray[Any]) -> NDArray[np.int8]:
    """Is ``action`` dominant for ``player`` in a numpy stack? 2 strict, 1 weak, 0 no; ``(B,)``."""
    return np.asarray(dominant_kernel(_numpy(), u, tol, player, action)["kind"], dtype=np.int8)


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
