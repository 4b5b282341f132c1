"""``blitzgame report``: the verdict on the seed scenario (or a user's model) as a short report.

The report runs :func:`blitzgame.analysis.verdict.analyze` on the model --
dominance of blitzing per firm (with counterexamples), the equilibria, which
defender postures win, the death zone -- and then repeats the analysis along
the winner-take-all sharpness ``market.sharpness`` (all other parameters
fixed) with :func:`blitzgame.sweep` and the ``analyze`` measure, to show where
defenders win. ``--plot FILE.png`` draws that sweep with
:func:`blitzgame.plotting.plot_profile` (needs matplotlib, imported only then);
``--model FILE.toml`` reads the user's own model (format:
:mod:`blitzgame.model.config`).

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser(); add_arguments(p)
>>> run(p.parse_args(["--points", "2"]))  # doctest: +ELLIPSIS
Verdict: RaceModel(players=('Meta', 'Microsoft', 'Google', 'xAI', 'Defender'), ...
0
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np

from .._display import number, plural, text_table
from ..exceptions import BlitzgameError

__all__ = ["add_arguments", "run", "sharpness_sweep", "DEFAULT_SHARPNESS"]

#: Default sharpness values of the report's sweep.
DEFAULT_SHARPNESS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
_SHARPNESS = "market.sharpness"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``report`` options to an argparse parser."""
    parser.description = (
        "Analyze a race model (default: the seed scenario blitzgame.scenarios.gpu_race()): "
        "dominance of blitzing per firm, the equilibria, which defender postures win, the "
        "death zone; then the same along the winner-take-all sharpness r.")
    parser.add_argument("--model", metavar="FILE.toml",
                        help="read the race model from a TOML file (default: the seed "
                             "scenario blitzgame.scenarios.gpu_race())")
    parser.add_argument("--plot", metavar="FILE.png",
                        help="save a figure of equilibrium returns along the sharpness sweep "
                             "(needs matplotlib; the extension picks the format: .png, .pdf, "
                             ".svg, ...)")
    parser.add_argument("--points", type=int, default=len(DEFAULT_SHARPNESS),
                        help="number of sharpness values in the sweep (default %(default)s: "
                             f"{', '.join(number(r) for r in DEFAULT_SHARPNESS)}); other "
                             "counts space the values geometrically from 0.25 to "
                             "--max-sharpness and round them to two significant digits "
                             "(more where two would coincide), keeping both ends as given")
    parser.add_argument("--max-sharpness", type=float, default=8.0,
                        help="largest sharpness in the sweep (default %(default)s)")


def _grid(points: int, top: float) -> tuple[float, ...]:
    """The sweep's sharpness values: the defaults, or a geometric grid with short values.

    Examples
    --------
    >>> _grid(3, 8.0), _grid(5, 10.0)
    ((0.25, 1.4, 8.0), (0.25, 0.63, 1.6, 4.0, 10.0))
    """
    if points == len(DEFAULT_SHARPNESS) and top == 8.0:
        return DEFAULT_SHARPNESS
    if points == 1:
        return (0.25,)
    raw = np.geomspace(0.25, top, points)
    for digits in range(2, 18):  # 17 significant digits tell every two floats apart
        values = [0.25, *(float(f"{x:.{digits}g}") for x in raw[1:-1]), float(top)]
        if all(a < b for a, b in zip(values, values[1:], strict=False)):
            break
    return tuple(values)


def sharpness_sweep(model: Any, values: tuple[float, ...], *, progress: bool = False) -> Any:
    """:func:`blitzgame.sweep` of the ``analyze`` measure along ``market.sharpness``.

    ``progress=True`` shows the sweep's tqdm bar (on a terminal, when tqdm is installed).

    Examples
    --------
    >>> import blitzgame as bg
    >>> res = sharpness_sweep(bg.scenarios.two_firm_race(), (0.5, 8.0))
    >>> res["posture.Defender"].tolist()
    ['Blitz', 'Niche']
    """
    from ..analysis.sweep import sweep

    return sweep(model, {_SHARPNESS: list(values)}, "analyze", progress=progress,
                 on_error="raise")


def _status(message: str) -> None:
    """A line of feedback on stderr while the report computes (terminals only)."""
    if sys.stderr.isatty():
        print(f"blitzgame report: {message}", file=sys.stderr, flush=True)


