r"""Repeated games: minmax values, feasible sets, critical discount factors, SPE payoffs.

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
  :mod:`blitzgame.solvers._spe` and :func:`spe_payoffs`.
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

from ..exceptions import InvalidParameterError, UnsupportedGameError
from ..games.normal_form import NormalFormGame
from ..games.repeated import RepeatedGame
from ..results import compact_repr
from ._common import check_game
from ._convex import clip_halfplane, hull_2d
from ._spe import SPEPayoffSet, spe_payoffs
from ._stage import stage_equilibria

__all__ = ["MinmaxValues", "FeasibleSet", "CriticalDiscount", "BackwardInductionResult",
           "SPEPayoffSet", "minmax_values", "feasible_payoffs", "critical_discount",
           "spe_payoffs", "backward_induction", "deviation_payoffs"]


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
        prof = list(opp)
        prof.insert(i, int(np.argmax(np.asarray(u[(*opp[:i], slice(None), *opp[i:], i)],
                                                 dtype=float))))
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
    if not mixed or stage.num_players == 1:
        return _pure_minmax(stage)
    if stage.num_players == 2:
        from .zerosum import zero_sum

        vals, puns, exact = [], [], True
        for i in range(2):
            A = stage.payoff_array[..., i] if i == 0 else stage.payoff_array[..., 1].T
            eq = zero_sum(NormalFormGame.from_bimatrix(A, exact=None if stage.exact else False)
                          )[0]
            vals.append(eq.payoffs[0])
            exact = exact and eq.exact
            own, other = eq.strategies
            puns.append((own, other) if i == 0 else (other, own))
        return MinmaxValues(values=tuple(vals), punishments=tuple(puns), kind="mixed",
                            exact=exact)
    return _correlated_minmax(stage)


def _correlated_minmax(stage: NormalFormGame) -> MinmaxValues:
    from ._lp import highs

    u = stage.float_payoffs
    vals, puns = [], []
    for i in range(stage.num_players):
        ui = np.moveaxis(u[..., i], i, 0).reshape(stage.shape[i], -1)  # own x opp profiles
        m = ui.shape[1]
        # min v s.t. ui @ q <= v, sum q = 1, q >= 0
        res = highs(np.append(np.zeros(m), 1.0), A_ub=np.hstack([ui, -np.ones((len(ui), 1))]),
                    b_ub=np.zeros(len(ui)), A_eq=np.append(np.ones(m), 0.0)[None, :],
                    b_eq=np.ones(1), bounds=[(0, None)] * m + [(None, None)])
        vals.append(float(res.x[-1]))
        q = np.clip(res.x[:m], 0, None)
        puns.append((q / q.sum(),))
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
        from ._convex import polygon_distance

        verts = self.individually_rational if rational else self.vertices
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
    mm = minmax_values(stage, mixed=mixed_minmax)
    pts = stage.payoff_array.reshape(-1, stage.num_players)
    exact = stage.exact and mm.exact
    if stage.num_players != 2:
        from scipy.spatial import ConvexHull, QhullError

        fp = np.unique(pts.astype(float), axis=0)
        try:
            verts = fp[ConvexHull(fp).vertices]
        except (QhullError, ValueError):
            verts = fp  # lower-dimensional set: keep every point
        return FeasibleSet(vertices=verts, individually_rational=None, minmax=mm.values,
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


@dataclass(frozen=True, slots=True, kw_only=True)
class CriticalDiscount:
    """The smallest discount factor at which a repeated pure profile is an SPE outcome.

    Attributes
    ----------
    discount : Fraction, float or None
        :math:`\\delta^*`; ``None`` if no :math:`\\delta < 1` sustains the profile.
    per_player : tuple
        :math:`\\delta^*_i` of each player (``None`` where impossible).
    profile : tuple of int
        The repeated pure profile.
    punishment : str
        ``"nash"`` or ``"minmax"``.
    punishment_payoffs : tuple
        Continuation payoff of each player after a deviation.
    punishment_profile : tuple of ndarray or None
        The stage equilibrium reverted to (``"nash"``) or the mutual minmax
        profile (``"minmax"``).
    lower_bound : Fraction, float or None
        For ``"minmax"``: the bound no SPE can beat.
    sufficient : bool
        True if ``discount`` is verified to sustain the profile (with grim
        trigger, or with a stick-and-carrot punishment of ``punishment_length``).
    punishment_length : int or None
    exact : bool
    message : str
    """

    __repr__ = compact_repr

    discount: Any
    per_player: tuple[Any, ...]
    profile: tuple[int, ...]
    punishment: str
    punishment_payoffs: tuple[Any, ...]
    punishment_profile: tuple[np.ndarray, ...] | None
    lower_bound: Any = None
    sufficient: bool = True
    punishment_length: int | None = None
    exact: bool = True
    message: str = ""

    @property
    def sustainable(self) -> bool:
        """True if some discount factor below 1 sustains the profile."""
        return self.discount is not None

    def sustains(self, discount: Any) -> bool:
        """True if the profile is sustained at ``discount`` (``discount >= self.discount``)."""
        return self.discount is not None and self.sufficient and discount >= self.discount


def _threshold(u: Any, d: Any, p: Any, exact: bool) -> Any:
    """Smallest delta with u >= (1-delta) d + delta p; None if impossible."""
    if d <= u:
        return Fraction(0) if exact else 0.0
    if p >= u:
        return None
    return (d - u) / (d - p)


def critical_discount(stage: NormalFormGame | RepeatedGame, profile: Any, *,
                      punishment: str = "nash", max_length: int = 50) -> CriticalDiscount:
    """Smallest discount factor at which repeating a pure profile is subgame perfect.

    Parameters
    ----------
    stage : NormalFormGame or RepeatedGame
        The stage game (a RepeatedGame's stage is used).
    profile : sequence
        The pure profile to repeat (action indices or labels).
    punishment : {"nash", "minmax"}
        ``"nash"`` (default): grim trigger, reversion to the stage Nash
        equilibrium that gives the smallest threshold (N players).
        ``"minmax"``: the harshest punishment, two players.
    max_length : int
        Longest stick-and-carrot punishment tried for ``"minmax"``.

    Returns
    -------
    CriticalDiscount
        Exact Fractions when the stage game (and the equilibria used) are exact.

    Raises
    ------
    InvalidParameterError
        Unknown punishment, bad profile.
    UnsupportedGameError
        ``"minmax"`` with other than two players.

    Examples
    --------
    Prisoner's dilemma T=5, R=3, P=1: :math:`\\delta^* = (T-R)/(T-P) = 1/2`.

    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> critical_discount(pd, (0, 0)).discount
    Fraction(1, 2)
    """
    if isinstance(stage, RepeatedGame):
        stage = stage.stage
    stage = check_game(stage, "stage")
    prof = stage.pure_profile(profile)
    if punishment not in ("nash", "minmax"):
        raise InvalidParameterError(
            f"punishment must be 'nash' or 'minmax'; got {punishment!r}")
    u = stage.payoff_array[prof]
    d = deviation_payoffs(stage)[prof]
    if punishment == "nash":
        eqs, notes = stage_equilibria(stage)
        best: CriticalDiscount | None = None
        for e in eqs:
            exact = stage.exact and e.exact
            uu, dd = (u, d) if exact else (u.astype(float), d.astype(float))
            pay = e.payoffs if exact else tuple(float(x) for x in e.payoffs)
            per = tuple(_threshold(uu[i], dd[i], pay[i], exact)
                        for i in range(stage.num_players))
            delta = None if any(t is None for t in per) else max(per)
            cand = CriticalDiscount(discount=delta, per_player=per, profile=prof,
                                    punishment="nash", punishment_payoffs=pay,
                                    punishment_profile=e.strategies, exact=exact,
                                    message="; ".join(notes))
            if best is None or (delta is not None and (best.discount is None
                                                       or delta < best.discount)):
                best = cand
        assert best is not None  # every finite game has a Nash equilibrium
        return best
    if stage.num_players != 2:
        raise UnsupportedGameError(
            f"punishment='minmax' needs a two-player stage game; got {stage.num_players} players "
            "(use punishment='nash')")
    return _minmax_discount(stage, prof, u, d, max_length)


def _minmax_discount(stage: NormalFormGame, prof: tuple[int, ...], u: Any, d: Any,
                     max_length: int) -> CriticalDiscount:
    mm = minmax_values(stage, mixed=True)
    exact = stage.exact and mm.exact
    uu, dd = (u, d) if exact else (u.astype(float), d.astype(float))
    v = mm.values if exact else tuple(float(x) for x in mm.values)
    per = tuple(_threshold(uu[i], dd[i], v[i], exact) for i in range(2))
    lower = None if any(t is None for t in per) else max(per)
    common = dict(per_player=per, profile=prof, punishment="minmax", punishment_payoffs=v,
                  exact=exact, lower_bound=lower)
    if lower is None:
        return CriticalDiscount(discount=None, punishment_profile=None, sufficient=False,
                                message="the profile pays a player less than its minmax "
                                        "value: no discount factor sustains it", **common)
    # mutual minmax: player 0 plays its punishment of 1 and vice versa (pure only)
    pun0, pun1 = mm.punishments[1][0], mm.punishments[0][1]
    pure = all(int(np.count_nonzero(np.asarray(s, float))) == 1 for s in (pun0, pun1))
    if not pure:
        return CriticalDiscount(discount=lower, punishment_profile=None, sufficient=False,
                                message="the minmax punishments are mixed; the bound is "
                                        "necessary but not verified sufficient", **common)
    m = (int(np.flatnonzero(np.asarray(pun0, float))[0]),
         int(np.flatnonzero(np.asarray(pun1, float))[0]))
    um = stage.payoff_array[m] if exact else stage.float_payoffs[m]
    dm = deviation_payoffs(stage)[m] if exact else deviation_payoffs(stage)[m].astype(float)
    delta = lower
    for L in range(1, max_length + 1):
        if _stick_and_carrot_ok(uu, dd, um, dm, delta, L):
            return CriticalDiscount(discount=lower, punishment_profile=(pun0, pun1),
                                    punishment_length=L, sufficient=True,
                                    message=f"sustained at the minmax bound by {L} period(s) "
                                            "of mutual minmax, then back to the path", **common)
    return CriticalDiscount(discount=lower, punishment_profile=(pun0, pun1), sufficient=False,
                            message="the minmax bound is necessary; no stick-and-carrot "
                                    f"punishment of length <= {max_length} enforces it there",
                            **common)


def _stick_and_carrot_ok(u: Any, d: Any, um: Any, dm: Any, delta: Any, L: int) -> bool:
    """Check every one-shot deviation of the L-period mutual-minmax punishment code."""
    one = type(delta)(1)
    for i in range(2):
        w = (one - delta ** L) * um[i] + delta ** L * u[i]  # start of punishment
        if u[i] < (one - delta) * d[i] + delta * w:
            return False
        for k in range(L):  # k punishment periods already served
            left = L - k
            stay = (one - delta ** left) * um[i] + delta ** left * u[i]
            if stay < (one - delta) * dm[i] + delta * w:
                return False
    return True


@dataclass(frozen=True, slots=True, kw_only=True)
class BackwardInductionResult:
    """Subgame-perfect equilibria of a finitely repeated game.

    Attributes
    ----------
    paths : tuple of tuple of tuple of int
        Pure SPE outcome paths (one pure profile per period), at most ``max_paths``.
    payoffs : tuple of tuple
        Total discounted payoff of each path, per player.
    unique : bool
        True if the stage game has a unique equilibrium, so the SPE is unique.
    stage_equilibria : tuple of Equilibrium
    complete : bool
        False if the enumeration was truncated at ``max_paths``.
    message : str
    """

    __repr__ = compact_repr

    paths: tuple[tuple[tuple[int, ...], ...], ...]
    payoffs: tuple[tuple[Any, ...], ...]
    unique: bool
    stage_equilibria: tuple[Any, ...]
    complete: bool = True
    message: str = ""

    @property
    def unravels(self) -> bool:
        """True if every SPE plays a stage equilibrium in every period."""
        eq = {e.pure_profile for e in self.stage_equilibria if e.is_pure}
        return self.unique or all(all(a in eq for a in p) for p in self.paths)


def backward_induction(game: RepeatedGame, *, max_paths: int = 10_000) -> BackwardInductionResult:
    """Subgame-perfect equilibria of a finitely repeated game by backward induction.

    Parameters
    ----------
    game : RepeatedGame
        With a finite ``horizon``.
    max_paths : int
        Stop enumerating pure SPE paths beyond this many.

    Returns
    -------
    BackwardInductionResult

    Notes
    -----
    With :math:`k` periods left, a pure profile :math:`a` followed by an SPE
    continuation :math:`c` is an SPE outcome iff for every player
    :math:`u_i(a) + \\delta c_i \\ge d_i(a) + \\delta p_i`, where :math:`p_i` is
    the worst SPE continuation for :math:`i` (stage equilibria, pure or mixed,
    repeated, are among them).

    Examples
    --------
    >>> import blitzgame as bg
    >>> from blitzgame.games.repeated import RepeatedGame
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> res = backward_induction(RepeatedGame(pd, horizon=3))
    >>> res.paths, res.unravels
    ((((1, 1), (1, 1), (1, 1)),), True)
    """
    if not isinstance(game, RepeatedGame) or not game.is_finite:
        raise InvalidParameterError(
            f"game must be a RepeatedGame with a finite horizon; got {game!r}")
    stage = game.stage
    delta = game.discount
    eqs, notes = stage_equilibria(stage)
    exact = stage.exact and all(e.exact for e in eqs)
    u = stage.payoff_array if exact else stage.float_payoffs
    dev = deviation_payoffs(stage) if exact else deviation_payoffs(stage).astype(float)
    if not exact:
        delta = float(delta)
    zero = Fraction(0) if exact else 0.0
    eq_pay = [tuple(e.payoffs) if exact else tuple(float(x) for x in e.payoffs) for e in eqs]
    T = game.horizon
    assert T is not None
    if len(eqs) == 1:
        e = eqs[0]
        tot = tuple(sum((delta ** t * eq_pay[0][i] for t in range(T)), zero)
                    for i in range(stage.num_players))
        paths = ((e.pure_profile,) * T,) if e.is_pure else ()
        msg = "unique stage equilibrium: it is played in every period (unraveling)"
        return BackwardInductionResult(paths=paths, payoffs=(tot,), unique=True,
                                       stage_equilibria=eqs, message=msg)
    # continuation sets: list of (payoff vector, path) with k periods left
    conts: list[tuple[tuple[Any, ...], tuple[tuple[int, ...], ...]]] = [
        (tuple(zero for _ in range(stage.num_players)), ())]
    complete = True
    for k in range(1, T + 1):
        rep = [tuple(sum((delta ** t * p[i] for t in range(k - 1)), zero)
                     for i in range(stage.num_players)) for p in eq_pay]
        worst = tuple(min([c[0][i] for c in conts] + [r[i] for r in rep])
                      for i in range(stage.num_players))
        new = []
        for a in stage.pure_profiles():
            for pay, path in conts:
                if all(u[a][i] + delta * pay[i] >= dev[a][i] + delta * worst[i]
                       for i in range(stage.num_players)):
                    new.append((tuple(u[a][i] + delta * pay[i]
                                      for i in range(stage.num_players)), (a, *path)))
                    if len(new) >= max_paths:
                        complete = False
                        break
            if not complete:
                break
        conts = new
    return BackwardInductionResult(
        paths=tuple(p for _, p in conts), payoffs=tuple(v for v, _ in conts), unique=False,
        stage_equilibria=eqs, complete=complete,
        message="; ".join([f"{len(eqs)} stage equilibria: pure SPE paths enumerated", *notes]))

