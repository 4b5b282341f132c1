r"""Dominance: dominant and dominated actions (pure and mixed dominators), iterated elimination.

Write :math:`U_i` for player :math:`i`'s payoffs as a matrix with one row per
own action and one column per opponents' pure profile :math:`a_{-i}`.

* Action :math:`a` is **strictly dominant** if :math:`u_i(a, a_{-i}) > u_i(b, a_{-i})`
  for every other action :math:`b` and every :math:`a_{-i}`; **weakly dominant** if
  it weakly dominates every other action: :math:`\ge` everywhere and :math:`>`
  somewhere, against each :math:`b` (Fudenberg & Tirole 1991, §1.1; MWG 1995, §8.B).
  An action identical to another one is therefore not weakly dominant.
* Action :math:`a` is **strictly dominated** by a mixed strategy :math:`\sigma`
  over the other actions if :math:`\sum_b \sigma_b u_i(b, a_{-i}) > u_i(a, a_{-i})`
  for every :math:`a_{-i}`; **weakly dominated** if :math:`\ge` everywhere and
  :math:`>` somewhere. Pure dominators are found by a vectorised comparison; mixed
  ones by linear programming (HiGHS):

  .. math:: \text{strict:}\ \max_{\sigma \in \Delta, \varepsilon} \varepsilon
            \ \text{s.t.}\ \sigma^\top U_i \ge U_i[a] + \varepsilon, \qquad
            \text{weak:}\ \max_{\sigma \in \Delta, s \ge 0} \textstyle\sum s
            \ \text{s.t.}\ \sigma^\top U_i = U_i[a] + s,

  dominated iff the optimum is positive. For exact games the LP solution is
  rounded or recomputed exactly on its active constraints and re-verified in
  Fractions; "dominated" is never reported without a verified ``dominated_by``.
* Certificates for "no": an action that is a best response at some opponents'
  profile cannot be strictly dominated, and one that is the *unique* best
  response somewhere cannot be weakly dominated (Pearce 1984: in general the
  certificate is a belief over :math:`a_{-i}`, which a single profile may not
  provide; then ``witness`` is ``None``).

**Iterated elimination.** Each round removes, for *all* players at once, every
action that is dominated (strictly or weakly; by a pure or, optionally, a mixed
strategy), then repeats on the reduced game until nothing is dominated. For
strict dominance the surviving game does not depend on the order of
elimination; for weak dominance it can, and this simultaneous order is the
documented one. Strict elimination never removes an action played in a Nash
equilibrium (Gibbons 1992, §1.1.B).

References
----------
1. Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, §2.1.
2. Pearce, D. (1984). Rationalizable strategic behavior and the problem of
   perfection. *Econometrica* 52(4), 1029-1050.
3. Mas-Colell, A., Whinston, M. and Green, J. (1995). *Microeconomic Theory*, §8.B.
4. Gibbons, R. (1992). *A Primer in Game Theory*. Princeton University Press, §1.1.B.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..exceptions import PrecisionWarning, SolverError
from ..games.normal_form import Action, NormalFormGame, Player
from ..results import DominanceResult, compact_repr
from ._checks import check_bool, check_game, check_tol
from ._numerics.lp import exact_vertex, highs, round_to_fractions
from ._numerics.scaling import pow2_scale, unit_range

__all__ = [
    "is_dominant",
    "is_dominated",
    "dominated_actions",
    "iterated_elimination",
    "EliminationResult",
]


def _matrix(u: NDArray[Any], p: int) -> NDArray[Any]:
    """Player p's payoffs as (n_p, M): rows own actions, columns opponents' profiles."""
    m = np.moveaxis(u[..., p], p, 0)
    return m.reshape(m.shape[0], -1)


def _profile(game: NormalFormGame, p: int, col: int, own: int) -> tuple[int, ...]:
    other = tuple(n for k, n in enumerate(game.shape) if k != p)
    rest = [int(v) for v in np.unravel_index(col, other)] if other else []
    rest.insert(p, int(own))
    return tuple(rest)


def _setup(game: object, player: Player, action: Action, tol: float | None) -> tuple[
        NormalFormGame, int, int, NDArray[Any], float]:
    game = check_game(game)
    p = game.player_index(player)
    a = game.action_index(p, action)
    t = check_tol(game, tol)  # checked for exact games too, where it is ignored
    t = 0 if game.exact else t  # an int: integer payoffs of any size stay integers
    return game, p, a, _matrix(game.comparable_payoffs, p), t


def is_dominant(
    game: NormalFormGame, player: int | str, action: int | str, *,
    strict: bool = True, tol: float | None = None,
) -> DominanceResult:
    """Decide whether an action is a (strictly or weakly) dominant action of a player.

    Parameters
    ----------
    game : NormalFormGame
    player, action : int or str
        Index or label.
    strict : bool
        The question asked: strictly (default) or weakly dominant. The ``kind``
        of the result is always the strongest that holds.
    tol : float, optional
        Float games: payoff differences within ``tol`` count as ties (default
        :attr:`NormalFormGame.float_tol`). Exact games compare exactly.

    Returns
    -------
    DominanceResult
        ``question="dominant"``; ``kind`` is ``"strict"``, ``"weak"`` or ``"none"``.
        Unless ``kind == "strict"``, ``witness`` is a full pure profile (the
        player's entry set to ``better_action``): where ``better_action`` earns
        strictly more (``kind="none"``), or ties (weak but not strict, or an
        identical action). Test ``res.strict`` or ``res.weak``; ``bool(res)`` means
        "at least weakly".

    Raises
    ------
    InvalidParameterError
        Unknown player or action, ``strict`` not a bool, or ``tol`` not a finite
        number >= 0 (checked for exact games too, where it is not used).

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                      actions=(("C", "D"), ("C", "D")))
    >>> bg.is_dominant(pd, 0, "D").kind
    'strict'
    >>> r = bg.is_dominant(pd, 0, "C")
    >>> r.kind, r.witness, r.better_action
    ('none', (1, 0), 1)
    """
    game, p, a, U, t = _setup(game, player, action, tol)
    strict = check_bool("strict", strict)
    n = U.shape[0]
    others = [b for b in range(n) if b != a]
    name = f"action {game.actions[p][a]!r} of player {game.players[p]!r}"
    asked = "strictly" if strict else "weakly"

    def res(kind: str, witness: Any = None, better: int | None = None, msg: str = "") -> (
            DominanceResult):
        return DominanceResult(player=p, action=a, kind=kind, witness=witness,
                               better_action=better, question="dominant", exact=game.exact,
                               asked_strict=strict, message=msg)

    if not others:
        return res("strict", msg=f"{name} is the player's only action (trivially dominant)")
    D = U[a][None, :] - U[others]  # (n-1, M): advantage of `action` over each other action
    worse = D < -t
    if worse.any():
        k, col = (int(v) for v in np.unravel_index(np.argmin(D), D.shape))
        b = others[k]
        prof = _profile(game, p, col, b)
        return res("none", prof, b,
                   f"no: {name} is not {asked} dominant; {game.actions[p][b]!r} earns more at "
                   f"profile {prof}")
    tie = np.abs(D) <= t
    if not tie.any():
        return res("strict", msg=f"yes: {name} is strictly dominant")
    identical = tie.all(axis=1)
    if identical.any():
        b = others[int(np.flatnonzero(identical)[0])]
        prof = _profile(game, p, 0, b)
        return res("none", prof, b,
                   f"no: {name} is not {asked} dominant: {game.actions[p][b]!r} has identical "
                   f"payoffs (it ties at every profile, e.g. {prof})")
    k, col = (int(v) for v in np.argwhere(tie)[0])
    b = others[k]
    prof = _profile(game, p, col, b)
    return res("weak", prof, b,
               f"{'no' if strict else 'yes'}: {name} is weakly but not strictly dominant; "
               f"{game.actions[p][b]!r} ties at profile {prof}")


def _unit(n: int, b: int, exact: bool) -> NDArray[Any]:
    if exact:
        v = np.full(n, Fraction(0), dtype=object)
        v[b] = Fraction(1)
    else:
        v = np.zeros(n)
        v[b] = 1.0
    return v


def _check(U: NDArray[Any], a: int, sigma: NDArray[Any], strict: bool, t: float) -> bool:
    """Does sigma (over all rows of U) dominate row a? Exact when U and sigma are."""
    diff = sigma @ U - U[a]
    if strict:
        return bool(np.all(diff > t))
    return bool(np.all(diff >= -t) and np.any(diff > t))


def _mixed_dominator(game: NormalFormGame, p: int, a: int, strict: bool, t: float
                     ) -> tuple[NDArray[Any] | None, str]:
    """LP search for a mixed dominator of action a; verified (exactly for exact games)."""
    Uf = _matrix(game.float_payoffs, p)
    n, M = Uf.shape
    others = [b for b in range(n) if b != a]
    k = len(others)
    # payoffs mapped onto [0, 1]: the LPs (sum sigma = 1) are unchanged by the shift,
    # and HiGHS's tolerances fit the payoffs' own units (tiny, huge or shifted alike)
    # (payoffs near 1e308 are first divided by a power of two: exact, and no overflow)
    Us, ex = pow2_scale(Uf)
    Uu, _, scale = unit_range(Us)
    Uo, ua = Uu[others], Uu[a]
    if strict:  # variables (sigma_1..sigma_k, eps): max eps s.t. -sigma U + eps <= -u_a
        c = np.zeros(k + 1)
        c[-1] = -1.0
        A_ub = np.hstack([-Uo.T, np.ones((M, 1))])
        b_ub = -ua
        A_eq = np.append(np.ones(k), 0.0)[None, :]
        bounds = [(0, None)] * k + [(None, None)]
        lp = highs(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=np.ones(1), bounds=bounds)
    else:  # variables (sigma, s): max sum s s.t. sigma U - s = u_a, s >= 0
        c = np.concatenate([np.zeros(k), -np.ones(M)])
        A_eq = np.vstack([np.hstack([Uo.T, -np.eye(M)]),
                          np.concatenate([np.ones(k), np.zeros(M)])[None, :]])
        b_eq = np.append(ua, 1.0)
        lp = highs(c, A_eq=A_eq, b_eq=b_eq, bounds=(0, None))
    if lp.status != 0:
        return None, f"the LP failed ({lp.message})"
    if -lp.fun * scale <= np.ldexp(t, -ex) or (game.exact and -lp.fun <= 1e-9):
        return None, "no mixed strategy dominates it (LP optimum <= 0)"
    sig = np.zeros(n)
    sig[others] = lp.x[:k]
    if not game.exact:
        sig = np.clip(sig, 0.0, None)
        sig /= sig.sum()
        if _check(Uf, a, sig, strict, t):
            return sig, ""
        return None, "the LP solution failed re-verification"
    U = _matrix(game.payoff_array, p)
    for den in (10**3, 10**6, 10**9):
        cand = round_to_fractions(sig, den)
        if _check(U, a, cand, strict, 0):
            return cand, ""
    # recompute the LP vertex exactly from its active constraints
    Uo_e = U[others]
    one = Fraction(1)
    if strict:
        A_ub_e = np.hstack([-Uo_e.T, np.full((M, 1), one, dtype=object)])
        b_ub_e = -U[a]
        A_eq_e = np.array([[one] * k + [Fraction(0)]], dtype=object)
        x = exact_vertex(np.append(lp.x[:k], lp.x[k] * scale), A_ub=A_ub_e, b_ub=b_ub_e,
                         A_eq=A_eq_e, b_eq=np.array([one], dtype=object),
                         nonneg=np.array([True] * k + [False]))
    else:
        eye = np.array([[one if r == s else Fraction(0) for s in range(M)] for r in range(M)],
                       dtype=object)
        A_eq_e = np.vstack([np.hstack([Uo_e.T, -eye]),
                            np.array([[one] * k + [Fraction(0)] * M], dtype=object)])
        b_eq_e = np.append(U[a], [one])
        x = exact_vertex(np.append(lp.x[:k], lp.x[k:] * scale), A_ub=None, b_ub=None,
                         A_eq=A_eq_e, b_eq=b_eq_e, nonneg=np.ones(k + M, dtype=bool))
    if x is not None and all(v >= 0 for v in x[:k]):
        cand = np.full(n, Fraction(0), dtype=object)
        cand[others] = x[:k]
        if _check(U, a, cand, strict, 0):
            return cand, ""
    text = (f"the LP suggests that action {a} of player {p} is dominated (margin "
            f"{-lp.fun * scale:.3g}) but no dominating strategy could be verified exactly; "
            "reported as not dominated")
    warnings.warn(text, PrecisionWarning, stacklevel=4)
    return None, text


def _dominated(game: NormalFormGame, p: int, a: int, U: NDArray[Any], t: float, strict: bool,
               mixed: bool) -> tuple[NDArray[Any] | None, str]:
    n = U.shape[0]
    with np.errstate(over="ignore"):  # near 1e308 a difference may be +-inf: same sign
        diff = U - U[a][None, :]  # (n, M) advantage of each action over a
    ok = np.all(diff > t, axis=1) if strict else (
        np.all(diff >= -t, axis=1) & np.any(diff > t, axis=1))
    ok[a] = False
    if ok.any():
        return _unit(n, int(np.flatnonzero(ok)[0]), game.exact), ""
    if mixed and n >= 3:
        return _mixed_dominator(game, p, a, strict, t)
    return None, ""


def is_dominated(
    game: NormalFormGame, player: int | str, action: int | str, *,
    strict: bool = True, mixed: bool = True, tol: float | None = None,
) -> DominanceResult:
    """Decide whether an action is dominated by another pure action or by a mixed strategy.

    Parameters
    ----------
    game : NormalFormGame
    player, action : int or str
        Index or label.
    strict : bool
        The question asked: strictly (default) or weakly dominated. ``kind`` reports
        the strongest that holds.
    mixed : bool
        Also consider mixed dominators (linear programming); ``False``: pure only.
    tol : float, optional
        Float games: the margin a dominator must exceed; default
        :attr:`NormalFormGame.float_tol`. Exact games decide exactly.

    Returns
    -------
    DominanceResult
        ``question="dominated"``. If dominated, ``dominated_by`` is a verified
        dominating strategy (a probability vector over the player's actions;
        Fractions, checked exactly, for exact games) and ``better_action`` its
        action when it is pure. Otherwise ``witness`` is a pure profile (the
        player's entry = ``action``) at which ``action`` is a best response
        -- no strategy can beat it there, so it is not strictly dominated -- chosen
        where it is the *unique* best response when there is one (then it is not
        weakly dominated either); ``None`` when no single profile certifies it.

    Warns
    -----
    PrecisionWarning
        The float LP found a dominator that could not be verified exactly.

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame([[[3, 0], [0, 1]], [[0, 0], [3, 1]], [[1, 1], [1, 0]]])
    >>> r = bg.is_dominated(g, 0, 2)   # (1, 1) is beaten by (1/2 top, 1/2 middle)
    >>> r.kind, [str(v) for v in r.dominated_by]
    ('strict', ['1/2', '1/2', '0'])
    """
    game, p, a, U, t = _setup(game, player, action, tol)
    strict, mixed = check_bool("strict", strict), check_bool("mixed", mixed)
    name = f"action {game.actions[p][a]!r} of player {game.players[p]!r}"
    by, note = _dominated(game, p, a, U, t, True, mixed)
    kind = "strict"
    if by is None:
        by, note2 = _dominated(game, p, a, U, t, False, mixed)
        kind = "weak" if by is not None else "none"
        note = note2 or note
    witness = None
    if kind != "strict":
        best = U.max(axis=0)
        is_best = U[a] >= best - t
        unique = is_best & (np.sum(U >= U[a][None, :] - t, axis=0) == 1)
        cols = np.flatnonzero(unique if unique.any() else is_best)
        if cols.size:
            witness = _profile(game, p, int(cols[0]), a)
    better = None
    if by is not None:
        nz = [int(k) for k in np.flatnonzero(np.asarray(by, dtype=float) > 0)]
        better = nz[0] if len(nz) == 1 else None
    asked = "strictly" if strict else "weakly"
    if kind == "none":
        msg = f"no: {name} is not {asked} dominated" + (f" ({note})" if note else "")
    elif kind == "weak" and strict:
        msg = f"no: {name} is weakly but not strictly dominated"
    else:
        msg = f"yes: {name} is {kind}ly dominated"
    if witness is not None and kind != "strict":
        msg += f"; it is a best response at profile {witness}"
    return DominanceResult(player=p, action=a, kind=kind, dominated_by=by, witness=witness,
                           better_action=better, question="dominated", exact=game.exact,
                           asked_strict=strict, message=msg)


# ------------------------------------------------------------------ iterated elimination
@dataclass(frozen=True, slots=True, kw_only=True)
class EliminationResult:
    """Outcome of iterated elimination of dominated actions.

    Attributes
    ----------
    game : NormalFormGame
        The reduced game (labels of the surviving actions kept).
    eliminated : tuple
        ``(round, player_index, action_label, dominated_by)`` in elimination order;
        ``dominated_by`` is a probability vector over the *original* game's actions
        of that player (Fractions for exact games).
    remaining : tuple of tuple of int
        Surviving action indices of the original game, per player.
    strict, mixed : bool
        Which dominance was eliminated.
    """

    __repr__ = compact_repr

    game: NormalFormGame
    eliminated: tuple[tuple[int, int, str, NDArray[Any]], ...]
    remaining: tuple[tuple[int, ...], ...]
    strict: bool
    mixed: bool

    @property
    def rounds(self) -> int:
        """Number of rounds in which something was eliminated."""
        return max((e[0] for e in self.eliminated), default=0)

    @property
    def solved(self) -> bool:
        """True if exactly one action survives for every player (dominance solvable)."""
        return all(len(r) == 1 for r in self.remaining)


def _dominated_set(game: NormalFormGame, strict: bool, mixed: bool, t: float
                   ) -> list[list[tuple[int, NDArray[Any]]]]:
    u = game.comparable_payoffs
    out = []
    for p in range(game.num_players):
        U = _matrix(u, p)
        found = []
        for a in range(game.shape[p]):
            by, _ = _dominated(game, p, a, U, t, strict, mixed)
            if by is not None:
                found.append((a, by))
        out.append(found)
    return out


def dominated_actions(
    game: NormalFormGame, *, strict: bool = True, mixed: bool = True, tol: float | None = None
) -> tuple[tuple[int, ...], ...]:
    """Indices of each player's dominated actions (by pure or, if ``mixed``, mixed strategies).

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> bg.dominated_actions(pd)
    ((0,), (0,))
    """
    game = check_game(game)
    strict, mixed = check_bool("strict", strict), check_bool("mixed", mixed)
    t = check_tol(game, tol)
    t = 0.0 if game.exact else t
    return tuple(tuple(a for a, _ in f) for f in _dominated_set(game, strict, mixed, t))


def iterated_elimination(
    game: NormalFormGame, *, strict: bool = True, mixed: bool = True, tol: float | None = None
) -> EliminationResult:
    """Iteratively eliminate dominated actions until none is left.

    Each round removes *all* dominated actions of *all* players simultaneously,
    then repeats on the reduced game. Strict elimination is order-independent;
    weak elimination is not, and this simultaneous order is the one used.

    Parameters
    ----------
    game : NormalFormGame
    strict : bool
        Eliminate strictly (default) or weakly dominated actions.
    mixed : bool
        Allow mixed dominators (default) or only pure ones.
    tol : float, optional
        Float games only; see :func:`is_dominated`.

    Returns
    -------
    EliminationResult

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[4, 3, 0], [3, 2, 1]], [[3, 1, 2], [0, 4, 1]],
    ...     actions=(("U", "D"), ("L", "C", "R")))
    >>> res = bg.iterated_elimination(g)
    >>> res.game.actions, res.solved
    ((('U',), ('L',)), True)
    """
    game = check_game(game)
    strict, mixed = check_bool("strict", strict), check_bool("mixed", mixed)
    t = check_tol(game, tol)
    t = 0.0 if game.exact else t
    remaining = [list(range(n)) for n in game.shape]
    current = game
    eliminated: list[tuple[int, int, str, NDArray[Any]]] = []
    rnd = 0
    while True:
        found = _dominated_set(current, strict, mixed, t)
        if not any(found):
            break
        rnd += 1
        for p, f in enumerate(found):
            for a, by in f:
                vec = np.full(game.shape[p], Fraction(0) if game.exact else 0.0,
                              dtype=object if game.exact else np.float64)
                vec[remaining[p]] = by
                eliminated.append((rnd, p, current.actions[p][a], vec))
        drop = [{a for a, _ in f} for f in found]
        keep = [[k for k in range(current.shape[p]) if k not in drop[p]]
                for p in range(game.num_players)]
        if any(not k for k in keep):  # cannot happen: some action is always undominated
            raise SolverError("elimination would remove every action of a player")
        remaining = [[remaining[p][k] for k in keep[p]] for p in range(game.num_players)]
        current = current.restrict(keep)
    return EliminationResult(game=current, eliminated=tuple(eliminated),
                             remaining=tuple(tuple(r) for r in remaining),
                             strict=strict, mixed=mixed)
