"""``blitzgame sweep CONFIG.toml --out results.csv``: a sweep described in TOML.

The config names the model (a built-in one, or a model file of one's own),
the grid, the measure and the plot; its format, its checks and the shipped
examples are in :mod:`blitzgame.cli.sweep_config`. To sweep your own model,
write a config next to it::

    [model]
    file = "my_model.toml"              # relative to this config (format: bg.read_model)
    [grid]
    "market.sharpness" = { start = 0.25, stop = 8.0, num = 12, log = true }
    "market.niche_size" = [0.05, 0.1, 0.2]

and run ``blitzgame sweep my_sweep.toml --out results.csv --plot phases.png``.

Everything is checked before the sweep starts: the whole config
(:func:`~blitzgame.cli.sweep_config.load_config`), that ``--out``, ``--plot``
and ``--checkpoint`` can be written (the folder exists, the suffix is known,
the optional packages they need are installed), and that the variable
``--plot`` draws is one the measure produces.

The results go to ``--out``: ``.csv`` (one row per point) or ``.nc`` (netCDF,
via xarray's scipy engine). ``--workers N`` runs on a local process pool,
``--scheduler ADDRESS`` on a running Dask cluster; ``--plot FILE`` saves the
phase diagram (or a heat map, for a numeric ``[plot] var``). Exit status 0, 1
if some points failed (they are in the output with their errors), 2 on a bad
configuration.

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
import os
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..exceptions import InvalidParameterError
from ..model.schema import Where, unknown_name
from .sweep_config import (
    MAX_AXIS_POINTS,
    MAX_GRID_POINTS,
    example_config,
    example_configs,
    load_config,
)

__all__ = ["add_arguments", "run", "load_config", "example_configs", "example_config",
           "MAX_AXIS_POINTS", "MAX_GRID_POINTS"]

_OUT_SUFFIXES = (".csv", ".nc")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``sweep`` command's arguments to ``parser``."""
    parser.description = textwrap.fill(
        "Sweep a race model over a parameter grid. CONFIG.toml names the model ([model] "
        "file = \"my_model.toml\" or scenario = \"two_firm_race\"), the grid ([grid]), the "
        "measure ([sweep]) and the plot ([plot]); the format is in `python -m pydoc "
        "blitzgame.cli.sweep_config`. The whole config is checked before the sweep starts.", 79)
    lines = []
    for name, about in example_configs().items():
        lines += [f"  {example_config(name)}", f"      {about}"]
    parser.epilog = "\n".join([
        "example configs (copy one and edit it):", *lines, "",
        f"limits: at most {MAX_AXIS_POINTS:,} values per axis, {MAX_GRID_POINTS:,} points in all",
        "exit status: 0 ok, 1 some points failed (they are in --out with their errors),",
        "2 bad configuration"])
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
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


def _need(module: str, why: str) -> None:
    from .._optional import import_optional

    try:
        import_optional(module)
    except ImportError as err:
        raise InvalidParameterError(f"{why}: {err}") from None


