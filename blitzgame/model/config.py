"""Read a race model from TOML (or a plain dict), strictly: unknown keys and wrong types are errors.

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

The file is checked by the declarative schema of :mod:`blitzgame.model.schema`
-- the same rules as sweep configs (``blitzgame sweep``): a misspelt key is
refused with a suggestion (``[market]: unknown key 'sharpnes'; did you mean
'sharpness'?``), a boolean is not a number, each number is checked against
the range of its field (the ``RULES`` of :class:`~blitzgame.model.Market`,
:class:`~blitzgame.model.Firm`, :class:`~blitzgame.model.Scenario` and the
postures), and every message names the file and the key path
(``m.toml: [firms[0]].compute: expected a number in [0, inf); got -5``).
What needs several values (probabilities that sum to one, distinct names) is
checked by the model's classes, and reported with the file and table.

Examples
--------
>>> m = model_from_dict({"firms": [{"name": "a", "compute": 10, "capital": 1.0}],
...                      "market": {"sharpness": 3.0}})
>>> m.market.sharpness
3.0
>>> model_from_dict({"firms": [], "markt": {}})
Traceback (most recent call last):
...
blitzgame.exceptions.InvalidParameterError: unknown top-level key 'markt'; did you mean 'market'?
>>> model_from_dict({"firms": [{"name": "a", "compute": True, "capital": 1.0}]})
Traceback (most recent call last):
...
blitzgame.exceptions.InvalidParameterError: [firms[0]].compute: expected a number in [0, inf); got true (a boolean)
"""  # noqa: E501

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..exceptions import InvalidParameterError
from .firm import Firm
from .market import Market
from .postures import _RULES as _POSTURE_RULES
from .postures import POSTURES, Posture, SpeedScale, as_postures
from .race import RaceModel
from .scenarios import Scenario, ScenarioMixture
from .schema import Array, Number, String, Table, Tagged, Union, Where, validate

__all__ = ["model_from_dict", "read_model", "model_schema", "MODEL_KEYS"]

_POSTURE_TYPES: dict[str, type[Posture]] = {**POSTURES, "SpeedScale": SpeedScale}

#: The top-level keys of a model file.
MODEL_KEYS = ("market", "scenarios", "firms", "postures")


@functools.cache
def model_schema() -> Table:
    """The schema of a model file (see the module docstring and :mod:`.schema`).

    Examples
    --------
    >>> sorted(model_schema().keys) == sorted(MODEL_KEYS)
    True
    """
    def posture_table(cls: type[Posture]) -> Table:
        return Table({"type": String(), "name": String(),
                      **{f: Number.from_rule(_POSTURE_RULES[f]) for f in cls.numeric_fields()}})

    posture = Union((String(tuple(POSTURES), kind="posture"),
                     Tagged("type", {n: posture_table(c) for n, c in _POSTURE_TYPES.items()},
                            kind="posture type")))
    postures = Array(posture, min_len=1)
    market = Table({f: Number.from_rule(Market.RULES[f]) for f in Market.numeric_fields()})
    scenario = Table({"name": String(),
                      **{f: Number.from_rule(r) for f, r in Scenario.RULES.items()}},
                     required=("name", "probability"))
    firm = Table({"name": String(), **{f: Number.from_rule(Firm.RULES[f])
                                       for f in Firm.numeric_fields()},
                  "postures": postures}, required=("name", "compute", "capital"))
    return Table({"market": market, "scenarios": Array(scenario, min_len=1),
                  "firms": Array(firm, min_len=1), "postures": postures}, required=("firms",))


def _posture(item: Any, where: Where) -> Any:
    if isinstance(item, str):
        return item
    kw = {k: v for k, v in item.items() if k != "type"}
    try:
        return _POSTURE_TYPES[item["type"]](**kw)
    except InvalidParameterError as err:
        where.fail(str(err), table=True)


def _build(where: Where, cls: Any, *args: Any, **kw: Any) -> Any:
    """``cls(*args, **kw)`` with its error (a rule over several values) placed at ``where``."""
    try:
        return cls(*args, **kw)
    except InvalidParameterError as err:
        where.fail(str(err), table=True)


def model_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> RaceModel:
    """Build a :class:`RaceModel` from a parsed TOML/JSON mapping (format in the module docs).

    Parameters
    ----------
    data : mapping
        The parsed file.
    source : str, optional
        The file name, to start error messages with.

    Raises
    ------
    InvalidParameterError
        Unknown keys (with a suggestion), missing keys, values of the wrong
        type or out of range, or a model that is invalid as a whole; the
        message names the file and the key path.
    """
    where = Where(source)
    if isinstance(data, Mapping) and "firms" not in data and ("grid" in data
                                                              or "sweep" in data):
        where.fail("this is a sweep config (it has [grid] or [sweep]), not a model file; "
                   "run it with `blitzgame sweep CONFIG.toml --out results.csv`", table=True)
    data = validate(data, model_schema(), source=source)
    market = _build(where / "market", Market, **data.get("market", {}))
    scen = None
    if "scenarios" in data:
        items = [_build(where / "scenarios" / k, Scenario, **s)
                 for k, s in enumerate(data["scenarios"])]
        scen = _build(where / "scenarios", ScenarioMixture, tuple(items))
    post = None
    if "postures" in data:
        post = [_posture(p, where / "postures" / k) for k, p in enumerate(data["postures"])]
        _build(where / "postures", as_postures, post, "top-level postures")
    firms = []
    for k, f in enumerate(data["firms"]):
        kw = dict(f)
        if "postures" in kw:
            kw["postures"] = [_posture(p, where / "firms" / k / "postures" / j)
                              for j, p in enumerate(kw["postures"])]
        firms.append(_build(where / "firms" / k, Firm, **kw))
    model: RaceModel = _build(where, RaceModel, firms, market, scen, post)
    return model


def read_model(path: str | Path) -> RaceModel:
    """Read a race model from a TOML file (format and checks in the module docstring).

    Raises
    ------
    InvalidParameterError
        The file is not valid TOML (with the parser's line and column) or the
        model is invalid; the message names the file and the key path.
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> from importlib import resources
    >>> with resources.as_file(resources.files("blitzgame") / "data" / "models"
    ...                        / "two_firm_race.toml") as f:
    ...     read_model(f).players
    ('Blitzer', 'Defender')
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidParameterError(
            f"path must be a str or os.PathLike; got {type(path).__name__}")
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InvalidParameterError(f"{p}: invalid TOML: {err}") from None
    return model_from_dict(data, source=str(p))
