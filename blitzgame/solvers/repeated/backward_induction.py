r"""Finitely repeated games: subgame-perfect equilibria by backward induction.

With a unique stage equilibrium, the unique SPE plays it in every period
(unraveling); with several, later-period equilibria can reward or punish
earlier play (Benoit and Krishna 1985), and the pure SPE paths of short
horizons are enumerated.

References
----------
1. Benoit, J.-P. and Krishna, V. (1985). Finitely repeated games.
   *Econometrica* 53(4), 905-922.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...exceptions import InvalidParameterError
from ...games.repeated import RepeatedGame
from ...results import compact_repr
from .._stage import stage_equilibria
from .payoff_sets import deviation_payoffs

__all__ = ["BackwardInductionResult", "backward_induction"]


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
