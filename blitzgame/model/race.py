r"""RaceModel: firms x postures x market x scenarios -> games.

The race model (DESIGN.md section 3): firms :math:`i = 0..N-1` each choose a
posture from their own list; the payoff of a pure profile is the exact
expectation, over the :math:`2^N` stumble outcomes and the scenario mixture, of
each firm's decayed prize minus its cost (formulas in
:mod:`blitzgame.model.payoff`). :meth:`RaceModel.to_game` tabulates every
profile into a labelled :class:`~blitzgame.NormalFormGame` (players = firm
names, actions = posture names).

Parameters are addressed by dotted names, used by :meth:`RaceModel.with_params`
and by sweeps: ``market.<field>``, ``firms.<firm>.<field>``,
``scenarios.<scenario>.<probability|prize_multiplier|sharpness>`` and
``postures.<posture>.<field>`` (changes that posture for every firm having it).
:meth:`RaceModel.batch_payoff_tensor` evaluates many parameter points at once
with numpy broadcasting.

Examples
--------
>>> from blitzgame.model import RaceModel, Firm, Market
>>> m = RaceModel([Firm("a", 1000, 1.0), Firm("b", 1000, 1.0)], Market(prize=1.0),
...               postures=["Blitz", "Steady"])
>>> m.players, m.actions[0]
(('a', 'b'), ('Blitz', 'Steady'))
>>> m.to_game().is_symmetric()
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ..exceptions import InvalidParameterError
from ._params import check_array
from .firm import Firm
from .market import Market
from .payoff import FirmArrays, Outcome, ScenarioArrays, contest_outcomes, expected_payoffs
from .postures import _RULES, Blitz, Posture, Steady, as_postures
from .scenarios import SUM_TOL, ScenarioMixture
from .schema import unknown_name

if TYPE_CHECKING:  # pragma: no cover
    from ..games.normal_form import NormalFormGame
    from ..games.repeated import RepeatedGame
    from ..games.stochastic import StochasticGame

__all__ = ["RaceModel"]

_FIRM_KEYS = ("compute", "unit_cost", "efficiency", "execution", "capital")
_POSTURE_KEYS = ("speed", "cost_factor", "efficiency_gain", "delay", "fixed_cost", "floor",
                 "salvage")
_SCEN_KEYS = ("probability", "prize_multiplier", "sharpness")


@dataclass(frozen=True)
class RaceModel:
    """The race for compute as a game generator (immutable, validated once).

    Parameters
    ----------
    firms : sequence of Firm
        At least one firm, distinct names.
    market : Market
        Default ``Market()``.
    scenarios : ScenarioMixture or sequence of Scenario, optional
        Default: one certain scenario with the market's prize and sharpness.
    postures : sequence, or mapping firm name -> sequence, optional
        Postures (objects or built-in names) for every firm or per firm. A firm's
        own ``Firm.postures`` wins over a model-wide list; the default is
        ``(Blitz(), Steady())``.

    Raises
    ------
    InvalidParameterError
        No firms, duplicate names, unknown postures or firm names.

    Examples
    --------
    >>> from blitzgame.model import Firm
    >>> m = RaceModel([Firm("a", 100, 1.0)], postures={"a": ["Niche"]})
    >>> m.actions
    (('Niche',),)
    """

    firms: Sequence[Firm]
    market: Market = Market()
    scenarios: ScenarioMixture | None = None
    postures: Any = None

    def __post_init__(self) -> None:
        fs = self.firms
        if isinstance(fs, Firm) or not isinstance(fs, Sequence) or not fs:
            raise InvalidParameterError(f"firms must be a non-empty sequence of Firm; got {fs!r}")
        for f in fs:
            if not isinstance(f, Firm):
                raise InvalidParameterError(f"firms must hold Firm objects; got {f!r}")
        names = [f.name for f in fs]
        if len(set(names)) != len(names):
            raise InvalidParameterError(f"firm names must be distinct; got {names}")
        object.__setattr__(self, "firms", tuple(fs))
        if not isinstance(self.market, Market):
            raise InvalidParameterError(f"market must be a Market; got {self.market!r}")
        sc = self.scenarios
        if sc is None:
            sc = ScenarioMixture.single()
        elif not isinstance(sc, ScenarioMixture):
            sc = ScenarioMixture(tuple(sc))
        object.__setattr__(self, "scenarios", sc)
        object.__setattr__(self, "postures", self._resolve_postures(self.postures))

    def _resolve_postures(self, given: Any) -> dict[str, tuple[Posture, ...]]:
        out: dict[str, tuple[Posture, ...]] = {}
        if isinstance(given, Mapping):
            unknown = set(given) - {f.name for f in self.firms}
            if unknown:
                raise InvalidParameterError(f"postures names unknown firms {sorted(unknown)}; "
                                            f"expected some of {[f.name for f in self.firms]}")
        for f in self.firms:
            if isinstance(given, Mapping) and f.name in given:
                out[f.name] = as_postures(given[f.name], f"postures[{f.name!r}]")
            elif f.postures is not None:
                out[f.name] = tuple(f.postures)
            elif given is not None and not isinstance(given, Mapping):
                out[f.name] = as_postures(given)
            else:
                out[f.name] = (Blitz(), Steady())
        return out

    # ------------------------------------------------------------------ labels
    @property
    def players(self) -> tuple[str, ...]:
        """Firm names (the game's player labels)."""
        return tuple(f.name for f in self.firms)

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Posture names of each firm (the game's action labels)."""
        return tuple(tuple(p.name for p in self.postures[f.name]) for f in self.firms)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of postures of each firm."""
        return tuple(len(a) for a in self.actions)

    def firm(self, name: str) -> Firm:
        """The firm called ``name``."""
        for f in self.firms:
            if f.name == name:
                return f
        raise InvalidParameterError(f"unknown firm {name!r}; expected one of {list(self.players)}")

    # ------------------------------------------------------------------ parameters
    def parameter_names(self) -> tuple[str, ...]:
        """Valid dotted parameter names for :meth:`with_params` and sweeps.

        Examples
        --------
        >>> from blitzgame.model import Firm
        >>> "market.sharpness" in RaceModel([Firm("a", 1, 1.0)]).parameter_names()
        True
        """
        out = [f"market.{k}" for k in Market.numeric_fields()]
        out += [f"firms.{f.name}.{k}" for f in self.firms for k in Firm.numeric_fields()]
        assert self.scenarios is not None  # set by __post_init__
        out += [f"scenarios.{s.name}.{k}" for s in self.scenarios for k in _SCEN_KEYS]
        seen: dict[str, None] = {}
        for f in self.firms:
            for p in self.postures[f.name]:
                for k in p.numeric_fields():
                    seen[f"postures.{p.name}.{k}"] = None
        return tuple(out + list(seen))

    def _split(self, name: str) -> tuple[str, ...]:
        if not isinstance(name, str):
            raise InvalidParameterError(f"parameter names must be strings; got {name!r}")
        key = name.replace("__", ".")
        head, _, rest = key.partition(".")
        mid, _, field = rest.rpartition(".")
        parts = (head, field) if head == "market" else (head, mid, field)
        if key not in self.parameter_names() or (head == "market" and mid):
            raise InvalidParameterError(unknown_name("parameter", name, self.parameter_names()))
        return parts

    def with_params(self, changes: Mapping[str, Any] | None = None, **kw: Any) -> RaceModel:
        """A copy of the model with some parameters changed (dotted names, validated).

        Keyword names may use ``__`` for ``.`` (``market__sharpness=3``).

        Raises
        ------
        InvalidParameterError
            Unknown name (with a suggestion, or a few valid names) or invalid value.

        Examples
        --------
        >>> from blitzgame.model import Firm
        >>> m = RaceModel([Firm("a", 1, 1.0)]).with_params({"market.sharpness": 5.0})
        >>> m.market.sharpness
        5.0
        """
        allc = dict(changes or {})
        allc.update(kw)
        market, firms = self.market, list(self.firms)
        assert self.scenarios is not None  # set by __post_init__
        scen = list(self.scenarios)
        posts = {k: list(v) for k, v in self.postures.items()}
        for name, value in allc.items():
            parts = self._split(name)
            if parts[0] == "market":
                market = replace(market, **{parts[1]: value})
            elif parts[0] == "firms":
                firms = [replace(f, **{parts[2]: value}) if f.name == parts[1] else f
                         for f in firms]
            elif parts[0] == "scenarios":
                scen = [replace(s, **{parts[2]: value}) if s.name == parts[1] else s
                        for s in scen]
            else:
                for fname, lst in posts.items():
                    posts[fname] = [p.with_params(**{parts[2]: value}) if p.name == parts[1]
                                    else p for p in lst]
        firms = [replace(f, postures=None) for f in firms]
        return RaceModel(firms, market, ScenarioMixture(tuple(scen)),
                         {k: tuple(v) for k, v in posts.items()})

    # ------------------------------------------------------------------ arrays
    def _check_overrides(self, overrides: Mapping[str, Any]
                         ) -> tuple[dict[str, Any], tuple[int, ...]]:
        out: dict[str, Any] = {}
        size = None
        for name, value in overrides.items():
            parts = self._split(name)
            key = ".".join(parts)
            field = parts[-1]
            if parts[0] == "market":
                lo, hi, lo_o, hi_o, inf = Market.RULES[field]
            elif parts[0] == "firms":
                lo, hi, lo_o, hi_o = Firm.RULES[field]
                inf = False
            elif parts[0] == "scenarios":
                lo, hi, lo_o, hi_o, inf = (0.0, 1.0 if field == "probability" else math.inf,
                                           False, False, False)
            else:
                lo, hi, lo_o, hi_o = _RULES[field]
                inf = False
            a = check_array(key, value, lo, hi, lo_open=lo_o, hi_open=hi_o, allow_inf=inf)
            if size is not None and a.shape != size:
                raise InvalidParameterError(f"every override must have the same shape; {key} has "
                                            f"{a.shape}, expected {size}")
            size = a.shape
            out[key] = a
        return out, (() if size is None else size)

    def _arrays(self, idx: NDArray[np.int64], ov: Mapping[str, Any], lead: tuple[int, ...]
                ) -> tuple[FirmArrays, dict[str, Any], list[ScenarioArrays]]:
        """Kernel inputs for index profiles ``idx`` (shape P + (N,)), batch shape ``lead``."""
        P = idx.shape[:-1]
        pad = (1,) * len(P)

        def lead_val(key: str, default: float) -> NDArray[np.float64]:
            return np.asarray(ov[key] if key in ov else default, dtype=np.float64)

        cols: dict[str, list[NDArray[Any]]] = {k: [] for k in FirmArrays._fields}
        for i, f in enumerate(self.firms):
            per: dict[str, NDArray[Any]] = {}
            fv = {k: lead_val(f"firms.{f.name}.{k}", getattr(f, k)) for k in _FIRM_KEYS}
            acts: dict[str, list[Any]] = {k: [] for k in (*_POSTURE_KEYS, "target", "kind")}
            for p in self.postures[f.name]:
                kv = p.kernel_values()
                for k in _POSTURE_KEYS:
                    acts[k].append(lead_val(f"postures.{p.name}.{k}", kv[k] if k != "speed"
                                            else p.speed))
                tgt = ov.get(f"postures.{p.name}.target", p.target)
                if tgt is None:
                    tgt = lead_val(f"postures.{p.name}.scale", p.scale) * fv["compute"]
                acts["target"].append(np.asarray(tgt, dtype=np.float64))
                acts["kind"].append(np.asarray(p.kind))
            for k, vals in acts.items():
                arr = np.stack(np.broadcast_arrays(*[np.broadcast_to(v, lead) for v in vals]),
                               axis=-1)
                per[k] = np.take(arr, idx[..., i], axis=-1)  # lead + P
            for k, v in fv.items():
                per[k] = np.broadcast_to(v.reshape(v.shape + pad), lead + P)
            for k in FirmArrays._fields:
                cols[k].append(np.broadcast_to(per[k], lead + P))
        fa = FirmArrays(**{k: np.stack(v, axis=-1) for k, v in cols.items()})
        fa = fa._replace(kind=fa.kind.astype(np.int64))
        market = {}
        for k in Market.numeric_fields():
            v = lead_val(f"market.{k}", getattr(self.market, k))
            market[k] = v.reshape(v.shape + pad)
        scen = []
        probs = []
        assert self.scenarios is not None  # set by __post_init__
        for s in self.scenarios:
            pr = lead_val(f"scenarios.{s.name}.probability", s.probability)
            probs.append(pr)
            mult = lead_val(f"scenarios.{s.name}.prize_multiplier", s.prize_multiplier)
            key = f"scenarios.{s.name}.sharpness"
            r = ov[key] if key in ov else (s.sharpness if s.sharpness is not None
                                           else lead_val("market.sharpness", self.market.sharpness))
            scen.append(ScenarioArrays(*(np.asarray(x, np.float64).reshape(
                np.shape(x) + pad) for x in (pr, mult, r))))
        if probs and np.any(np.abs(np.sum(np.broadcast_arrays(*probs), axis=0) - 1) > SUM_TOL):
            raise InvalidParameterError("scenario probabilities must sum to 1 at every point")
        return fa, market, scen

    def _all_profiles(self) -> NDArray[np.int64]:
        return np.moveaxis(np.indices(self.shape), 0, -1)

    def payoff_tensor(self) -> NDArray[np.float64]:
        """Payoffs of every pure profile, shape ``(n_0, ..., n_{N-1}, N)``, in $B."""
        fa, m, sc = self._arrays(self._all_profiles(), {}, ())
        out = expected_payoffs(fa, m, sc)
        out.flags.writeable = False
        return out

    def batch_payoff_tensor(self, overrides: Mapping[str, Any]) -> NDArray[np.float64]:
        """Payoff tensors for B parameter points at once, shape ``(B, n_0, ..., n_{N-1}, N)``.

        Parameters
        ----------
        overrides : mapping
            Dotted parameter name -> array of shape (B,). All the same length.

        Examples
        --------
        >>> from blitzgame.model import Firm
        >>> m = RaceModel([Firm("a", 1000, 1.0), Firm("b", 1000, 1.0)])
        >>> m.batch_payoff_tensor({"market.sharpness": [1.0, 2.0, 3.0]}).shape
        (3, 2, 2, 2)
        """
        ov, lead = self._check_overrides(overrides)
        fa, m, sc = self._arrays(self._all_profiles(), ov, lead)
        return expected_payoffs(fa, m, sc)

    def _index_profiles(self, profile: Any) -> NDArray[np.int64]:
        arr = np.asarray(profile, dtype=object)
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != len(self.firms):
            raise InvalidParameterError(f"profile must give one posture per firm "
                                        f"({len(self.firms)}); got {profile!r}")
        out = np.empty(arr.shape, np.int64)
        for (r, i), a in np.ndenumerate(arr):
            acts = self.actions[i]
            if isinstance(a, str):
                if a not in acts:
                    raise InvalidParameterError(f"unknown posture {a!r} for firm "
                                                f"{self.players[i]!r}; expected one of {acts}")
                out[r, i] = acts.index(a)
            elif isinstance(a, (int, np.integer)) and 0 <= int(a) < len(acts):
                out[r, i] = int(a)
            else:
                raise InvalidParameterError(f"posture {a!r} of firm {self.players[i]!r} must be "
                                            f"a label in {acts} or an index < {len(acts)}")
        return out

    def payoffs(self, profile: Any) -> NDArray[np.float64]:
        """Expected payoffs ($B) of one pure profile (shape (N,)) or of M profiles (shape (M, N)).

        Examples
        --------
        >>> from blitzgame.model import Firm
        >>> m = RaceModel([Firm("a", 1000, 1.0), Firm("b", 1000, 1.0)])
        >>> bool(abs(m.payoffs(["Blitz", "Steady"])[0] - m.payoffs([0, 1])[0]) == 0)
        True
        """
        idx = self._index_profiles(profile)
        fa, m, sc = self._arrays(idx, {}, ())
        out = expected_payoffs(fa, m, sc)
        return out[0] if np.asarray(profile, dtype=object).ndim == 1 else out

    def outcomes(self, profile: Any) -> list[Outcome]:
        """The contest of one pure profile in every scenario and stumble outcome (for checks)."""
        idx = self._index_profiles(profile)[0]
        fa, m, sc = self._arrays(idx, {}, ())
        return list(contest_outcomes(fa, m, sc))

    def to_game(self) -> NormalFormGame:
        """The labelled normal-form game (float payoffs in $B).

        Examples
        --------
        >>> from blitzgame.model import Firm
        >>> RaceModel([Firm("a", 1000, 1.0), Firm("b", 1000, 1.0)]).to_game().players
        ('a', 'b')
        """
        from ..games.normal_form import NormalFormGame

        return NormalFormGame(np.array(self.payoff_tensor()), players=self.players,
                              actions=self.actions)

    def is_symmetric(self) -> bool:
        """True if all firms are identical but for their names (same postures too)."""
        f0 = self.firms[0]
        return all(replace(f, name=f0.name, postures=None) == replace(f0, postures=None)
                   and self.postures[f.name] == self.postures[f0.name] for f in self.firms)

    def to_repeated_game(self, discount: float) -> RepeatedGame:
        """The infinitely repeated race (see :mod:`blitzgame.model.dynamic`)."""
        from .dynamic import race_to_repeated_game

        return race_to_repeated_game(self, discount)

    def to_stochastic_game(self, **kw: Any) -> StochasticGame:
        """The dynamic race by GPU stage (see :mod:`blitzgame.model.dynamic`)."""
        from .dynamic import check_stochastic_options, race_to_stochastic_game

        check_stochastic_options(kw)
        return race_to_stochastic_game(self, **kw)

    def __repr__(self) -> str:
        assert self.scenarios is not None  # set by __post_init__
        return (f"RaceModel(players={self.players!r}, shape={self.shape}, "
                f"scenarios={self.scenarios.names!r})")
