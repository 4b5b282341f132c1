"""``blitzgame sweep CONFIG.toml --out results.csv``: a sweep described in TOML.

The configuration names the model, the grid and the measure::

    [model]
    scenario = "two_firm_race"          # a function of blitzgame.model.presets
    [model.params]                      # optional changes to the base model
    "market.prize" = 30.0

    [grid]                              # one axis per entry; the product is taken
    "market.sharpness" = [0.5, 1.0, 2.0, 4.0]
    "market.leadership_window" = { start = 2.0, stop = 24.0, num = 12 }   # linspace
    "market.hazard_speed" = { start = 0.01, stop = 1.0, num = 5, log = true }
    [grid.zip.defence]                  # optional: parameters varying together
    "market.niche_size" = [0.05, 0.1, 0.2]
    "market.niche_leak" = [0.5, 0.3, 0.1]

    [sweep]
    measure = "verdict"                 # see blitzgame.analysis.measures
    rng = 0                             # optional; also chunksize, on_error
    [sweep.measure_options]             # optional
    blitz = "Blitz"

    [plot]                              # optional, for --plot
    x = "market.sharpness"
    y = "market.leadership_window"
    select = { "market.hazard_speed" = 0.01 }

The results go to ``--out``: ``.csv`` (one row per point) or ``.nc`` (netCDF,
via xarray's scipy engine). ``--workers N`` runs on a local process pool,
``--scheduler ADDRESS`` on a running Dask cluster; ``--plot FILE`` saves the
phase diagram. Exit status 0, 1 if some points failed (they are in the output
with their errors), 2 on a bad configuration.

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser()
>>> add_arguments(p)
>>> p.parse_args(["cfg.toml", "--out", "r.csv", "--workers", "2"]).workers
2
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError

__all__ = ["add_arguments", "run", "load_config"]

_OUT_SUFFIXES = (".csv", ".nc")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``sweep`` command's arguments to ``parser``."""
    parser.add_argument("config", help="TOML file describing model, grid and measure")
    parser.add_argument("--out", required=True, help="output file: .csv or .nc (netCDF)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N", help="run on N local processes")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on the Dask cluster at ADDRESS (needs blitzgame[dask])")
    parser.add_argument("--plot", metavar="FILE", help="save the phase diagram (e.g. .png)")
    parser.add_argument("--checkpoint", metavar="DIR",
                        help="save finished chunks here and resume from them")
    parser.add_argument("--chunksize", type=int, metavar="K", help="grid points per task")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def _axis_values(name: str, spec: Any) -> Any:
    if isinstance(spec, Mapping):
        try:
            start, stop, num = float(spec["start"]), float(spec["stop"]), int(spec["num"])
        except (KeyError, TypeError, ValueError):
            raise InvalidParameterError(
                f"grid entry {name!r} must be a list or {{start, stop, num[, log]}}; "
                f"got {dict(spec)}") from None
        if spec.get("log", False):
            if start <= 0 or stop <= 0:
                raise InvalidParameterError(
                    f"grid entry {name!r}: log spacing needs start, stop > 0")
            return np.geomspace(start, stop, num)
        return np.linspace(start, stop, num)
    if isinstance(spec, list):
        return spec
    raise InvalidParameterError(
        f"grid entry {name!r} must be a list or {{start, stop, num[, log]}}; got {spec!r}")


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a sweep configuration and build ``model``, ``grid`` and the sweep options.

    Returns
    -------
    dict
        ``model``, ``grid`` (a ParameterGrid), ``measure``, ``options`` (keyword
        arguments of :func:`~blitzgame.analysis.sweep.sweep`) and ``plot``.
    """
    from ..analysis.sweep import ParameterGrid
    from ..model import presets as scenarios

    try:
        with open(path, "rb") as fh:
            cfg = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise InvalidParameterError(f"{path}: invalid TOML: {err}") from None
    unknown = sorted(set(cfg) - {"model", "grid", "sweep", "plot"})
    if unknown:
        raise InvalidParameterError(
            f"{path}: unknown sections {unknown}; expected model, grid, sweep, plot")
    mcfg = dict(cfg.get("model", {}))
    name = mcfg.get("scenario", "two_firm_race")
    builders = [n for n in getattr(scenarios, "__all__", ()) if n[0].islower()]
    builder = getattr(scenarios, name, None) if name in builders else None
    if builder is None:
        raise InvalidParameterError(
            f"{path}: [model] scenario must be one of {builders}; got {name!r}")
    model = builder()
    if mcfg.get("params"):
        model = model.with_params(dict(mcfg["params"]))
    gcfg = dict(cfg.get("grid", {}))
    zipped = gcfg.pop("zip", {})
    if not gcfg and not zipped:
        raise InvalidParameterError(f"{path}: [grid] must name at least one parameter")
    grid = ParameterGrid({k: _axis_values(k, v) for k, v in gcfg.items()})
    for zname, params in zipped.items():
        grid = grid * ParameterGrid.zip(
            {k: _axis_values(k, v) for k, v in params.items()}, name=zname)
    scfg = dict(cfg.get("sweep", {}))
    measure = scfg.pop("measure", "verdict")
    options = {"measure_options": scfg.pop("measure_options", None)}
    for key in ("rng", "chunksize", "on_error"):
        if key in scfg:
            options[key] = scfg.pop(key)
    if scfg:
        raise InvalidParameterError(
            f"{path}: unknown [sweep] keys {sorted(scfg)}; expected measure, measure_options, "
            f"rng, chunksize, on_error")
    return {"model": model, "grid": grid, "measure": measure, "options": options,
            "plot": dict(cfg.get("plot", {}))}


def _write(result: Any, out: Path) -> None:
    if out.suffix == ".csv":
        result.to_frame().to_csv(out, index=False)
    else:
        result.to_xarray().to_netcdf(out, engine="scipy")


def _plot(result: Any, path: str, spec: Mapping[str, Any]) -> None:
    from matplotlib.figure import Figure

    from ..plotting import plot_regions

    dims = [p for p in result.grid.parameters]
    x = spec.get("x", dims[0])
    y = spec.get("y", dims[1] if len(dims) > 1 else None)
    if y is None:
        raise InvalidParameterError("--plot needs a grid of at least two parameters")
    select = dict(spec.get("select", {}))
    for p in result.grid.parameters:  # unspecified other parameters: their first value
        if p not in (x, y) and p not in select and result.grid.axis_of(p) not in (
                result.grid.axis_of(x), result.grid.axis_of(y)):
            select[p] = result.grid.values(p)[0].item()
    fig = Figure(figsize=(6, 4.5), layout="constrained")
    ax = fig.subplots()
    plot_regions(result, x=x, y=y, select=select, ax=ax)
    if select:
        ax.set_title(", ".join(f"{k} = {v:g}" for k, v in select.items()), fontsize="small")
    fig.savefig(path)


def run(args: argparse.Namespace) -> int:
    """Run ``blitzgame sweep`` with parsed arguments; return the exit status."""
    from ..analysis.sweep import sweep

    out = Path(args.out)
    if out.suffix not in _OUT_SUFFIXES:
        raise InvalidParameterError(f"--out must end in .csv or .nc; got {args.out!r}")
    cfg = load_config(args.config)
    options = dict(cfg["options"])
    if args.chunksize is not None:
        options["chunksize"] = args.chunksize
    common = dict(progress=not args.no_progress, checkpoint=args.checkpoint, **options)
    if args.scheduler:
        from .._optional import import_optional

        distributed = import_optional("distributed")
        with distributed.Client(args.scheduler) as client:
            result = sweep(cfg["model"], cfg["grid"], cfg["measure"],
                           executor=client.get_executor(), **common)
    else:
        result = sweep(cfg["model"], cfg["grid"], cfg["measure"], n_workers=args.workers,
                       **common)
    _write(result, out)
    if args.plot:
        _plot(result, args.plot, cfg["plot"])
    failed = result.n_failed
    print(f"swept {len(result)} points of {cfg['measure']!r} in {result.stats['seconds']:.2f} s"
          f" ({failed} failed) -> {out}" + (f", plot -> {args.plot}" if args.plot else ""),
          file=sys.stdout)
    return 1 if failed else 0
