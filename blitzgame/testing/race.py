"""Hypothesis strategies for race models and the invariants every race model must keep.

* :func:`race_models` -- a strategy of valid :class:`~blitzgame.model.RaceModel` objects
  (2-3 firms, 1-3 postures each drawn from the built-ins and plain (speed, scale)
  choices, random markets and scenario mixtures); ``symmetric=True`` draws
  models whose firms are identical but for their names.
* :func:`check_payoff_model` -- checks, and raises ``AssertionError`` naming the
  first violation:

  1. shares of every contest (main and niche) are in [0, 1] and sum to at most
     1, per scenario and stumble outcome; outcome probabilities sum to 1;
  2. payoffs are finite and deterministic (two evaluations agree bit for bit,
     and ``payoffs(profile)`` equals the tensor entry);
  3. a symmetric model gives a symmetric game;
  4. raising a firm's unit cost never raises its payoff (any profile);
  5. raising the sharpness never lowers the leader's share of the main contest;
  6. invalid parameters (negative, NaN, unknown name) raise
     :class:`~blitzgame.InvalidParameterError`.

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=5, deadline=None)
... @given(race_models())
... def test_models_keep_invariants(model):
...     check_payoff_model(model)
>>> test_models_keep_invariants()
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from ..exceptions import InvalidParameterError
from ..model import (
    Blitz,
    CustomSilicon,
    Firm,
    Market,
    Moat,
    Niche,
    Partner,
    Posture,
    RaceModel,
    Scenario,
    ScenarioMixture,
    SpeedScale,
    Steady,
    WaitForStumble,
)

__all__ = ["race_models", "markets", "check_payoff_model"]

_POSTURE_MAKERS: dict[str, Callable[[st.DrawFn], Posture]] = {
    "Blitz": lambda d: Blitz(scale=d(st.sampled_from([2.0, 5.0, 10.0]))),
    "Steady": lambda d: Steady(),
    "Niche": lambda d: Niche(),
    "Moat": lambda d: Moat(floor=d(st.sampled_from([0.3, 0.8]))),
    "Partner": lambda d: Partner(),
    "CustomSilicon": lambda d: CustomSilicon(),
    "WaitForStumble": lambda d: WaitForStumble(),
    "SpeedScale": lambda d: SpeedScale(speed=d(st.sampled_from([0.25, 0.75])),
                                       scale=d(st.sampled_from([1.5, 4.0]))),
}


@st.composite
def markets(draw: st.DrawFn) -> Market:
    """Strategy of valid :class:`Market` objects (moderate values, some switched off).

    Examples
    --------
    >>> from hypothesis import find
    >>> find(markets(), lambda m: m.sharpness > 1).sharpness > 1
    True
    """
    def f(lo: float, hi: float) -> float:
        return draw(st.floats(lo, hi, allow_nan=False))

    return Market(prize=f(1.0, 500.0), sharpness=f(0.0, 8.0), returns_to_scale=f(0.5, 1.2),
                  stage_jump=f(1.0, 2.0),
                  leadership_window=draw(st.sampled_from([3.0, 6.0, 12.0, math.inf])),
                  network_feedback=f(0.0, 0.5), waste=f(0.0, 0.6), speed_premium=f(0.0, 1.0),
                  hazard_base=f(0.0, 0.2), hazard_speed=f(0.0, 0.5), stumble_keep=f(0.0, 1.0),
                  niche_size=f(0.0, 0.3), niche_leak=f(0.0, 1.0), niche_sharpness=f(0.0, 2.0),
                  coordination_loss=f(0.0, 0.5))


@st.composite
def race_models(draw: st.DrawFn, *, min_firms: int = 2, max_firms: int = 3, max_postures: int = 3,
                symmetric: bool | None = None, scenarios: bool = True) -> RaceModel:
    """Strategy of valid race models.

    Parameters
    ----------
    min_firms, max_firms : int
        Number of firms (keep it small: games have up to ``max_postures**N`` profiles).
    max_postures : int
        Postures per firm (1..max_postures), distinct built-ins or plain choices.
    symmetric : bool, optional
        ``True``: identical firms; ``False``: independent firms; ``None``: either.
    scenarios : bool
        Draw a mixture of 1-3 scenarios (else the single baseline scenario).

    Examples
    --------
    >>> from hypothesis import find
    >>> m = find(race_models(symmetric=True), lambda m: True)
    >>> m.is_symmetric()
    True
    """
    n = draw(st.integers(min_firms, max_firms))
    sym = draw(st.booleans()) if symmetric is None else symmetric
    names = list(_POSTURE_MAKERS)

    def firm_postures() -> tuple[Any, ...]:
        picks = draw(st.lists(st.sampled_from(names), min_size=1, max_size=max_postures,
                              unique=True))
        out = [_POSTURE_MAKERS[p](draw) for p in picks]
        seen: set[str] = set()
        uniq = []
        for p in out:
            if p.name not in seen:
                seen.add(p.name)
                uniq.append(p)
        return tuple(uniq)

    def firm(name: str) -> Firm:
        return Firm(name, compute=draw(st.sampled_from([500.0, 5_000.0, 50_000.0, 300_000.0])),
                    capital=draw(st.floats(0.5, 50.0)),
                    unit_cost=draw(st.floats(10_000.0, 50_000.0)),
                    efficiency=draw(st.floats(0.5, 2.0)), execution=draw(st.floats(0.5, 2.0)))

    if sym:
        proto, post = firm("f0"), firm_postures()
        firms = [Firm(f"f{i}", proto.compute, proto.capital, proto.unit_cost, proto.efficiency,
                      proto.execution) for i in range(n)]
        posts: Any = post
    else:
        firms = [firm(f"f{i}") for i in range(n)]
        posts = {f.name: firm_postures() for f in firms}
    mix = None
    if scenarios:
        k = draw(st.integers(1, 3))
        w = draw(st.lists(st.integers(1, 10), min_size=k, max_size=k))
        probs = [x / sum(w) for x in w]
        probs[-1] = 1.0 - math.fsum(probs[:-1])
        mix = ScenarioMixture(tuple(
            Scenario(f"s{j}", max(p, 0.0), draw(st.floats(0.1, 2.0)),
                     draw(st.one_of(st.none(), st.floats(0.0, 8.0)))) for j, p in enumerate(probs)))
    return RaceModel(firms, draw(markets()), mix, posts)


def check_payoff_model(model: RaceModel, *, rtol: float = 1e-9) -> None:
    """Check the invariants every race model must keep (listed in the module docs).

    Raises
    ------
    AssertionError
        Naming the invariant and the profile that breaks it.

    Examples
    --------
    >>> import blitzgame.model.presets as sc
    >>> check_payoff_model(sc.two_firm_race())
    """
    T = model.payoff_tensor()
    assert np.all(np.isfinite(T)), "payoffs must be finite"
    assert np.array_equal(T, model.payoff_tensor()), "payoffs must be deterministic"
    profiles = list(itertools.product(*(range(n) for n in model.shape)))
    for prof in profiles:
        np.testing.assert_allclose(model.payoffs(list(prof)), T[prof], rtol=1e-12, atol=1e-12,
                                   err_msg=f"payoffs({prof}) differs from the payoff tensor")
        outs = model.outcomes(list(prof))
        assert model.scenarios is not None  # set by RaceModel.__post_init__
        for k in range(len(model.scenarios)):
            tot = sum(float(o.probability) for o in outs if o.scenario == k)
            assert abs(tot - model.scenarios.scenarios[k].probability) <= 1e-9, \
                f"stumble outcome probabilities of scenario {k} sum to {tot} at {prof}"
        for o in outs:
            for what, sh in (("main", o.main_share), ("niche", o.niche_share)):
                assert np.all(sh >= -1e-12) and np.all(sh <= 1 + 1e-12), \
                    f"{what} shares outside [0, 1] at {prof}: {sh}"
                assert sh.sum() <= 1 + 1e-9, f"{what} shares sum to {sh.sum()} > 1 at {prof}"
    if model.is_symmetric():
        assert model.to_game().is_symmetric(), "a symmetric model must give a symmetric game"
    # own unit cost up -> own payoff never up
    for f in model.firms:
        i = model.players.index(f.name)
        up = model.with_params({f"firms.{f.name}.unit_cost": f.unit_cost * 1.5})
        Tu = up.payoff_tensor()
        tol = rtol * max(1.0, float(np.abs(T[..., i]).max()))
        bad = Tu[..., i] > T[..., i] + tol
        assert not bad.any(), (f"raising {f.name}'s unit cost raised its payoff at "
                               f"{tuple(int(x) for x in np.argwhere(bad)[0])}")
    # sharpness up -> leader's main share never down
    sharper = model.with_params({"market.sharpness": model.market.sharpness + 1.0})
    for prof in profiles:
        for a, b in zip(model.outcomes(list(prof)), sharper.outcomes(list(prof)), strict=True):
            lead_a, lead_b = float(a.leader_share), float(b.leader_share)
            assert lead_b >= lead_a - 1e-9, (
                f"raising sharpness lowered the leader's share at {prof}: {lead_a} -> {lead_b}")
    # invalid parameters raise the documented error
    f0 = model.firms[0].name
    for change in ({f"firms.{f0}.capital": -1.0}, {f"firms.{f0}.compute": math.nan},
                   {"market.sharpness": math.nan}, {"market.no_such_parameter": 1.0}):
        try:
            model.with_params(change)
        except InvalidParameterError:
            continue
        raise AssertionError(f"with_params({change}) must raise InvalidParameterError")
