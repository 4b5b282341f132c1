"""``blitzgame report``: the verdict on the seed scenario (or a user's model) as a short report.

The report runs :func:`blitzgame.analysis.verdict.analyze` on the model --
dominance of blitzing per firm (with counterexamples), the equilibria, which
defender postures win, the death zone -- and then repeats the analysis along
the winner-take-all sharpness ``market.sharpness`` (all other parameters
fixed) to show where defenders win. ``--plot FILE.png`` saves a figure of the
equilibrium returns along that sweep (needs matplotlib, imported only then);
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
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import BlitzgameError

__all__ = ["add_arguments", "run", "sharpness_sweep", "SweepRow", "DEFAULT_SHARPNESS"]

#: Default sharpness values of the report's sweep.
DEFAULT_SHARPNESS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


@dataclass(frozen=True)
class SweepRow:
    """The verdict at one sharpness value."""

    sharpness: float
    blitz_dominant: tuple[str, ...]
    postures: dict[str, str]
    returns: dict[str, float]
    defender_wins: tuple[str, ...]
    death_zone: tuple[str, ...]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``report`` options to an argparse parser."""
    parser.add_argument("--model", metavar="FILE.toml",
                        help="read the race model from a TOML file (default: the seed "
                             "scenario blitzgame.scenarios.gpu_race())")
    parser.add_argument("--plot", metavar="FILE.png",
                        help="save a figure of equilibrium returns along the sharpness sweep "
                             "(needs matplotlib)")
    parser.add_argument("--points", type=int, default=len(DEFAULT_SHARPNESS),
                        help="number of sharpness values in the sweep (default %(default)s)")
    parser.add_argument("--max-sharpness", type=float, default=8.0,
                        help="largest sharpness in the sweep (default %(default)s)")


def _grid(points: int, top: float) -> tuple[float, ...]:
    if points == len(DEFAULT_SHARPNESS) and top == 8.0:
        return DEFAULT_SHARPNESS
    return tuple(float(x) for x in np.geomspace(0.25, top, points))


def sharpness_sweep(model: Any, values: tuple[float, ...]) -> list[SweepRow]:
    """Analyze ``model`` at each sharpness value (market.sharpness).

    Examples
    --------
    >>> import blitzgame.scenarios as sc
    >>> rows = sharpness_sweep(sc.two_firm_race(), (0.5, 8.0))
    >>> [r.postures["Defender"] for r in rows]
    ['Blitz', 'Niche']
    """
    from .verdict import analyze

    rows = []
    for r in values:
        v = analyze(model.with_params({"market.sharpness": r}))
        post: dict[str, str] = {}
        rets: dict[str, float] = {}
        if len(v.equilibria):
            eq = v.equilibria[0]
            for name, probs in v.equilibrium_postures(0).items():
                post[name] = " + ".join(a if p > 1 - 1e-9 else f"{a} {p:.2f}"
                                        for a, p in probs.items())
            for i, f in enumerate(model.firms):
                rets[f.name] = float(eq.payoffs[i]) / max(f.capital, 1e-12)
        dom = tuple(k for k, ok in v.blitz_dominant.items() if ok)
        rows.append(SweepRow(r, dom, post, rets, v.defender_wins, v.death_zone))
    return rows


def _format_sweep(rows: list[SweepRow]) -> str:
    lines = ["Along the winner-take-all sharpness r (market.sharpness; first equilibrium):",
             f"{'r':>6}  {'blitz dominant for':<24}{'defender wins':<28}{'death zone':<14}"
             "equilibrium postures"]
    for row in rows:
        post = ", ".join(f"{k}={v}" for k, v in row.postures.items())
        lines.append(f"{row.sharpness:>6.3g}  {', '.join(row.blitz_dominant) or '-':<24}"
                     f"{', '.join(row.defender_wins) or '-':<28}"
                     f"{', '.join(row.death_zone) or '-':<14}{post}")
    wins = [r.sharpness for r in rows if r.defender_wins]
    if wins:
        lines.append(f"Defender postures win for r in [{min(wins):g}, {max(wins):g}] "
                     f"({len(wins)} of {len(rows)} values).")
    else:
        lines.append("No defender posture wins at any sharpness in the sweep.")
    return "\n".join(lines)


def _plot(rows: list[SweepRow], path: str) -> None:
    from .._optional import import_optional

    import_optional("matplotlib")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.add_subplot()
    rs = [r.sharpness for r in rows]
    firms = list(rows[0].returns) if rows else []
    for f in firms:
        ax.plot(rs, [r.returns.get(f, np.nan) for r in rows], marker="o", label=f)
    for r in rows:
        if r.defender_wins:
            ax.axvspan(r.sharpness * 0.93, r.sharpness * 1.07, color="#009E73", alpha=0.15, lw=0)
    ax.axhline(0.0, color="grey", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("winner-take-all sharpness r (market.sharpness)")
    ax.set_ylabel("equilibrium return on capital (payoff / capital)")
    ax.set_title("Equilibrium returns; shaded: a defender posture wins")
    if firms:
        ax.legend(fontsize="small")
    fig.savefig(path, dpi=120)


def run(args: argparse.Namespace) -> int:
    """Run the report; return the exit status (0 ok, 1 solver trouble, 2 bad input)."""
    from .verdict import analyze

    try:
        if getattr(args, "model", None):
            from ..model.config import read_model

            model = read_model(args.model)
        else:
            from ..scenarios import gpu_race

            model = gpu_race()
        if args.points < 1:
            raise BlitzgameError(f"--points must be at least 1; got {args.points}")
        if not args.max_sharpness > 0.25:
            raise BlitzgameError(f"--max-sharpness must exceed 0.25; got {args.max_sharpness}")
    except (BlitzgameError, OSError) as err:
        print(f"blitzgame report: error: {err}", file=sys.stderr)
        return 2
    verdict = analyze(model)
    print(verdict)
    print()
    rows = sharpness_sweep(model, _grid(args.points, args.max_sharpness))
    print(_format_sweep(rows))
    if getattr(args, "plot", None):
        try:
            _plot(rows, args.plot)
        except ImportError as err:
            print(f"blitzgame report: error: {err}", file=sys.stderr)
            return 2
        print(f"Figure saved to {args.plot}")
    return 0 if verdict.equilibria.success else 1
