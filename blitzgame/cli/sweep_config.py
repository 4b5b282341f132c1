"""Sweep configs: the TOML format of ``blitzgame sweep``, its schema, and the shipped examples.

A sweep config names the model, the grid and the measure::

    [model]                             # exactly one of file / scenario
    file = "../models/two_firm_race.toml"   # a model file, relative to this config
    # scenario = "two_firm_race"        # or a built-in model of bg.scenarios
    [model.params]                      # optional changes to the model
    "market.prize" = 30.0

    [grid]                              # one axis per entry; the product is taken
    "market.sharpness" = [0.5, 1.0, 2.0, 4.0]
    "market.leadership_window" = { start = 2.0, stop = 24.0, num = 12 }   # linspace
    "market.hazard_speed" = { start = 0.01, stop = 1.0, num = 5, log = true }
    [grid.zip.defence]                  # optional: parameters varying together
    "market.niche_size" = [0.05, 0.1, 0.2]
    "market.niche_leak" = [0.5, 0.3, 0.1]

    [sweep]                             # optional
    measure = "verdict"                 # default; see blitzgame.analysis.measures
    rng = 0                             # optional; also chunksize, on_error
    [sweep.measure_options]             # optional
    blitz = "Blitz"

    [plot]                              # optional, for --plot
    x = "market.sharpness"              # default: the first parameter of the first axis
    y = "market.leadership_window"      # default: the first parameter of the second axis
    var = "verdict"                     # default; a category gives a phase diagram,
                                        # a number a heat map
    select = { "market.hazard_speed" = 0.01 }

Shipped examples (:func:`example_configs`; ``blitzgame sweep --help`` prints
their paths): ``blitzgame/data/sweeps/two_firm_sharpness.toml`` (a built-in
model) and ``blitzgame/data/sweeps/two_firm_race.toml`` (a model file of
one's own, ``blitzgame/data/models/two_firm_race.toml``).

:func:`load_config` checks the whole file before anything is computed, with
the declarative rules of :mod:`blitzgame.model.schema` that model files use
too: a misspelt key is refused with a suggestion (``[model]: unknown key
'senario'; did you mean 'scenario'?``), as are a parameter the model does not
have, a value of the wrong type (``log = "yes"``, ``num = 2.5``, a boolean
where a number belongs), more than :data:`MAX_AXIS_POINTS` values on an axis
or :data:`MAX_GRID_POINTS` points in all, an unknown measure or measure
option, and a ``[plot]`` naming something not swept. A *model* file given in
place of a sweep config is recognised, and the error says how to write a
config that references it. Every error is an
:class:`~blitzgame.exceptions.InvalidParameterError` naming the file and the
key path (``[grid."market.sharpness"].num``).

Examples
--------
>>> cfg = load_config(example_config("two_firm_sharpness"))
>>> cfg["grid"].dims, len(cfg["grid"]), cfg["measure"]
(('market.sharpness', 'market.leadership_window'), 48, 'verdict')
>>> cfg = load_config(example_config("two_firm_race"))
>>> cfg["model"].players, cfg["model"].market.prize
(('Blitzer', 'Defender'), 30.0)
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import math
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from ..exceptions import InvalidParameterError
from ..model.schema import (
    Array,
    Boolean,
    Integer,
    Number,
    String,
    Table,
    Union,
    Where,
    unknown_name,
    validate,
)

__all__ = ["load_config", "config_schema", "example_configs", "example_config",
           "MAX_AXIS_POINTS", "MAX_GRID_POINTS"]

#: Most values one grid axis may have (``num``, or the length of a list).
MAX_AXIS_POINTS = 10**6
#: Most points a grid may have in all (the product of its axes' lengths).
MAX_GRID_POINTS = 10**7


def _examples_dir() -> Any:
    return resources.files("blitzgame") / "data" / "sweeps"


def example_configs() -> dict[str, str]:
    """The example sweep configs shipped with blitzgame: name -> first comment line.

    Examples
    --------
    >>> sorted(example_configs())
    ['two_firm_race', 'two_firm_sharpness']
    """
    out = {}
    for f in sorted(_examples_dir().iterdir(), key=lambda f: f.name):
        if f.name.endswith(".toml"):
            first = f.read_text(encoding="utf-8").partition("\n")[0]
            out[f.name[:-5]] = first.lstrip("# ").strip()
    return out


def example_config(name: str) -> Path:
    """The path of a shipped example sweep config (see :func:`example_configs`)."""
    if name not in example_configs():
        raise InvalidParameterError(unknown_name("example config", name, example_configs()))
    return Path(str(_examples_dir() / f"{name}.toml"))


def _builders() -> dict[str, Any]:
    """The built-in models: functions of ``bg.scenarios`` that return a RaceModel."""
    from ..model import RaceModel, presets

    out = {}
    for name in presets.__all__:
        fn = getattr(presets, name)
        if inspect.isfunction(fn) and inspect.signature(fn).return_annotation in (
                "RaceModel", RaceModel):
            out[name] = fn
    return out


@functools.cache
def config_schema() -> Table:
    """The schema of a sweep config (rules of :mod:`blitzgame.model.schema`).

    Examples
    --------
    >>> sorted(config_schema().keys)
    ['grid', 'model', 'plot', 'sweep']
    """
    from ..analysis.measures import available_measures

    values = Array(Number(allow_inf=True), min_len=1, max_len=MAX_AXIS_POINTS)
    spaced = Table({"start": Number(), "stop": Number(), "num": Integer(1, MAX_AXIS_POINTS),
                    "log": Boolean()}, required=("start", "stop", "num"))
    axis = Union((values, spaced))
    scalar = Union((Number(allow_inf=True), String(), Boolean()))
    return Table({
        "model": Table({"file": String(), "scenario": String(tuple(_builders()), "scenario"),
                        "params": Table(values=Number(allow_inf=True))},
                       exactly_one=("file", "scenario")),
        "grid": Table({"zip": Table(values=Table(values=axis))}, values=axis),
        "sweep": Table({"measure": String(available_measures(), "measure"),
                        "measure_options": Table(values=scalar),
                        "rng": Integer(0), "chunksize": Integer(1, MAX_GRID_POINTS),
                        "on_error": String(("record", "raise"), "on_error mode")}),
        "plot": Table({"x": String(), "y": String(), "var": String(),
                       "select": Table(values=Union((Number(allow_inf=True), String())))}),
    }, required=("model", "grid"))


def _is_model_file(cfg: Mapping[str, Any]) -> bool:
    from ..model.config import MODEL_KEYS

    return "firms" in cfg or (bool(cfg) and set(cfg) <= set(MODEL_KEYS))


def _model_file_error(where: Where, path: Path, keys: list[str]) -> NoReturn:
    example = example_config("two_firm_race")
    has = "[[firms]]" if "firms" in keys else ", ".join(f"[{k}]" for k in keys)
    where.fail(
        f"this is a model file (it has {has}), not a sweep config; write a "
        f"sweep config that references it: [model] file = {json.dumps(str(path.resolve()))} "
        "(a relative path is relative to the sweep config) and a [grid] of parameters, e.g. "
        "\"market.sharpness\" = { start = 0.5, stop = 8.0, num = 16 } -- like the example "
        f"{example}; or analyse the model alone with `blitzgame report --model {path}`",
        table=True)


def _model(mcfg: Mapping[str, Any], where: Where, base: Path) -> Any:
    from ..model.config import read_model

    if "scenario" in mcfg:
        model = _builders()[mcfg["scenario"]]()
    else:
        file = Path(mcfg["file"]).expanduser()
        file = file if file.is_absolute() else base / file
        if not file.is_file():
            (where / "file").fail(f"no model file {str(file)!r} (a relative path is relative "
                                  f"to the sweep config's folder {str(base)!r})")
        model = read_model(file)
    params = mcfg.get("params", {})
    valid = model.parameter_names()
    for name in params:
        if name not in valid:
            (where / "params").fail(unknown_name("model parameter", name, valid), table=True)
    for name, value in params.items():  # one at a time, to name the bad one
        try:
            model.with_params({name: value})
        except InvalidParameterError as err:
            (where / "params" / name).fail(str(err))
    return model.with_params(params) if params else model


def _axis_values(spec: Any, where: Where) -> Any:
    if isinstance(spec, list):
        return spec
    start, stop, num = spec["start"], spec["stop"], spec["num"]
    if spec.get("log", False):
        if start <= 0 or stop <= 0:
            where.fail(f"log spacing needs start > 0 and stop > 0; got start = {start:g}, "
                       f"stop = {stop:g}", table=True)
        return np.geomspace(start, stop, num)
    return np.linspace(start, stop, num)


def _axis_length(spec: Any) -> int:
    return len(spec) if isinstance(spec, list) else int(spec["num"])


def _grid(gcfg: Mapping[str, Any], model: Any, params: Mapping[str, Any], where: Where) -> Any:
    from ..analysis.sweep import ParameterGrid

    gcfg = dict(gcfg)
    zipped = gcfg.pop("zip", {})
    if not gcfg and not zipped:
        where.fail("the grid must name at least one parameter, e.g. "
                   "\"market.sharpness\" = [1.0, 2.0]", table=True)
    valid = model.parameter_names()
    groups = [(where, gcfg), *((where / "zip" / z, ps) for z, ps in zipped.items())]
    lengths = []
    for w, ps in groups:
        if w is not where and not ps:
            w.fail("a zipped axis must name at least one parameter", table=True)
        for name in ps:
            if name not in valid:
                w.fail(unknown_name("model parameter", name, valid), table=True)
            if name in params:
                w.fail(f"{name!r} is set in [model.params] and swept here; keep one",
                       table=True)
        if w is where:
            lengths += [_axis_length(s) for s in ps.values()]
        elif ps:
            sizes = {k: _axis_length(s) for k, s in ps.items()}
            if len(set(sizes.values())) != 1:
                w.fail(f"zipped parameters must have equal lengths; got {sizes}", table=True)
            lengths.append(next(iter(sizes.values())))
    total = math.prod(lengths)
    if total > MAX_GRID_POINTS:
        where.fail(f"the grid has {total:,} points ({' x '.join(map(str, lengths))}); at most "
                   f"{MAX_GRID_POINTS:,} are allowed (MAX_GRID_POINTS)", table=True)
    axes = {k: _axis_values(v, where / k) for k, v in gcfg.items()}
    zips = {z: {k: _axis_values(v, where / "zip" / z / k) for k, v in ps.items()}
            for z, ps in zipped.items()}
    try:  # names that clash (a zipped axis named like a parameter)
        grid = ParameterGrid(axes)
        for zname, ps in zips.items():
            grid = grid * ParameterGrid.zip(ps, name=zname)
    except InvalidParameterError as err:
        where.fail(str(err), table=True)
    return grid


def _measure(scfg: Mapping[str, Any], where: Where) -> tuple[str, dict[str, Any]]:
    from ..analysis.measures import MEASURES, get_measure
    from ..solvers import available_methods

    name = scfg.get("measure", "verdict")
    options = dict(scfg.get("measure_options", {}))
    w = where / "measure_options"
    cls = MEASURES[name]
    valid: list[str] = ([f.name for f in dataclasses.fields(cls)]
                        if dataclasses.is_dataclass(cls) else [])
    for key, value in options.items():
        if key not in valid:
            w.fail(f"measure {name!r}: " + unknown_name("option", key, valid), table=True)
        if key == "method":
            String(("auto", *available_methods()), "method").check(value, w / key)
    try:
        get_measure(name, **options)
    except InvalidParameterError as err:
        w.fail(str(err), table=True)
    return name, options


def _plot_spec(pcfg: Mapping[str, Any], grid: Any, where: Where) -> dict[str, Any]:
    params = list(grid.parameters)
    firsts = [next(iter(ps)) for _, ps in grid.axes]
    spec: dict[str, Any] = {"var": pcfg.get("var", "verdict"), "select": {}}
    for key, default in (("x", firsts[0]), ("y", firsts[1] if len(firsts) > 1 else None)):
        value = pcfg.get(key, default)
        if value is not None and value not in params:
            (where / key).fail(unknown_name("swept parameter", value, params))
        spec[key] = value
    if spec["x"] is not None and spec["x"] == spec["y"]:
        (where / "y").fail(f"x and y must differ; both are {spec['x']!r}")
    if spec["y"] is not None and grid.axis_of(spec["x"]) == grid.axis_of(spec["y"]):
        (where / "y").fail(f"{spec['x']!r} and {spec['y']!r} vary along the same zipped axis "
                           f"{grid.axis_of(spec['x'])!r}; plot parameters of different axes")
    for name, value in pcfg.get("select", {}).items():
        if name not in params:
            (where / "select").fail(unknown_name("swept parameter", name, params), table=True)
        spec["select"][name] = value
    return spec


def load_config(path: str | Path) -> dict[str, Any]:
    """Read and check a sweep configuration; build ``model``, ``grid`` and the sweep options.

    Everything in the file is checked before anything is computed (see the
    module docstring).

    Returns
    -------
    dict
        ``model``, ``grid`` (a ParameterGrid), ``measure`` (its name),
        ``options`` (keyword arguments of :func:`~blitzgame.analysis.sweep.sweep`)
        and ``plot`` (``x``, ``y``, ``var`` and ``select``).

    Raises
    ------
    InvalidParameterError
        Invalid TOML, an unknown key (with a suggestion), a value of the wrong
        type, a model parameter the model lacks, a grid over the limits, an
        unknown measure, or a model file given in place of a sweep config. The
        message names the file and the key path.
    FileNotFoundError
        No such config (or model) file.
    """
    p = Path(path)
    src = str(p)
    top = Where(src)
    try:
        with open(p, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise InvalidParameterError(f"{src}: invalid TOML: {err}") from None
    if _is_model_file(raw):
        _model_file_error(top, p, list(raw))
    cfg = validate(raw, config_schema(), source=src)
    model = _model(cfg["model"], top / "model", p.parent)
    params = cfg["model"].get("params", {})
    grid = _grid(cfg["grid"], model, params, top / "grid")
    scfg = cfg.get("sweep", {})
    measure, measure_options = _measure(scfg, top / "sweep")
    options: dict[str, Any] = {"measure_options": measure_options or None}
    options.update({k: scfg[k] for k in ("rng", "chunksize", "on_error") if k in scfg})
    plot = _plot_spec(cfg.get("plot", {}), grid, top / "plot")
    return {"model": model, "grid": grid, "measure": measure, "options": options, "plot": plot}