def _writable_file(option: str, value: str) -> Path:
    p = Path(value).expanduser()
    if p.is_dir():
        raise InvalidParameterError(f"{option} {value!r} is a folder; expected a file name")
    folder = p.parent
    if not folder.is_dir():
        raise InvalidParameterError(
            f"{option} {value!r}: the folder {str(folder)!r} does not exist; create it first")
    if not os.access(folder, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise InvalidParameterError(f"{option} {value!r}: cannot write there (permission denied)")
    return p


def _writable_folder(option: str, value: str) -> None:
    p = Path(value).expanduser()
    if p.exists() and not p.is_dir():
        raise InvalidParameterError(f"{option} {value!r} is a file; expected a folder")
    existing = next(a for a in (p, *p.parents) if a.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK):
        raise InvalidParameterError(f"{option} {value!r}: cannot write there (permission denied)")


def _check_outputs(args: argparse.Namespace) -> Path:
    out = Path(args.out)
    if out.suffix not in _OUT_SUFFIXES:
        raise InvalidParameterError(f"--out must end in .csv or .nc; got {args.out!r}")
    out = _writable_file("--out", args.out)
    _need("pandas" if out.suffix == ".csv" else "xarray", f"--out {args.out!r}")
    if args.plot:
        _need("matplotlib", "--plot")
        _need("xarray", "--plot")
        from matplotlib.backend_bases import FigureCanvasBase

        kinds = FigureCanvasBase.get_supported_filetypes()
        if Path(args.plot).suffix.lstrip(".").lower() not in kinds:
            raise InvalidParameterError(
                f"--plot must end in one of {', '.join('.' + k for k in sorted(kinds))}; "
                f"got {args.plot!r}")
        _writable_file("--plot", args.plot)
    if args.checkpoint:
        _writable_folder("--checkpoint", args.checkpoint)
    for option, value in (("--workers", args.workers), ("--chunksize", args.chunksize)):
        if value is not None and value < 1:
            raise InvalidParameterError(f"{option} must be at least 1; got {value}")
    if args.scheduler:
        _need("distributed", "--scheduler")
    return out


def _probe(cfg: Mapping[str, Any]) -> dict[str, Any] | None:
    """The measure at the grid's first point (else the base model): what it produces."""
    from ..analysis.measures import get_measure

    meas = get_measure(cfg["measure"], **dict(cfg["options"]["measure_options"] or {}))
    model = cfg["model"]
    for at_first_point in (True, False):
        try:
            m = model.with_params(cfg["grid"].point(0)) if at_first_point else model
            return dict(meas.point(m, m.to_game()))
        except Exception:  # an invalid point: the sweep records it; try the next
            continue
    return None


def _check_plot(cfg: dict[str, Any], source: str) -> None:
    spec = cfg["plot"]
    where = Where(source) / "plot"
    if spec["y"] is None:
        where.fail("--plot needs a grid of at least two axes (a phase diagram over x and y); "
                   f"this grid has one: {cfg['grid'].dims[0]!r}", table=True)
    produced = _probe(cfg)
    spec["heatmap"] = False
    if produced is None:
        return
    var = spec["var"]
    if var not in produced:
        names = sorted(k for k in produced if not k.startswith("_"))
        (where / "var").fail(f"measure {cfg['measure']!r} does not produce {var!r}; "
                             + unknown_name("variable", var, names).partition("; ")[2])
    value = produced[var]
    spec["heatmap"] = isinstance(value, (int, float, np.number)) and not isinstance(
        value, (bool, np.bool_))


def _write(result: Any, out: Path) -> None:
    if out.suffix == ".csv":
        result.to_frame().to_csv(out, index=False)
    else:
        result.to_xarray().to_netcdf(out, engine="scipy")


def _plot(result: Any, path: str, spec: Mapping[str, Any]) -> None:
    from matplotlib.figure import Figure

    from .._display import number
    from ..model.labels import parameter_label
    from ..plotting import plot_heatmap, plot_regions

    x, y = spec["x"], spec["y"]
    select = dict(spec["select"])
    grid = result.grid
    for p in grid.parameters:  # unspecified other parameters: their first value
        if p not in (x, y) and p not in select and grid.axis_of(p) not in (
                grid.axis_of(x), grid.axis_of(y)):
            select[p] = grid.values(p)[0].item()
    fig = Figure(figsize=(8.5, 4.5), layout="constrained")
    ax = fig.subplots()
    if spec.get("heatmap"):
        plot_heatmap(result, x=x, y=y, var=spec["var"], select=select, ax=ax)
    else:
        plot_regions(result, x=x, y=y, var=spec["var"], select=select, ax=ax)
    title = f"{spec['var']} at each grid point (measure {result.measure!r})"
    title = title[:1].upper() + title[1:]
    if select:
        title += "\n" + ", ".join(
            f"{parameter_label(k)} = {number(v) if isinstance(v, (int, float)) else v}"
            for k, v in select.items())
    ax.set_title(title.replace("$", r"\$"), fontsize="medium")
    fig.savefig(path, dpi=120)


def run(args: argparse.Namespace) -> int:
    """Run ``blitzgame sweep`` with parsed arguments; return the exit status.

    Every check -- the outputs, the whole config, the plot -- comes before the sweep.
    """
    from ..analysis.sweep import sweep

    out = _check_outputs(args)
    cfg = load_config(args.config)
    if args.plot:
        _check_plot(cfg, str(args.config))
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
    from .._display import plural

    print(f"swept {plural(len(result), 'point')} of {cfg['measure']!r} in "
          f"{result.stats['seconds']:.2f} s"
          f" ({failed} failed) -> {out}" + (f", plot -> {args.plot}" if args.plot else ""),
          file=sys.stdout)
    return 1 if failed else 0
