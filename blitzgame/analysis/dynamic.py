r"""Verdicts of the repeated and the dynamic race.

**Repeated race.** The one-shot race (:meth:`RaceModel.to_game`) is repeated
with discount :math:`\delta`. :func:`repeated_verdict` asks whether *mutual
restraint* (each firm's slowest posture, e.g. both Steady) is sustainable by
grim trigger (reversion to a stage equilibrium), from which :math:`\delta` on,
and whether blitzing is still the only subgame-perfect outcome.

**Dynamic race.** :func:`dynamic_verdict` solves the stochastic game by GPU stage
of :func:`blitzgame.model.dynamic.race_to_stochastic_game` (Markov perfect
equilibrium) and reports per state who blitzes, the firms' values, the **death
zone** (states where staying in the race is worth less to a firm than exiting to
the niche) and where a **laggard gives up** (exits while strictly behind a rival).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from .._display import plural
from .._validate import check_positive_int
from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..games.repeated import check_discount
from ..games.stochastic import StochasticGame
from ..model.dynamic import NICHE, check_stochastic_options, race_to_stochastic_game
from ..model.stages import STAGES
from ..results import compact_repr
from ..solvers.pure import pure_equilibria
from ..solvers.repeated.critical import critical_discount
from ..solvers.stochastic.markov import markov_perfect

if TYPE_CHECKING:  # pragma: no cover
    from ..model.race import RaceModel

__all__ = ["repeated_verdict", "dynamic_verdict", "RepeatedVerdict", "DynamicVerdict"]


@dataclass(frozen=True, slots=True)
class RepeatedVerdict:
    """Mutual restraint in the repeated race.

    Attributes
    ----------
    restraint : tuple of str
        The restraint profile (each firm's slowest posture).
    critical_discount : float or None
        Smallest discount sustaining it by grim trigger (``None``: never).
    sustainable : bool or None
        At ``discount`` (``None`` if no discount was given).
    stage_equilibria : tuple of tuple of str
        The pure equilibria of the one-shot race.
    blitz_only : bool or None
        True if at ``discount`` every firm blitzing is the only SPE outcome
        found: the stage game's unique equilibrium is all-Blitz and no other
        pure profile is sustainable by Nash reversion.
    sustainable_profiles : tuple of tuple of str
        Pure profiles sustainable at ``discount`` by grim trigger.
    """

    __repr__ = compact_repr

    restraint: tuple[str, ...]
    critical_discount: float | None
    sustainable: bool | None
    stage_equilibria: tuple[tuple[str, ...], ...]
    blitz_only: bool | None
    sustainable_profiles: tuple[tuple[str, ...], ...]
    discount: float | None

    def __str__(self) -> str:
        cd = "never" if self.critical_discount is None else f"{self.critical_discount:.4g}"
        lines = [f"mutual restraint {self.restraint}: sustainable for discount >= {cd}"]
        if self.discount is not None:
            lines.append(f"at discount {self.discount:g}: sustainable={self.sustainable}, "
                         f"blitzing the only SPE outcome={self.blitz_only}")
        return "\n".join(lines)


def _check_model(model: Any) -> None:
    from ..model.race import RaceModel

    if not isinstance(model, RaceModel):
        raise InvalidParameterError(f"model must be a RaceModel; got {type(model).__name__}")


def _restraint(model: RaceModel, game: NormalFormGame) -> tuple[int, ...]:
    prof = []
    for name in game.players:
        posts = model.postures[name]
        prof.append(min(range(len(posts)), key=lambda k: (posts[k].speed, k)))
    return tuple(prof)


def repeated_verdict(model: RaceModel, discount: float | None = None, *,
                     restraint: Sequence[Any] | None = None) -> RepeatedVerdict:
    """Is mutual restraint sustainable in the repeated race, and is blitzing the only SPE?

    Parameters
    ----------
    model : RaceModel
    discount : float, optional
        Evaluate sustainability at this discount factor.
    restraint : sequence, optional
        The restraint profile (labels or indices); default each firm's
        slowest posture.

    Examples
    --------
    >>> from blitzgame.model.presets import two_firm_race
    >>> v = repeated_verdict(two_firm_race(), 0.95)
    >>> v.restraint
    ('Steady', 'Niche')
    """

    _check_model(model)
    if discount is not None:
        check_discount(discount, exact=False)
    game = model.to_game()
    prof = game.pure_profile(restraint) if restraint is not None else _restraint(model, game)
    cd = critical_discount(game, prof)
    crit = None if cd.discount is None else float(cd.discount)
    # pure equilibria: every one has a pure profile
    eqs = [cast("tuple[int, ...]", e.pure_profile) for e in pure_equilibria(game)]

    def lab(p: Sequence[int]) -> tuple[str, ...]:
        return tuple(game.actions[i][a] for i, a in enumerate(p))

    sustainable = blitz_only = None
    profiles: list[tuple[int, ...]] = []
    if discount is not None:
        sustainable = crit is not None and discount >= crit
        for p in game.pure_profiles():
            c = critical_discount(game, p).discount
            if c is not None and discount >= float(c):
                profiles.append(p)
        blitz = tuple(game.action_index(i, "Blitz") if "Blitz" in game.actions[i] else -1
                      for i in range(game.num_players))
        blitz_only = len(eqs) == 1 and eqs[0] == blitz and profiles == [blitz]
    return RepeatedVerdict(restraint=lab(prof), critical_discount=crit, sustainable=sustainable,
                           stage_equilibria=tuple(lab(e) for e in eqs), blitz_only=blitz_only,
                           sustainable_profiles=tuple(lab(p) for p in profiles),
                           discount=discount)


@dataclass(frozen=True, slots=True)
class DynamicVerdict:
    """Who blitzes where in the dynamic race, the values, the death zone, the give-ups.

    Attributes
    ----------
    game : StochasticGame
    result : MarkovResult
    blitzers : dict
        State label -> firms that blitz (with positive probability) there.
    values : ndarray of shape (|S|, N)
    exit_values : ndarray of shape (|S|, N)
        Value of exiting now (NaN where a firm has already exited).
    death_zone : tuple of (state, firm)
        Active firms for which staying in the race (the best non-exit action)
        is worth less than exiting to the niche.
    give_up : tuple of (state, firm)
        A firm strictly behind an active rival exits there.

    When :attr:`success` is false no equilibrium was found (see :attr:`message`):
    ``blitzers``, ``death_zone`` and ``give_up`` are then empty and the values NaN.
    """

    __repr__ = compact_repr

    game: StochasticGame
    result: Any
    blitzers: dict[str, tuple[str, ...]]
    values: np.ndarray
    exit_values: np.ndarray
    death_zone: tuple[tuple[str, str], ...]
    give_up: tuple[tuple[str, str], ...]

    @property
    def success(self) -> bool:
        """Whether a verified Markov perfect equilibrium was found (``result.success``)."""
        return bool(self.result.success)

    @property
    def status(self) -> Any:
        """The solver's :class:`~blitzgame.results.Status` (``ok``, ``max_iter``, ``failed``)."""
        return self.result.status

    @property
    def message(self) -> str:
        """The solver's message: what was found, or why nothing was."""
        return str(self.result.message)

    def __str__(self) -> str:
        if not self.success:
            return (f"dynamic race: {self.game.num_states} states, FAILED "
                    f"({self.status}): {self.message}")
        found = plural(len(self.result.equilibria), "verified Markov perfect equilibrium",
                       "verified Markov perfect equilibria")
        lines = [f"dynamic race: {self.game.num_states} states, {found}"]
        lines.append(f"death zone: {len(self.death_zone)} (state, firm) pairs; "
                     f"laggard gives up in {len(self.give_up)}")
        for st, f in self.death_zone[:10]:
            lines.append(f"  death zone: {f} in {st}")
        return "\n".join(lines)


def dynamic_verdict(model: RaceModel, *, starts: int = 1, **kw: Any) -> DynamicVerdict:
    """Solve the dynamic race for a Markov perfect equilibrium and read off the verdict.

    ``**kw`` go to :func:`race_to_stochastic_game`.

    Returns
    -------
    DynamicVerdict
        ``success=False`` (with the solver's ``status`` and ``message``, and a
        :class:`~blitzgame.exceptions.ConvergenceWarning`) when no Markov perfect
        equilibrium was found -- for example when the stage solver finds no
        equilibrium of some state's auxiliary game, which can happen with three
        firms (N-player stage games are solved by logit-QRE path following).

    Examples
    --------
    >>> from blitzgame.model.presets import two_firm_race
    >>> v = dynamic_verdict(two_firm_race())
    >>> v.success, v.values.shape
    (True, (36, 2))
    """

    _check_model(model)
    starts = check_positive_int("starts", starts)
    check_stochastic_options(kw)
    g = race_to_stochastic_game(model, **kw)
    res = markov_perfect(g, starts=starts)
    if not res.success:
        return DynamicVerdict(g, res, {}, np.full((g.num_states, g.num_players), np.nan),
                              np.full((g.num_states, g.num_players), np.nan), (), ())
    eq = res[0]
    N = g.num_players
    blitz, dz, gu = {}, [], []
    exitv = np.full((g.num_states, N), np.nan)
    for s, label in enumerate(g.states):
        pos = [label.split("|")[i] for i in range(N)]
        aux = g.auxiliary_game(s, eq.values)
        blitz[label] = tuple(g.players[i] for i in range(N)
                             if "blitz" in aux.actions[i]
                             and eq.strategies[s][i][aux.actions[i].index("blitz")] > 1e-9)
        for i in range(N):
            if "exit" not in aux.actions[i]:
                continue
            av = aux._action_values(i, tuple(np.asarray(x, float) for x in eq.strategies[s]))
            k = aux.actions[i].index("exit")
            exitv[s, i] = av[k]
            if max(np.delete(av, k)) < av[k] - 1e-9:
                dz.append((label, g.players[i]))
            my = [st.name for st in STAGES].index(pos[i])
            behind = any(pos[j] != NICHE and [st.name for st in STAGES].index(pos[j]) > my
                         for j in range(N) if j != i)
            if behind and eq.strategies[s][i][k] > 1e-9:
                gu.append((label, g.players[i]))
    return DynamicVerdict(g, res, blitz, eq.values, exitv, tuple(dz), tuple(gu))
