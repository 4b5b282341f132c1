r"""Subgame-perfect equilibrium payoffs of two-player repeated games (JYC method).

With perfect monitoring and public randomization, the set :math:`V` of
pure-action subgame-perfect equilibrium payoffs of :math:`G^\infty(\delta)` is
the largest fixed point of the operator (Abreu, Pearce and Stacchetti 1990)

.. math:: B(W) = \mathrm{conv}\{(1-\delta) u(a) + \delta w :\ a \in A,\ w \in W,\
          (1-\delta) u_i(a) + \delta w_i \ge (1-\delta) d_i(a) + \delta
          \underline w_i \ \forall i\},

where :math:`d_i(a)` is the best deviation payoff and :math:`\underline w_i =
\min_{w \in W} w_i` the harshest continuation for player :math:`i`. For a
profile :math:`a` the constraint reads :math:`w_i \ge \underline w_i + (1-\delta)
(d_i(a) - u_i(a))/\delta`: the admissible continuations are :math:`W` clipped to
a quadrant, a convex polygon.

Judd, Yeltekin and Conklin (2003) approximate :math:`V`:

* **Outer**: :math:`W` is the polygon :math:`\{w : h_l \cdot w \le c_l\}` for
  :math:`L` evenly spaced directions :math:`h_l`, started at the feasible set;
  the new levels are the support function of :math:`B(W)`,
  :math:`c_l' = \max h_l \cdot ((1-\delta)u(a) + \delta w)` over enforceable
  pairs (evaluated on the vertices of the clipped polygons), until the levels
  move less than ``tol``. Every iterate contains :math:`V`.
* **Inner**: the points :math:`z_l \in B(W)` attaining the support function span
  :math:`W' = \mathrm{conv}\{z_l\}`, iterated from the outer set until it
  settles; the result is checked to be *self-generating*, :math:`W' \subseteq
  B(W')` (every vertex of :math:`W'` lies in :math:`B(W')`), which proves
  :math:`W' \subseteq V` (up to float rounding).

The Hausdorff distance between the inner and the outer polygon bounds the error.

References
----------
1. Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted
   repeated games with imperfect monitoring. *Econometrica* 58(5), 1041-1063.
2. Judd, K., Yeltekin, S. and Conklin, J. (2003). Computing supergame
   equilibria. *Econometrica* 71(4), 1239-1254.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...exceptions import ConvergenceWarning, InvalidParameterError, UnsupportedGameError
from ...games.repeated import RepeatedGame
from ...results import Status
from .._checks import check_finite_positive, check_int, check_nonnegative, check_positive_int
from .._numerics.convex2d import clip_halfplane, hausdorff, hull_2d, polygon_distance
from .._numerics.scaling import pow2_floats, unit_range
from .payoff_sets import deviation_payoffs

__all__ = ["SPEPayoffSet", "spe_payoffs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SPEPayoffSet:
    """Outer and inner polygon approximations of the SPE payoff set.

    Attributes
    ----------
    vertices : ndarray of shape (k, 2)
        The outer polygon (counter-clockwise), the reported estimate of the set.
    outer, inner : ndarray of shape (k, 2)
        Outer approximation (contains the set) and inner approximation
        (contained in it when ``inner_verified``); empty arrays if the set is empty.
    hausdorff_gap : float
        Hausdorff distance between ``inner`` and ``outer``: an error bound.
    inner_verified : bool
        True if the inner polygon was checked to be self-generating.
    discount, tol : float
    directions : int
    iterations : int
    success : bool
    status : Status
    message : str
    """

    vertices: np.ndarray
    outer: np.ndarray
    inner: np.ndarray
    hausdorff_gap: float
    inner_verified: bool
    discount: float
    tol: float
    directions: int
    iterations: int
    success: bool = True
    status: Status = Status.OK
    message: str = ""
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True if no pure-action SPE exists."""
        return len(self.outer) == 0

    def contains(self, point: Any, *, tol: float | None = None) -> bool:
        """True if ``point`` lies in the outer polygon (within ``tol``, default ``self.tol``)."""
        t = self.tol if tol is None else check_nonnegative("tol", tol)
        if self.empty:
            return False
        return polygon_distance(np.asarray(point, float), self.outer) <= t

    def __repr__(self) -> str:
        return (f"SPEPayoffSet(n_vertices={len(self.vertices)}, "
                f"hausdorff_gap={self.hausdorff_gap:.3g}, status={self.status.value!r})")


