r"""The race as a repeated game and as a dynamic (stochastic) game by GPU stage.

**Repeated race.** The one-shot race (:meth:`RaceModel.to_game`) is repeated
with discount :math:`\delta`. :func:`repeated_verdict` asks whether *mutual
restraint* (each firm's slowest posture, e.g. both Steady) is sustainable by
grim trigger (reversion to a stage equilibrium), from which :math:`\delta` on,
and whether blitzing is still the only subgame-perfect outcome.

**Dynamic race** (:func:`race_to_stochastic_game`). Each firm is at one of the
five GPU stages of :mod:`blitzgame.model.stages` or has exited to a niche
("Niche", absorbing); the state is the tuple of the firms' positions. An active
firm chooses ``hold`` (speed 0), ``grow`` (0.5), ``blitz`` (1.0) or ``exit``:

* it stumbles with probability :math:`h(s) = \min(1, h_0 + h_1 s^2 / x)` and
  falls one stage; otherwise it climbs one stage with probability
  ``advance * s``; firms move independently; ``exit`` moves it to Niche.
* per-period payoff: the flow prize :math:`(1-\delta) V` times the scenario
  mixture of Tullock shares :math:`E_i^r / (\sum_j E_j^r + E_f^r)` among the
  active firms and a competitive fringe :math:`E_f` (so that a lone firm still
  gains from capability), with effective compute
  :math:`E = \mathrm{capability}(K_k)(1 - w s^2)\,e` at the stage's typical
  compute :math:`K_k`; minus the spend :math:`10^{-9} c\,(K_{k+1} - K_k)\,s\,(1 + \phi s^2)`
  ($B) for climbing. Niche firms share the niche segment ``niche_size`` of the
  flow prize (the contest gets the rest).

:func:`dynamic_verdict` solves it (:func:`~blitzgame.solvers.markov.markov_perfect`)
and reports per state who blitzes, the firms' values, the **death zone** (states
where staying in the race is worth less to a firm than exiting to the niche)
and where a **laggard gives up** (exits while strictly behind a rival).

These are modelling choices, stated here and in the parameters; they use the
market's parameters where the one-shot model has them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..games.repeated import RepeatedGame
from ..games.stochastic import StochasticGame
from ..results import compact_repr
from .payoff import tullock_shares
from .stages import STAGES, capability

__all__ = ["race_to_repeated_game", "race_to_stochastic_game", "repeated_verdict",
           "dynamic_verdict", "RepeatedVerdict", "DynamicVerdict", "SPEEDS", "NICHE"]

#: Investment speed of each dynamic action (``exit`` leaves for the niche).
SPEEDS: dict[str, float] = {"hold": 0.0, "grow": 0.5, "blitz": 1.0}
#: Label of the absorbing exited position.
NICHE = "Niche"
_TYPICAL = np.array([30.0, 300.0, 3_000.0, 30_000.0, 300_000.0])  # GPUs at each stage


def race_to_repeated_game(model: Any, discount: Any) -> RepeatedGame:
    """The one-shot race repeated with a discount factor in [0, 1).

    Examples
    --------
    >>> from blitzgame.scenarios import two_firm_race
    >>> race_to_repeated_game(two_firm_race(), 0.9).players
    ('Blitzer', 'Defender')
    """
    return RepeatedGame(model.to_game(), discount)


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


def _restraint(model: Any, game: NormalFormGame) -> tuple[int, ...]:
    prof = []
    for name in game.players:
        posts = model.postures[name]
        prof.append(min(range(len(posts)), key=lambda k: (posts[k].speed, k)))
    return tuple(prof)


def repeated_verdict(model: Any, discount: float | None = None, *,
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
    >>> from blitzgame.scenarios import two_firm_race
    >>> v = repeated_verdict(two_firm_race(), 0.95)
    >>> v.restraint
    ('Steady', 'Niche')
    """
    from ..solvers.pure import pure_equilibria
    from ..solvers.repeated import critical_discount

    game = model.to_game()
    prof = game.pure_profile(restraint) if restraint is not None else _restraint(model, game)
    cd = critical_discount(game, prof)
    crit = None if cd.discount is None else float(cd.discount)
    eqs = [e.pure_profile for e in pure_equilibria(game)]
    lab = lambda p: tuple(game.actions[i][a] for i, a in enumerate(p))  # noqa: E731
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


def _pick_firms(model: Any, firms: Sequence[str] | None) -> list[Any]:
    if firms is None:
        if len(model.firms) <= 2:
            return list(model.firms)
        by = sorted(model.firms, key=lambda f: f.compute)
        return [by[-1], by[0]]  # the largest against the smallest
    names = [f.name for f in model.firms]
    for n in firms:
        if n not in names:
            raise InvalidParameterError(f"unknown firm {n!r}; expected some of {names}")
    if not 1 <= len(firms) <= 3:
        raise InvalidParameterError(
            f"firms must name 1 to 3 firms (6**N states); got {len(firms)}")
    return [model.firm(n) for n in firms]


