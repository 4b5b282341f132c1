"""Read a race model from TOML (or a plain dict) with clear errors for unknown keys or bad values.

Format (all sections but ``firms`` optional; see ``blitzgame/data/models/*.toml``)::

    postures = ["Blitz", "Steady"]          # default postures of every firm

    [market]                                # any Market field
    prize = 20.0
    sharpness = 2.0

    [[scenarios]]                           # a mixture; probabilities sum to 1
    name = "consolidation"
    probability = 0.6
    prize_multiplier = 1.0
    sharpness = 2.0                         # optional: default the market's

    [[firms]]
    name = "Blitzer"
    compute = 50000                         # GPUs
    capital = 5.0                           # $B
    unit_cost = 30000                       # $ per GPU
    postures = ["Steady", {type = "Blitz", scale = 3.0}]

Examples
--------
>>> m = model_from_dict({"firms": [{"name": "a", "compute": 10, "capital": 1.0}],
...                      "market": {"sharpness": 3.0}})
>>> m.market.sharpness
3.0
>>> model_from_dict({"firms": [], "markt": {}})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
blitzgame.exceptions.InvalidParameterError: unknown key 'markt' at the top level; expected ...
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..exceptions import InvalidParameterError
from .firm import Firm
from .market import Market
from .postures import POSTURES, Posture, SpeedScale
from .race import RaceModel
from .scenarios import Scenario, ScenarioMixture

__all__ = ["model_from_dict", "read_model"]

_POSTURE_TYPES: dict[str, type[Posture]] = {**POSTURES, "SpeedScale": SpeedScale}


def _keys(d: Any, allowed: AbstractSet[str], where: str,
          required: AbstractSet[str] = frozenset()) -> None:
    if not isinstance(d, Mapping):
        raise InvalidParameterError(f"{where} must be a table; got {d!r}")
    bad = sorted(set(d) - allowed)
    if bad:
        raise InvalidParameterError(f"unknown key {bad[0]!r} {where}; expected some of "
                                    f"{sorted(allowed)}")
    missing = sorted(required - set(d))
    if missing:
        raise InvalidParameterError(f"missing key {missing[0]!r} {where}")


def _posture(item: Any, where: str) -> Any:
    if isinstance(item, str):
        return item
    if not isinstance(item, Mapping) or "type" not in item:
        raise InvalidParameterError(f"{where} must be a posture name or a table with 'type'; "
                                    f"got {item!r}")
    kind = item["type"]
    if kind not in _POSTURE_TYPES:
        raise InvalidParameterError(f"unknown posture type {kind!r} {where}; expected one of "
                                    f"{sorted(_POSTURE_TYPES)}")
    cls = _POSTURE_TYPES[kind]
    allowed = {f.name for f in fields(cls)} | {"type"}
    _keys(item, allowed, where)
    return cls(**{k: v for k, v in item.items() if k != "type"})


def model_from_dict(data: Mapping[str, Any]) -> RaceModel:
    """Build a :class:`RaceModel` from a parsed TOML/JSON mapping (format in the module docs).

    Raises
    ------
    InvalidParameterError
        Unknown keys (the message names the key, where it is and what is allowed),
        missing keys, or invalid values.
    """
    _keys(data, {"market", "scenarios", "firms", "postures"}, "at the top level", {"firms"})
    market = Market()
    if "market" in data:
        _keys(data["market"], set(Market.numeric_fields()), "in [market]")
        market = Market(**data["market"])
    scen = None
    if "scenarios" in data:
        sc = data["scenarios"]
        if not isinstance(sc, list):
            raise InvalidParameterError(f"scenarios must be an array of tables; got {sc!r}")
        items = []
        for k, s in enumerate(sc):
            _keys(s, {"name", "probability", "prize_multiplier", "sharpness"},
                  f"in [[scenarios]] #{k + 1}", {"name", "probability"})
            items.append(Scenario(**s))
        scen = ScenarioMixture(tuple(items))
    fs = data["firms"]
    if not isinstance(fs, list) or not fs:
        raise InvalidParameterError(f"firms must be a non-empty array of tables; got {fs!r}")
    firms = []
    for k, f in enumerate(fs):
        where = f"in [[firms]] #{k + 1}"
        _keys(f, {"name", "compute", "capital", "unit_cost", "efficiency", "execution",
                  "postures"}, where, {"name", "compute", "capital"})
        kw = dict(f)
        if "postures" in kw:
            if not isinstance(kw["postures"], list):
                raise InvalidParameterError(f"postures {where} must be an array")
            kw["postures"] = [_posture(p, f"in postures of firm {f['name']!r}")
                              for p in kw["postures"]]
        firms.append(Firm(**kw))
    post = None
    if "postures" in data:
        if not isinstance(data["postures"], list):
            raise InvalidParameterError("top-level postures must be an array")
        post = [_posture(p, "in top-level postures") for p in data["postures"]]
    return RaceModel(firms, market, scen, post)


def read_model(path: str | Path) -> RaceModel:
    """Read a race model from a TOML file.

    Raises
    ------
    InvalidParameterError
        The file is not valid TOML (with the parser's line and column) or the model is invalid.
    FileNotFoundError
        No such file.
    """
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InvalidParameterError(f"{p}: invalid TOML: {err}") from None
    try:
        return model_from_dict(data)
    except InvalidParameterError as err:
        raise InvalidParameterError(f"{p}: {err}") from None
    except TypeError as err:
        raise InvalidParameterError(f"{p}: {err}") from None