def _directions(L: int, hull: np.ndarray) -> np.ndarray:
    """L evenly spaced unit normals plus the outward edge normals of the feasible hull."""
    angles = list(2.0 * np.pi * np.arange(L) / L)
    if len(hull) >= 3:
        e = np.roll(hull, -1, axis=0) - hull
        angles.extend(np.mod(np.arctan2(-e[:, 0], e[:, 1]), 2.0 * np.pi))  # (e_y, -e_x)
    th = np.sort(np.asarray(angles))
    keep = np.ones(len(th), bool)
    keep[1:] = np.diff(th) > 1e-9
    th = th[keep]
    if 2.0 * np.pi - th[-1] + th[0] <= 1e-9:
        th = th[:-1]
    return np.column_stack([np.cos(th), np.sin(th)])


def _hull(points: np.ndarray) -> np.ndarray:
    """Convex hull of float points, merging points closer than rounding noise."""
    if len(points) == 0:
        return np.empty((0, 2))
    scale = 1e-10 * (1.0 + float(np.abs(points).max()))
    snapped = np.round(points / scale) * scale
    H = np.array(hull_2d([tuple(p) for p in snapped]), float).reshape(-1, 2)
    keep = [0] + [k for k in range(1, len(H))
                  if np.abs(H[k] - H[k - 1]).max() > 100 * scale]
    H = H[keep]
    if len(H) > 1 and np.abs(H[-1] - H[0]).max() <= 100 * scale:
        H = H[:-1]
    return H


