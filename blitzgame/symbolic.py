r"""Symbolic payoff tables, dominance conditions and parameter thresholds of small race models.

For a race model with **two firms** and at most three postures each, the payoff
of every profile is built as a sympy expression in chosen parameters (e.g. the
sharpness ``r`` and the prize ``V``), with the four stumble outcomes and the
scenario mixture expanded exactly -- the same formulas as
:mod:`blitzgame.model.payoff`, written a second time in sympy (every other
number enters as an exact rational through its shortest decimal repr).

* :func:`payoff_table` -- the table of expressions.
* :func:`dominance_condition` -- posture ``a`` of firm ``i`` is strictly
  dominant iff :math:`u_i(a, c) - u_i(b, c) > 0` for every other posture ``b``
  and every rival posture ``c``: a sympy ``And`` of those inequalities.
* :func:`critical_value` -- the value of one parameter, the others fixed, at
  which that condition switches: the root of the binding difference
  :math:`d(x) = 0`, solved exactly by ``sympy.solve`` when :math:`d` is a
  polynomial of degree at most 4 in the parameter, otherwise by bisection in
  50-digit arithmetic on a bracket whose end signs are verified at high
  precision (a *certified* root: the sign change proves a root lies in the
  final interval).

Parameters that may be symbols: ``market.{prize, sharpness, network_feedback,
waste, hazard_base, hazard_speed, stumble_keep, niche_size, niche_leak,
niche_sharpness, coordination_loss}``, ``firms.<firm>.{efficiency, execution}`` and
``scenarios.<name>.{probability, prize_multiplier, sharpness}`` -- the ones that do
not enter costs or GPU stages, so feasibility (bankruptcy) and stages are fixed
by the model's numbers.

Examples
--------
>>> import blitzgame.model.presets as sc
>>> from blitzgame.symbolic import payoff_table
>>> tab = payoff_table(sc.two_firm_race(), ["market.sharpness"])
>>> sorted(str(s) for s in tab.symbols.values())
['r']
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from .exact import to_fraction
from .exceptions import InvalidParameterError, UnsupportedGameError
from .model.postures import MOAT, NICHE, PARTNER, WAIT
from .model.race import RaceModel
from .model.stages import stage_of
from .results import compact_repr

__all__ = ["SymbolicTable", "Threshold", "payoff_table", "dominance_condition", "critical_value",
           "SYMBOLIZABLE"]

SYMBOLIZABLE = ("prize", "sharpness", "network_feedback", "waste", "hazard_base", "hazard_speed",
                "stumble_keep", "niche_size", "niche_leak", "niche_sharpness",
                "coordination_loss")
_SHORT = {"market.prize": "V", "market.sharpness": "r", "market.network_feedback": "eta",
          "market.waste": "w", "market.stumble_keep": "kappa"}


def _q(x: float) -> sp.Rational:
    f = to_fraction(x) if not isinstance(x, Fraction) else x
    return sp.Rational(f.numerator, f.denominator)


@dataclass(frozen=True)
class SymbolicTable:
    """Payoffs of a two-firm race model as sympy expressions.

    Attributes
    ----------
    model : RaceModel
    symbols : dict
        Dotted parameter name -> sympy Symbol.
    payoffs : dict
        Profile (tuple of posture indices) -> tuple of two expressions ($B).
    """

    model: RaceModel
    symbols: dict[str, sp.Symbol]
    payoffs: dict[tuple[int, int], tuple[sp.Expr, sp.Expr]]

    def subs(self, values: Mapping[str, float] | None = None) -> np.ndarray:
        """Evaluate the table (model values for unspecified symbols); shape (n0, n1, 2)."""
        vals = {self.symbols[k]: _q(v) for k, v in (values or {}).items()}
        for name, s in self.symbols.items():
            vals.setdefault(s, _q(_value(self.model, name)))
        out = np.zeros(self.model.shape + (2,))
        for prof, (a, b) in self.payoffs.items():
            out[prof] = [float(sp.N(a.subs(vals), 30)), float(sp.N(b.subs(vals), 30))]
        return out


@dataclass(frozen=True)
class Threshold:
    """The critical value of a parameter where a dominance condition switches.

    Attributes
    ----------
    parameter : str
    value : sympy.Expr
        Exact (``exact=True``) or a 50-digit Float.
    exact : bool
    bracket : (float, float)
        An interval containing the root, certified by a sign change.
    constraint : tuple
        ``(better_posture, rival_posture)`` whose payoff difference vanishes.
    dominant_above : bool
        True if the posture is strictly dominant just above the value.
    """

    __repr__ = compact_repr

    parameter: str
    value: sp.Expr
    exact: bool
    bracket: tuple[float, float]
    constraint: tuple[str, str]
    dominant_above: bool

    def __float__(self) -> float:
        return float(self.value)


def _value(model: RaceModel, name: str) -> float:
    parts = name.split(".")
    if parts[0] == "market":
        return float(getattr(model.market, parts[1]))
    if parts[0] == "firms":
        return float(getattr(model.firm(parts[1]), parts[2]))
    assert model.scenarios is not None  # set by RaceModel.__post_init__
    for s in model.scenarios:
        if s.name == parts[1]:
            v = getattr(s, parts[2])
            return float(model.market.sharpness if v is None else v)
    raise InvalidParameterError(f"unknown parameter {name!r}")


def _check(model: RaceModel, symbols: Sequence[str]) -> dict[str, sp.Symbol]:
    if not isinstance(model, RaceModel):
        raise InvalidParameterError(f"model must be a RaceModel; got {type(model).__name__}")
    if len(model.firms) != 2 or max(model.shape) > 3:
        raise UnsupportedGameError(f"symbolic tables need 2 firms with at most 3 postures "
                                   f"each; got shape {model.shape}")
    valid = set(model.parameter_names())
    out = {}
    for name in symbols:
        parts = name.split(".")
        ok = name in valid and (
            (parts[0] == "market" and parts[1] in SYMBOLIZABLE)
            or (parts[0] == "firms" and parts[-1] in ("efficiency", "execution"))
            or parts[0] == "scenarios")
        if not ok:
            raise InvalidParameterError(
                f"parameter {name!r} cannot be symbolic; expected "
                f"market.{{{', '.join(SYMBOLIZABLE)}}}"
                ", firms.<firm>.{efficiency, execution} or scenarios.<name>.<field>")
        out[name] = sp.Symbol(_SHORT.get(name, name.replace(".", "_")), positive=True)
    return out


def _tullock(E: list[sp.Expr], r: sp.Expr) -> list[sp.Expr]:
    if not E:
        return []
    if r == 0:
        return [sp.Rational(1, len(E))] * len(E)
    if all(e == 0 for e in E):
        return [sp.Rational(1, len(E))] * len(E)
    w = [sp.S(0) if e == 0 else sp.Pow(e, r) for e in E]
    tot = sum(w)
    return [x / tot for x in w]


def payoff_table(model: RaceModel, symbols: Sequence[str] = ("market.sharpness",)
                 ) -> SymbolicTable:
    """Payoff table of a two-firm model as sympy expressions in the chosen parameters.

    Parameters
    ----------
    model : RaceModel
        Two firms, at most three postures each.
    symbols : sequence of str
        Dotted parameter names to keep symbolic (see the module docs).

    Returns
    -------
    SymbolicTable

    Raises
    ------
    UnsupportedGameError
        More than two firms or three postures.
    InvalidParameterError
        A parameter that cannot be symbolic.

    Examples
    --------
    >>> import blitzgame.model.presets as sc
    >>> t = payoff_table(sc.two_firm_race(), ["market.sharpness", "market.prize"])
    >>> t.payoffs[(1, 1)][1].free_symbols == {t.symbols["market.prize"]}   # niche: r-free
    True
    """
    syms = _check(model, symbols)
    P = {name: syms.get(name, None) for name in model.parameter_names()}

    def par(name: str) -> sp.Expr:
        s = P.get(name)
        return s if s is not None else _q(_value(model, name))

    mk = model.market
    fa, _, _ = model._arrays(model._all_profiles(), {}, ())
    lam = sp.S(0) if math.isinf(mk.leadership_window) else sp.log(2) / _q(mk.leadership_window)
    table: dict[tuple[int, int], tuple[sp.Expr, sp.Expr]] = {}
    assert model.scenarios is not None  # set by RaceModel.__post_init__
    n0, n1 = model.shape  # two firms (checked above)
    for prof in itertools.product(range(n0), range(n1)):
        v = {k: [getattr(fa, k)[prof + (i,)] for i in range(2)] for k in fa._fields}
        E, cost, dec, h, bank = [], [], [], [], []
        for i, f in enumerate(model.firms):
            s = _q(v["speed"][i])
            K = max(v["target"][i], v["compute"][i])
            buy = _q(K - v["compute"][i])
            c = _q(1e-9) * _q(v["cost_factor"][i]) * _q(v["unit_cost"][i]) * buy * \
                (1 + _q(mk.speed_premium) * s**2) + _q(v["fixed_cost"][i]) * _q(f.capital)
            eps = sp.Rational(1, 10**12)
            bankrupt = bool(c > _q(f.capital) * (1 + eps) + eps)
            st = int(stage_of(K))
            cap = sp.S(0) if K <= 0 else sp.Pow(_q(K), _q(mk.returns_to_scale)) * \
                _q(mk.stage_jump) ** st
            e = cap * (1 - par("market.waste") * s**2) * par(f"firms.{f.name}.efficiency") * \
                _q(v["efficiency_gain"][i])
            E.append(sp.S(0) if bankrupt else e)
            cost.append(c)
            T = _q(v["delay"][i]) + _q(mk.build_time) * buy / (_q(mk.reference_scale) * s)
            dec.append(sp.exp(-lam * T))
            hz = sp.Min(1, par("market.hazard_base") + par("market.hazard_speed") * s**2
                        / par(f"firms.{f.name}.execution"))
            h.append(sp.S(0) if bankrupt else hz)
            bank.append(bankrupt)
        kind = [int(v["kind"][i]) if not bank[i] else -1 for i in range(2)]
        keep = par("market.stumble_keep")
        base = [_q(v["compute"][i]) for i in range(2)]
        tot_base = sum(base)
        gross = [sp.S(0), sp.S(0)]
        for o in itertools.product((0, 1), repeat=2):
            po = sp.Mul(*[h[i] if o[i] else 1 - h[i] for i in range(2)])
            Er = [E[i] * (keep if o[i] else 1) for i in range(2)]
            waiters = [i for i in range(2) if kind[i] == WAIT]
            for w in waiters:
                lost = sum((1 - keep) * E[j] for j in range(2) if o[j] and j not in waiters)
                Er[w] = Er[w] + _q(v["salvage"][w]) * lost / len(waiters)
            niche = [i for i in range(2) if kind[i] == NICHE]
            main = [i for i in range(2) if kind[i] >= 0 and i not in niche]
            partners = [i for i in main if kind[i] == PARTNER]
            for sc in model.scenarios:
                r = par(f"scenarios.{sc.name}.sharpness") if sc.sharpness is not None or \
                    f"scenarios.{sc.name}.sharpness" in syms else par("market.sharpness")
                p = [sp.S(0), sp.S(0)]
                ent = [sp.S(0), sp.S(0)]
                if len(partners) == 2:
                    tot = Er[0] + Er[1]
                    for i in partners:
                        p[i] = Er[i] / tot if tot != 0 else sp.Rational(1, 2)
                        ent[i] = sp.S(1)
                else:
                    q = _tullock([Er[i] for i in main], r)
                    for i, qi in zip(main, q, strict=True):
                        p[i] = qi
                    moats = [i for i in main if kind[i] == MOAT]
                    if moats and len(main) == 2:
                        fl = [_q(v["floor"][i]) * base[i] / tot_base if i in moats and
                              tot_base > 0 else sp.S(0) for i in range(2)]
                        p0 = sp.Piecewise((fl[0], p[0] < fl[0]), (1 - fl[1], p[1] < fl[1]),
                                          (p[0], True))
                        p = [p0, 1 - p0]
                    ent = list(p)
                V = par("market.prize") * par(f"scenarios.{sc.name}.prize_multiplier")
                ns, leak = par("market.niche_size"), par("market.niche_leak")
                v_main = V * (1 - ns) + V * ns * (leak if niche else 1)
                v_niche = V * ns * (1 - leak) if niche else sp.S(0)
                pn = [sp.S(0), sp.S(0)]
                for i, qi in zip(niche, _tullock([Er[i] for i in niche],
                                                 par("market.niche_sharpness")), strict=True):
                    pn[i] = qi
                eta = par("market.network_feedback")
                for i in range(2):
                    if kind[i] < 0:
                        continue
                    boost = sp.S(1)
                    if i in main:
                        j = 1 - i
                        boost = sp.Piecewise((1 + eta * ent[i], ent[i] >= ent[j]), (1, True)) \
                            if j in main else 1 + eta * ent[i]
                    gross[i] += par(f"scenarios.{sc.name}.probability") * po * dec[i] * (
                        p[i] * v_main * boost + pn[i] * v_niche)
        pay = tuple(-_q(model.firms[i].capital) if bank[i] else gross[i] - cost[i]
                    for i in range(2))
        table[prof] = (pay[0], pay[1])
    return SymbolicTable(model, syms, table)


def _differences(tab: SymbolicTable, player: int, action: int
                 ) -> list[tuple[tuple[str, str], sp.Expr]]:
    m = tab.model
    acts = m.actions
    out = []
    for b in range(m.shape[player]):
        if b == action:
            continue
        for c in range(m.shape[1 - player]):
            pa = (action, c) if player == 0 else (c, action)
            pb = (b, c) if player == 0 else (c, b)
            d = tab.payoffs[pa][player] - tab.payoffs[pb][player]
            out.append(((acts[player][b], acts[1 - player][c]), d))
    return out


def dominance_condition(tab: SymbolicTable, player: int | str, action: int | str) -> sp.Basic:
    """The exact condition (a sympy ``And``) under which ``action`` is strictly dominant.

    Examples
    --------
    >>> import blitzgame.model.presets as sc
    >>> t = payoff_table(sc.two_firm_race(), ["market.prize"])
    >>> cond = dominance_condition(t, "Defender", "Niche")
    >>> cond.subs(t.symbols["market.prize"], 20), cond.subs(t.symbols["market.prize"], 200)
    (True, False)
    """
    g_players, g_actions = tab.model.players, tab.model.actions
    i = player if isinstance(player, int) else g_players.index(player)
    a = action if isinstance(action, int) else g_actions[i].index(action)
    return sp.And(*[sp.StrictGreaterThan(d, 0) for _, d in _differences(tab, i, a)])


def critical_value(model: RaceModel, parameter: str, player: int | str, action: int | str, *,
                   bracket: tuple[float, float], points: int = 64, dps: int = 50) -> Threshold:
    """The value of ``parameter`` where ``action`` starts or stops being strictly dominant.

    Parameters
    ----------
    model : RaceModel
        Two firms; other parameters held at the model's values.
    parameter : str
        Dotted name (see the module docs), e.g. ``"market.sharpness"``.
    player, action : int or str
    bracket : (float, float)
        Interval to search; the condition must hold at exactly one end.
    points : int
        Scan points used to locate the switch.
    dps : int
        Decimal digits of the certified bisection.

    Returns
    -------
    Threshold

    Raises
    ------
    InvalidParameterError
        No switch in the bracket.

    Examples
    --------
    >>> from blitzgame.model import Firm, Market, RaceModel, SpeedScale
    >>> m = RaceModel([Firm(n, 1_000, 10.0, 1000.0) for n in "ab"],
    ...     Market.tullock(prize=1.0, sharpness=1.0),
    ...     postures=[SpeedScale(speed=1, scale=3, name="big"),
    ...               SpeedScale(speed=1, scale=1, name="small")])
    >>> th = critical_value(m, "market.prize", 0, "big", bracket=(0.001, 1.0))
    >>> th.exact, th.dominant_above, th.value   # V/4 > 0.002 $B (2,000 more GPUs at $1,000)
    (True, True, 1/125)
    """
    tab = payoff_table(model, [parameter])
    x = tab.symbols[parameter]
    i = player if isinstance(player, int) else model.players.index(player)
    a = action if isinstance(action, int) else model.actions[i].index(action)
    diffs = _differences(tab, i, a)
    if not diffs:
        raise InvalidParameterError("the firm has a single posture: it is always dominant")
    with mpmath.workdps(dps):
        fns = [(lab, sp.lambdify(x, d, modules="mpmath")) for lab, d in diffs]

        def margin(t: Any) -> tuple[Any, int]:
            vals = [f(mpmath.mpf(t)) for _, f in fns]
            k = min(range(len(vals)), key=lambda j: vals[j])
            return vals[k], k

        lo, hi = (mpmath.mpf(str(b)) for b in bracket)
        grid = [lo + (hi - lo) * j / (points - 1) for j in range(points)]
        sgn = [margin(t)[0] > 0 for t in grid]
        switch = next((j for j in range(points - 1) if sgn[j] != sgn[j + 1]), None)
        if switch is None:
            raise InvalidParameterError(
                f"the dominance of {model.actions[i][a]!r} does not switch on {parameter} in "
                f"{bracket}; it is {'always' if sgn[0] else 'never'} strictly dominant there")
        a_, b_ = grid[switch], grid[switch + 1]
        for _ in range(4 * dps):  # bisection on the margin (min of the differences)
            mid = (a_ + b_) / 2
            if (margin(mid)[0] > 0) == sgn[switch]:
                a_ = mid
            else:
                b_ = mid
        k = margin(b_ if sgn[switch] else a_)[1]
        lab, d = diffs[k]
        root: sp.Expr = sp.Float(str((a_ + b_) / 2), dps)
        exact = False
        if d.is_polynomial(x) and sp.degree(sp.simplify(d), x) <= 4:
            for cand in sp.solve(sp.Eq(d, 0), x):
                if cand.is_real and a_ - mpmath.mpf(10) ** (-dps // 2) <= \
                        mpmath.mpf(str(sp.N(cand, dps))) <= b_ + mpmath.mpf(10) ** (-dps // 2):
                    root, exact = sp.nsimplify(cand), True
                    break
        # certificate: the binding difference changes sign across the final interval
        fa_, fb_ = fns[k][1](a_), fns[k][1](b_)
        if not exact and fa_ * fb_ > 0:
            raise InvalidParameterError(f"could not certify a root of {lab} in the bracket")
    return Threshold(parameter, root, exact, (float(a_), float(b_)), lab,
                     dominant_above=not sgn[switch])