def _format_sweep(res: Any, firms: list[str]) -> str:
    rs = res.grid.values(_SHARPNESS)
    rows = []
    for k, r in enumerate(rs):
        dom = [f for f in firms if res[f"blitz_dominant.{f}"][k]]
        post = ", ".join(f"{f}={res[f'posture.{f}'][k]}" for f in firms
                         if res[f"posture.{f}"][k])
        rows.append([number(r), ", ".join(dom) or "-",
                     str(res["defender_postures"][k]).replace(",", ", ") or "-",
                     str(res["death_zone"][k]).replace(",", ", ") or "-", post])
    lines = ["Along the winner-take-all sharpness r (market.sharpness; first equilibrium):",
             text_table(["r", "blitz dominant for", "defender wins", "death zone",
                         "equilibrium postures"], rows, align="><<<<")]
    at = [k for k, ok in enumerate(res["defender_wins"]) if ok]
    wins = [float(rs[k]) for k in at]
    if wins:
        # a range only where the winning values are neighbours in the sweep
        where = (f"for r in [{number(min(wins))}, {number(max(wins))}]"
                 if len(at) > 1 and at[-1] - at[0] == len(at) - 1
                 else "at r = " + ", ".join(number(r) for r in wins))
        lines.append(f"Defender postures win {where} ({len(wins)} of "
                     f"{plural(len(rs), 'value')}).")
    else:
        lines.append("No defender posture wins at any sharpness in the sweep.")
    return "\n".join(lines)


def _plot_formats() -> list[str]:
    """The file extensions matplotlib can save (``FigureCanvasBase.get_supported_filetypes``)."""
    from .._optional import import_optional

    import_optional("matplotlib")
    from matplotlib.backend_bases import FigureCanvasBase

    return sorted(FigureCanvasBase.get_supported_filetypes())


def _check_plot_path(path: str) -> None:
    """Refuse a ``--plot`` file matplotlib cannot write, before anything is computed."""
    from pathlib import Path

    kinds = _plot_formats()
    suffix = Path(path).suffix.lstrip(".").lower()
    if suffix not in kinds:
        raise BlitzgameError(
            f"--plot {path!r}: unknown image format {('.' + suffix) if suffix else '(none)'}; "
            f"use one of {', '.join('.' + k for k in kinds)}")
    folder = Path(path).expanduser().parent
    if not folder.is_dir():
        raise BlitzgameError(f"--plot {path!r}: the folder {str(folder)!r} does not exist")


def _plot(res: Any, firms: list[str], path: str) -> None:
    from .._optional import import_optional

    import_optional("matplotlib")
    from matplotlib.figure import Figure

    from ..plotting import plot_profile

    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = plot_profile(res, x=_SHARPNESS, y=[f"return.{f}" for f in firms], labels=firms,
                      shade="defender_wins", ax=fig.add_subplot())
    ax.axhline(0.0, color="grey", lw=0.8)
    ax.set_ylabel("equilibrium return on capital (payoff / capital)")
    ax.set_title("Equilibrium returns along the sharpness r (first equilibrium)")
    fig.savefig(path, dpi=120)


def run(args: argparse.Namespace) -> int:
    """Run the report; return the exit status (0 ok, 1 solver trouble, 2 bad input)."""
    from ..analysis.verdict import analyze

    try:
        if getattr(args, "model", None):
            from ..model.config import read_model

            model = read_model(args.model)
        else:
            from ..model.presets import gpu_race

            model = gpu_race()
        if args.points < 1:
            raise BlitzgameError(f"--points must be at least 1; got {args.points}")
        if not args.max_sharpness > 0.25:
            raise BlitzgameError(f"--max-sharpness must exceed 0.25; got {args.max_sharpness}")
        if getattr(args, "plot", None):
            _check_plot_path(args.plot)
    except (BlitzgameError, OSError, ImportError) as err:
        print(f"blitzgame report: error: {err}", file=sys.stderr)
        return 2
    _status(f"analysing {len(model.firms)} firms' game ...")
    verdict = analyze(model)
    print(verdict)
    print()
    firms = [f.name for f in model.firms]
    values = _grid(args.points, args.max_sharpness)
    _status(f"sweeping market.sharpness over {len(values)} values ...")
    res = sharpness_sweep(model, values, progress=True)
    print(_format_sweep(res, firms))
    if getattr(args, "plot", None):
        _plot(res, firms, args.plot)
        print(f"Figure saved to {args.plot}")
    return 0 if verdict.equilibria.success else 1