def _vertices(H: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Vertices of {w : H w <= c} for support-function levels (consecutive intersections)."""
    H2 = np.roll(H, -1, axis=0)
    c2 = np.roll(c, -1)
    det = H[:, 0] * H2[:, 1] - H[:, 1] * H2[:, 0]
    x = (c * H2[:, 1] - c2 * H[:, 1]) / det
    y = (H[:, 0] * c2 - H2[:, 0] * c) / det
    V = np.column_stack([x, y])
    keep = np.ones(len(V), bool)
    keep[1:] = np.linalg.norm(np.diff(V, axis=0), axis=1) > 1e-12 * (1 + np.abs(V).max())
    return V[keep]


class _Operator:
    """The B operator of a fixed two-player stage game and discount."""

    def __init__(self, u: np.ndarray, d: np.ndarray, delta: float) -> None:
        self.u = u.reshape(-1, 2)
        self.gap = (d - u).reshape(-1, 2)
        self.delta = delta

    def generated(self, W: np.ndarray) -> np.ndarray:
        """All extreme generated payoffs (1-delta) u(a) + delta w, w a vertex of a clipped W."""
        dl = self.delta
        if len(W) == 0:
            return np.empty((0, 2))
        if dl == 0:
            ok = np.all(self.gap <= 1e-12 * (1 + np.abs(self.u).max()), axis=1)
            return self.u[ok]
        pun = W.min(axis=0)
        poly = [tuple(p) for p in W]
        pts = []
        for k in range(len(self.u)):
            b = pun + (1 - dl) * self.gap[k] / dl
            clipped = clip_halfplane(clip_halfplane(poly, 0, b[0] - 1e-13), 1, b[1] - 1e-13)
            if clipped:
                pts.append((1 - dl) * self.u[k] + dl * np.asarray(clipped, float))
        return np.vstack(pts) if pts else np.empty((0, 2))


def spe_payoffs(game: RepeatedGame, *, directions: int = 64, tol: float | None = None,
                max_iter: int = 2000) -> SPEPayoffSet:
    """Pure-action SPE payoff set of a two-player discounted repeated game (JYC).

    Parameters
    ----------
    game : RepeatedGame
        Infinite horizon, two players; public randomization is assumed.
    directions : int
        Number of evenly spaced hyperplane directions (>= 8).
    tol : float, optional
        Stop when the hyperplane levels move less than ``tol`` (payoff units).
        Default ``1e-7`` times the payoff span (the largest range of a player's
        payoffs). The computation runs on payoffs mapped onto [0, 1] by one
        common scale (each player's minimum subtracted), so rescaling or
        shifting the payoffs maps the answer accordingly.
    max_iter : int
        Maximum number of operator applications (each approximation).

    Returns
    -------
    SPEPayoffSet
        ``success=False`` with a :class:`ConvergenceWarning` when ``max_iter``
        is reached, or when the inner set could not be verified.

    Examples
    --------
    >>> import blitzgame as bg
    >>> from blitzgame.games.repeated import RepeatedGame
    >>> pd = bg.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> res = spe_payoffs(RepeatedGame(pd, discount=0.9), directions=32)
    >>> res.success, res.hausdorff_gap < 0.5
    (True, True)
    >>> res.contains((9, 9)), res.contains((1, 1))
    (True, False)
    """
    if not isinstance(game, RepeatedGame) or game.is_finite:
        raise InvalidParameterError(
            f"game must be an infinitely repeated RepeatedGame (discount < 1); got {game!r}")
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"spe_payoffs needs a two-player stage game; got {game.num_players} players")
    directions = check_int("directions", directions, 8)
    if tol is not None:
        tol = check_finite_positive("tol", tol)
    max_iter = check_positive_int("max_iter", max_iter)

    stage = game.stage
    # one common scale (each player's minimum subtracted): directions keep their meaning
    # payoffs near the float range are first divided by a power of two (exact; spans
    # would overflow) and the sets multiplied back at the end
    F, ex = pow2_floats(stage.payoff_array)
    u, lo, span = unit_range(F, per_player=True)
    d = (pow2_floats(deviation_payoffs(stage), ex)[0] - lo) / span
    ntol = 1e-7 if tol is None else float(np.ldexp(float(tol), -ex)) / span
    tol = _ldexp(ntol * span, ex) if tol is None else float(tol)
    delta = float(game.discount)
    op = _Operator(u, d, delta)
    H = _directions(directions, _hull(op.u))
    c = (op.u @ H.T).max(axis=0)
    W = _vertices(H, c)
    status, msgs = Status.OK, []
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007
        G = op.generated(W)
        if len(G) == 0:
            W = np.empty((0, 2))
            break
        c_new = np.minimum(c, (G @ H.T).max(axis=0))
        moved = float(np.max(np.abs(c_new - c)))
        c = c_new
        W = _vertices(H, c)
        if moved < ntol:
            break
    else:
        status = Status.MAX_ITER
        msgs.append(f"the outer approximation did not converge in {max_iter} iterations")
    if len(W) == 0:
        msg = "no pure-action subgame-perfect equilibrium (the stage game has no pure equilibrium)"
        e = np.empty((0, 2))
        return SPEPayoffSet(vertices=e, outer=e, inner=e, hausdorff_gap=0.0,
                            inner_verified=True, discount=delta, tol=tol,
                            directions=directions, iterations=it, message=msg)
    outer = _hull(W)
    inner, verified, it_in = _inner(op, H, outer, ntol, max_iter)
    if not verified:
        msgs.append("the inner polygon could not be verified self-generating")
        if status == Status.OK:
            status = Status.FAILED
    gap = _ldexp(span * hausdorff(inner, outer), ex) if len(inner) else float("inf")
    # back to payoff units
    with np.errstate(over="ignore"):
        outer, inner = np.ldexp(outer * span + lo, ex), np.ldexp(inner * span + lo, ex)
    if not (np.isfinite(outer).all() and np.isfinite(inner).all()):
        msgs.append("the payoff set lies beyond the float range (exact payoffs above 1e308): "
                    "its vertices cannot be given as floats; divide the payoffs by a power of 10")
        status = Status.FAILED
    for m in msgs:
        warnings.warn(m, ConvergenceWarning, stacklevel=2)
    return SPEPayoffSet(
        vertices=outer, outer=outer, inner=inner, hausdorff_gap=gap, inner_verified=verified,
        discount=delta, tol=tol, directions=directions, iterations=it,
        success=status == Status.OK, status=status,
        message="; ".join(msgs) or f"converged; inner-outer Hausdorff gap {gap:.3g}",
        stats={"inner_iterations": it_in, "scale": _ldexp(span, ex)})


def _ldexp(v: float, e: int) -> float:
    """``v * 2**e``, ``inf`` beyond the float range (a payoff span near 1e308 can be)."""
    with np.errstate(over="ignore"):
        return float(np.ldexp(v, e))


def _inner(op: _Operator, H: np.ndarray, outer: np.ndarray, tol: float,
           max_iter: int) -> tuple[np.ndarray, bool, int]:
    W = outer
    k = 0
    for k in range(1, max_iter + 1):  # noqa: B007
        G = op.generated(W)
        if len(G) == 0:
            return np.empty((0, 2)), False, k
        Z = G[np.argmax(G @ H.T, axis=0)]
        W_new = _hull(Z)
        done = hausdorff(W_new, W) < 1e-3 * tol
        W = W_new
        if done:
            break
    G = op.generated(W)
    BW = _hull(G)
    slack = max(tol, 1e-9 * (1.0 + float(np.abs(op.u).max())))
    verified = len(BW) > 0 and all(polygon_distance(v, BW) <= slack for v in W)
    return W, verified, k
