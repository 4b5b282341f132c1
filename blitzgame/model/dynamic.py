r"""The race as a repeated game and as a dynamic (stochastic) game by GPU stage.

**Repeated race.** The one-shot race (:meth:`RaceModel.to_game`) is repeated
with discount :math:`\delta` (:func:`race_to_repeated_game`);
:func:`blitzgame.analysis.dynamic.repeated_verdict` asks whether mutual
restraint is sustainable in it.

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

:func:`blitzgame.analysis.dynamic.dynamic_verdict` solves it (Markov perfect
equilibrium) and reports per state who blitzes, the firms' values, the **death zone** (states
where staying in the race is worth less to a firm than exiting to the niche)
and where a **laggard gives up** (exits while strictly behind a rival).

These are modelling choices, stated here and in the parameters; they use the
market's parameters where the one-shot model has them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validate import check_keywords
from ..exceptions import InvalidParameterError
from ..games.repeated import RepeatedGame, check_discount
from ..games.stochastic import StochasticGame
from ._params import check_number
from .payoff import tullock_shares
from .stages import STAGES, capability

if TYPE_CHECKING:  # pragma: no cover
    from .firm import Firm
    from .race import RaceModel

__all__ = ["race_to_repeated_game", "race_to_stochastic_game", "check_stochastic_options",
           "SPEEDS", "NICHE"]

#: Investment speed of each dynamic action (``exit`` leaves for the niche).
SPEEDS: dict[str, float] = {"hold": 0.0, "grow": 0.5, "blitz": 1.0}
#: Label of the absorbing exited position.
NICHE = "Niche"
_TYPICAL = np.array([30.0, 300.0, 3_000.0, 30_000.0, 300_000.0])  # GPUs at each stage


def race_to_repeated_game(model: RaceModel, discount: float | Fraction) -> RepeatedGame:
    """The one-shot race repeated with a discount factor in [0, 1).

    Examples
    --------
    >>> from blitzgame.model.presets import two_firm_race
    >>> race_to_repeated_game(two_firm_race(), 0.9).players
    ('Blitzer', 'Defender')
    """
    return RepeatedGame(model.to_game(), discount)


def pick_firms(model: RaceModel, firms: Sequence[str] | None) -> list[Firm]:
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


def check_stochastic_options(options: dict[str, Any]) -> None:
    """Raise a clear error for a keyword that :func:`race_to_stochastic_game` does not take."""
    check_keywords(race_to_stochastic_game, options, "the dynamic race")


def race_to_stochastic_game(
        model: RaceModel, *, discount: float = 0.9, firms: Sequence[str] | None = None,
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
    >>> from blitzgame.model.presets import two_firm_race
    >>> g = race_to_stochastic_game(two_firm_race())
    >>> g.num_states, g.states[:2], g.actions(0)[0]
    (36, ('Experiment|Experiment', 'Experiment|Startup'), ('hold', 'grow', 'blitz', 'exit'))
    """
    fs = pick_firms(model, firms)
    mk = model.market
    check_discount(discount, exact=False)
    advance = check_number("advance", advance, 0, 1)
    fringe = check_number("fringe", fringe, 0)
    h0 = mk.hazard_base if hazard_base is None else check_number("hazard_base", hazard_base)
    h1 = mk.hazard_speed if hazard_speed is None else check_number("hazard_speed", hazard_speed)
    if not (0 <= h0 <= 1 and h1 >= 0):
        raise InvalidParameterError(
            f"hazard_base must lie in [0, 1] and hazard_speed be >= 0; got {h0!r}, {h1!r}")
    N = len(fs)
    pos = list(range(len(STAGES))) + [len(STAGES)]  # 5 = niche
    names = [st.name for st in STAGES] + [NICHE]
    states = list(itertools.product(pos, repeat=N))
    index = {s: k for k, s in enumerate(states)}
    flow = mk.prize * (1.0 - discount)
    assert model.scenarios is not None  # set by RaceModel.__post_init__
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