def race_to_stochastic_game(
        model: Any, *, discount: float = 0.9, firms: Sequence[str] | None = None,
                            advance: float = 0.5, fringe: float = 3_000.0,
                            hazard_base: float | None = None,
                            hazard_speed: float | None = None) -> StochasticGame:
    """The dynamic race by GPU stage as a stochastic game (see the module docstring).

    Parameters
    ----------
    model : RaceModel
    discount : float
        Per-period discount in [0, 1).
    firms : sequence of str, optional
        1 to 3 firm names; default all firms if at most two, else the largest
        and the smallest by installed compute.
    advance : float
        Probability of climbing a stage per period at full speed, in [0, 1].
    fringe : float
        GPUs of the competitive fringe (>= 0).
    hazard_base, hazard_speed : float, optional
        Override the market's stumble hazard ``h0``, ``h1``.

    Examples
    --------
    >>> from blitzgame.scenarios import two_firm_race
    >>> g = race_to_stochastic_game(two_firm_race())
    >>> g.num_states, g.states[:2], g.actions(0)[0]
    (36, ('Experiment|Experiment', 'Experiment|Startup'), ('hold', 'grow', 'blitz', 'exit'))
    """
    fs = _pick_firms(model, firms)
    mk = model.market
    if not 0 <= advance <= 1:
        raise InvalidParameterError(f"advance must lie in [0, 1]; got {advance!r}")
    if not fringe >= 0:
        raise InvalidParameterError(f"fringe must be >= 0; got {fringe!r}")
    h0 = mk.hazard_base if hazard_base is None else hazard_base
    h1 = mk.hazard_speed if hazard_speed is None else hazard_speed
    if not (0 <= h0 <= 1 and h1 >= 0):
        raise InvalidParameterError(
            f"hazard_base must lie in [0, 1] and hazard_speed be >= 0; got {h0!r}, {h1!r}")
    N = len(fs)
    pos = list(range(len(STAGES))) + [len(STAGES)]  # 5 = niche
    names = [st.name for st in STAGES] + [NICHE]
    states = list(itertools.product(pos, repeat=N))
    index = {s: k for k, s in enumerate(states)}
    flow = mk.prize * (1.0 - discount)
    scen = [(s.probability, s.prize_multiplier, mk.sharpness if s.sharpness is None
             else s.sharpness) for s in model.scenarios]
    cap = capability(_TYPICAL, mk.returns_to_scale, mk.stage_jump)
    E_f = float(capability(fringe, mk.returns_to_scale, mk.stage_jump))
    acts = (*SPEEDS, "exit")
    payoffs, transitions, actions = [], [], []
    for st in states:
        own = [acts if p < 5 else ("niche",) for p in st]
        shape = tuple(len(a) for a in own)
        U = np.zeros((*shape, N))
        T = np.zeros((*shape, len(states)))
        for prof in itertools.product(*(range(n) for n in shape)):
            lab = [own[i][k] for i, k in enumerate(prof)]
            racing = [i for i in range(N) if st[i] < 5 and lab[i] != "exit"]
            niche = [i for i in range(N) if i not in racing]
            s = np.array([SPEEDS.get(lab[i], 0.0) for i in range(N)])
            main = flow * (1.0 - (mk.niche_size if niche else 0.0))
            if racing:
                E = np.array([cap[st[i]] * (1 - mk.waste * s[i] ** 2) * fs[i].efficiency
                              for i in racing] + [E_f])
                share = sum(pr * mult * tullock_shares(E, r)[:-1] for pr, mult, r in scen)
                U[prof][racing] += main * share
            for i in niche:
                U[prof][i] += flow * mk.niche_size / len(niche)
            moves = []
            for i in range(N):
                if i in niche:
                    moves.append({5: 1.0})
                    continue
                k = st[i]
                h = min(1.0, h0 + h1 * s[i] ** 2 / fs[i].execution)
                up = (1 - h) * advance * s[i] if k < 4 else 0.0
                mv = {max(k - 1, 0): h}
                mv[min(k + 1, 4)] = mv.get(min(k + 1, 4), 0.0) + up
                mv[k] = mv.get(k, 0.0) + 1.0 - h - up
                moves.append(mv)
                if k < 4:
                    U[prof][i] -= (1e-9 * fs[i].unit_cost * (_TYPICAL[k + 1] - _TYPICAL[k])
                                   * s[i] * (1 + mk.speed_premium * s[i] ** 2))
            for combo in itertools.product(*(m.items() for m in moves)):
                nxt = tuple(c[0] for c in combo)
                T[prof][index[nxt]] += float(np.prod([c[1] for c in combo]))
        payoffs.append(U)
        transitions.append(T)
        actions.append(own)
    return StochasticGame(["|".join(names[p] for p in st) for st in states], actions,
                          transitions, payoffs, discount, players=[f.name for f in fs])


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
    """

    __repr__ = compact_repr

    game: StochasticGame
    result: Any
    blitzers: dict[str, tuple[str, ...]]
    values: np.ndarray
    exit_values: np.ndarray
    death_zone: tuple[tuple[str, str], ...]
    give_up: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        lines = [f"dynamic race: {self.game.num_states} states, {self.result.message}"]
        lines.append(f"death zone: {len(self.death_zone)} (state, firm) pairs; "
                     f"laggard gives up in {len(self.give_up)}")
        for st, f in self.death_zone[:10]:
            lines.append(f"  death zone: {f} in {st}")
        return "\n".join(lines)


def dynamic_verdict(model: Any, *, starts: int = 1, **kw: Any) -> DynamicVerdict:
    """Solve the dynamic race for a Markov perfect equilibrium and read off the verdict.

    ``**kw`` go to :func:`race_to_stochastic_game`.

    Examples
    --------
    >>> from blitzgame.scenarios import two_firm_race
    >>> v = dynamic_verdict(two_firm_race())
    >>> v.result.success, v.values.shape
    (True, (36, 2))
    """
    from ..solvers.markov import markov_perfect

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
