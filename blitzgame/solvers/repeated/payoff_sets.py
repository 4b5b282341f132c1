r"""Repeated games: minmax values, feasible sets, critical discount factors, SPE payoffs.

This module computes the minmax values and feasible sets and re-exports the
rest: critical discount factors (:mod:`blitzgame.solvers.repeated.critical`), backward
induction (:mod:`blitzgame.solvers.repeated.backward_induction`) and SPE payoff sets
(:mod:`blitzgame.solvers.repeated.spe`).

For a stage game :math:`G` with payoffs :math:`u` and the normalised discounted
repeated game :math:`G^\infty(\delta)` (:mod:`blitzgame.games.repeated`):

* **Minmax** of player :math:`i`: :math:`\underline v_i = \min_{\sigma_{-i}}
  \max_{a_i} u_i(a_i, \sigma_{-i})`, over pure :math:`a_{-i}` (``mixed=False``)
  or mixed strategies. For two players the mixed minmax is the value of the
  zero-sum game :math:`u_i` (a linear program, made exact for exact payoffs).
  For three or more players independent mixing makes the problem non-convex;
  blitzgame then returns the *correlated* minmax (opponents may correlate, an
  LP), a lower bound of the independent one, and says so.
* **Feasible set** :math:`F = \mathrm{conv}\{u(a)\}` and its individually
  rational part :math:`F^* = \{v \in F : v_i \ge \underline v_i\}`.
* **Grim trigger** (Friedman 1971): a pure profile :math:`a` repeated forever,
  with reversion to a stage Nash equilibrium :math:`e` after any deviation, is a
  subgame-perfect equilibrium iff for every player

  .. math:: u_i(a) \ge (1 - \delta) d_i(a) + \delta u_i(e), \quad
            d_i(a) = \max_{a_i'} u_i(a_i', a_{-i}),

  i.e. :math:`\delta \ge \delta^*_i = (d_i - u_i(a)) / (d_i - u_i(e))`; the critical
  discount factor is :math:`\max_i \delta^*_i` (exact for exact payoffs). For the
  prisoner's dilemma it is :math:`(T - R)/(T - P)`.
* **Harshest punishment** (two players): no SPE gives :math:`i` less than
  :math:`\underline v_i`, so :math:`\delta \ge (d_i - u_i(a))/(d_i - \underline v_i)`
  is necessary for any SPE with path :math:`a`; it is also sufficient when the
  mutual-minmax punishment can itself be enforced (Abreu 1988's optimal penal
  codes reach the minmax), which is checked with a stick-and-carrot
  punishment of length :math:`L` (Fudenberg and Maskin 1986).
* **SPE payoffs** by the Judd-Yeltekin-Conklin method: see
  :mod:`blitzgame.solvers.repeated.spe` and :func:`spe_payoffs`.
* **Finite horizon**: backward induction. With a unique stage equilibrium, the
  unique SPE plays it in every period (unraveling); with several, later-period
  equilibria can reward or punish earlier play (Benoit and Krishna 1985), and
  the pure SPE paths of short horizons are enumerated.

References
----------
1. Friedman, J. (1971). A non-cooperative equilibrium for supergames. *RES* 38.
2. Fudenberg, D. and Maskin, E. (1986). The folk theorem in repeated games with
   discounting or with incomplete information. *Econometrica* 54(3), 533-554.
3. Abreu, D. (1988). On the theory of infinitely repeated games with
   discounting. *Econometrica* 56(2), 383-396.
4. Benoit, J.-P. and Krishna, V. (1985). Finitely repeated games.
   *Econometrica* 53(4), 905-922.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ...exceptions import SolverError
from ...games.normal_form import NormalFormGame
from ...results import compact_repr
from .._checks import check_bool, check_game, check_nonnegative
from .._numerics.convex2d import clip_halfplane, hull_2d

__all__ = ["MinmaxValues", "FeasibleSet", "minmax_values", "feasible_payoffs",
           "deviation_payoffs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class MinmaxValues:
    """Minmax values and the punishments that achieve them.

    Attributes
    ----------
    values : tuple
        :math:`\\underline v_i` per player (Fractions for exact games when exact).
    punishments : tuple of tuple of ndarray
        For each punished player, the opponents' strategies (one probability
        vector per player; the punished player's own entry is its best reply).
    kind : {"pure", "mixed", "correlated"}
    exact : bool
    message : str
    """

    __repr__ = compact_repr

    values: tuple[Any, ...]
    punishments: tuple[tuple[np.ndarray, ...], ...]
    kind: str
    exact: bool
    message: str = ""


def deviation_payoffs(stage: NormalFormGame) -> np.ndarray:
    """Best one-shot deviation payoff :math:`d_i(a)` for every pure profile.

    Returns an array of the payoff tensor's shape ``(n_0, ..., n_{N-1}, N)``
    (Fractions for exact games).

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [int(v) for v in deviation_payoffs(pd)[0, 0]]
    [5, 5]
    """
    u = stage.payoff_array
    out = np.empty_like(u)
    for i in range(stage.num_players):
        out[..., i] = np.broadcast_to(u[..., i].max(axis=i, keepdims=True), u.shape[:-1])
    return out


def _pure_minmax(stage: NormalFormGame) -> MinmaxValues:
    u = stage.payoff_array
    vals, puns = [], []
    for i in range(stage.num_players):
        best = u[..., i].max(axis=i)  # over own action, indexed by opponents
        k = int(np.argmin(np.asarray(best, dtype=float)))
        opp = np.unravel_index(k, best.shape)
        v = best[opp]
        prof: list[int | np.intp] = list(opp)
        own: tuple[int | np.intp | slice, ...] = (*opp[:i], slice(None), *opp[i:], i)
        prof.insert(i, int(np.argmax(np.asarray(u[own], dtype=float))))
        strat = []
        for j, a in enumerate(prof):
            s = np.zeros(stage.shape[j], dtype=object if stage.exact else float)
            s[:] = Fraction(0) if stage.exact else 0.0
            s[a] = Fraction(1) if stage.exact else 1.0
            strat.append(s)
        vals.append(v)
        puns.append(tuple(strat))
    return MinmaxValues(values=tuple(vals), punishments=tuple(puns), kind="pure",
                        exact=stage.exact)


def minmax_values(stage: NormalFormGame, *, mixed: bool = True) -> MinmaxValues:
    """Minmax value of each player, in pure or in mixed strategies.

    Parameters
    ----------
    stage : NormalFormGame
    mixed : bool
        Opponents may mix (default) or only play pure actions.

    Returns
    -------
    MinmaxValues
        ``values[i]`` is :math:`\\min_{\\sigma_{-i}}\\max_{a_i} u_i`. Exact for
        exact two-player games; for three or more players and ``mixed=True``
        the correlated minmax (``kind="correlated"``, a lower bound).

    Raises
    ------
    SolverError
        If a minmax linear program fails (the message says which player and why).

    Examples
    --------
    Matching pennies: pure minmax 1, mixed minmax 0.

    >>> import blitzgame as bg
    >>> mp = bg.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> minmax_values(mp, mixed=False).values
    (Fraction(1, 1), Fraction(1, 1))
    >>> minmax_values(mp).values
    (Fraction(0, 1), Fraction(0, 1))
    """
    stage = check_game(stage, "stage")
    mixed = check_bool("mixed", mixed)
    if not mixed or stage.num_players == 1:
        return _pure_minmax(stage)
    if stage.num_players == 2:
        from ..bimatrix.zero_sum import zero_sum

        vals, puns, exact = [], [], True
        for i in range(2):
            A = stage.payoff_array[..., i] if i == 0 else stage.payoff_array[..., 1].T
            res = zero_sum(NormalFormGame.from_bimatrix(A, exact=None if stage.exact else False))
            if not res.equilibria:
                raise SolverError(f"minmax_values: the minmax LP of player {i} failed: "
                                  f"{res.message}")
            eq = res[0]
            vals.append(eq.payoffs[0])
            exact = exact and eq.exact
            own, other = eq.strategies
            puns.append((own, other) if i == 0 else (other, own))
        return MinmaxValues(values=tuple(vals), punishments=tuple(puns), kind="mixed",
                            exact=exact)
    return _correlated_minmax(stage)


def _correlated_minmax(stage: NormalFormGame) -> MinmaxValues:
    from .._numerics.lp import matrix_game_lp

    u = stage.float_payoffs
    vals, puns = [], []
    for i in range(stage.num_players):
        ui = np.moveaxis(u[..., i], i, 0).reshape(stage.shape[i], -1)  # own x opp profiles
        # the opponents' correlated profile q minimises max_a (ui @ q)_a: the column LP
        lp = matrix_game_lp(ui, row=False)
        if lp.y is None:
            raise SolverError(f"minmax_values: the correlated minmax LP of player {i} "
                              f"failed: {lp.message}")
        vals.append(lp.value)
        puns.append((lp.y,))
    return MinmaxValues(values=tuple(vals), punishments=tuple(puns), kind="correlated",
                        exact=False,
                        message="three or more players: the correlated minmax (opponents "
                                "correlate their punishment) is returned, a lower bound of "
                                "the minmax with independent mixing")


@dataclass(frozen=True, slots=True, kw_only=True)
class FeasibleSet:
    """The feasible payoff set and its individually rational part.

    Attributes
    ----------
    vertices : ndarray of shape (k, N)
        Extreme points of :math:`\\mathrm{conv}\\{u(a)\\}` (counter-clockwise
        for two players).
    individually_rational : ndarray of shape (m, 2) or None
        Vertices of :math:`\\{v \\in F: v \\ge \\underline v\\}` (two players;
        empty when no feasible point is individually rational).
    minmax : tuple
    exact : bool
    """

    __repr__ = compact_repr

    vertices: np.ndarray
    individually_rational: np.ndarray | None
    minmax: tuple[Any, ...]
    exact: bool

    def contains(self, point: Any, *, tol: float = 1e-9, rational: bool = False) -> bool:
        """True if ``point`` lies in the feasible (or with ``rational=True``, the IR) set."""
        from .._numerics.convex2d import polygon_distance

        tol = check_nonnegative("tol", tol)
        verts = self.individually_rational if check_bool("rational", rational) else self.vertices
        if verts is None or len(verts) == 0:
            return False
        return polygon_distance(np.asarray(point, float), np.asarray(verts, float)) <= tol


def feasible_payoffs(stage: NormalFormGame, *, mixed_minmax: bool = True) -> FeasibleSet:
    """Feasible payoff set (convex hull of the payoff vectors) and its IR part.

    Parameters
    ----------
    stage : NormalFormGame
    mixed_minmax : bool
        Use the mixed (default) or the pure minmax for individual rationality.

    Returns
    -------
    FeasibleSet
        Exact vertices for exact two-player games.

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> fs = feasible_payoffs(pd)
    >>> [tuple(int(x) for x in v) for v in fs.vertices]
    [(0, 5), (1, 1), (5, 0), (3, 3)]
    >>> len(fs.individually_rational)
    4
    """
    stage = check_game(stage, "stage")
    mm = minmax_values(stage, mixed=check_bool("mixed_minmax", mixed_minmax))
    pts = stage.payoff_array.reshape(-1, stage.num_players)
    exact = stage.exact and mm.exact
    if stage.num_players != 2:
        from scipy.spatial import ConvexHull, QhullError

        fp = np.unique(pts.astype(float), axis=0)
        try:
            hull = fp[ConvexHull(fp).vertices]
        except (QhullError, ValueError):
            hull = fp  # lower-dimensional set: keep every point
        return FeasibleSet(vertices=hull, individually_rational=None, minmax=mm.values,
                           exact=False)
    if not exact:
        pts = pts.astype(float)
    verts = hull_2d([tuple(p) for p in pts])
    ir = verts
    for i in range(2):
        ir = clip_halfplane(ir, i, mm.values[i])
    dtype = object if exact else float
    return FeasibleSet(vertices=np.array(verts, dtype=dtype).reshape(-1, 2),
                       individually_rational=np.array(ir, dtype=dtype).reshape(-1, 2),
                       minmax=mm.values, exact=exact)
