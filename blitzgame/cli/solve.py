"""``blitzgame solve`` and ``blitzgame convert``: game files in, equilibria or files out."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from ..exceptions import GameFormatError

__all__ = ["add_arguments", "run", "add_convert_arguments", "run_convert", "example_path",
           "list_examples"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``blitzgame solve``."""
    p.add_argument("file", nargs="?", help="game file, Gambit .nfg or blitzgame .json")
    p.add_argument("--example", metavar="NAME", help="solve a built-in example game instead")
    p.add_argument("--list-examples", action="store_true", help="list the built-in examples")
    p.add_argument("--method", default="auto", help="solver method (default: auto)")
    p.add_argument("--float", action="store_true", help="solve in floating point")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help="output format (default: table)")


def add_convert_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``blitzgame convert``."""
    p.add_argument("input", help="input file (.nfg or .json)")
    p.add_argument("output", help="output file (.nfg or .json)")


def list_examples() -> list[str]:
    """Names of the example games shipped with blitzgame (``--example NAME``).

    Examples
    --------
    >>> "chicken" in list_examples()
    True
    """
    root = resources.files("blitzgame") / "data" / "examples"
    return sorted(p.name[:-4] for p in root.iterdir() if p.name.endswith(".nfg"))


def example_path(name: str) -> Any:
    """The resource path of a built-in example game (see :func:`list_examples`).

    Examples
    --------
    >>> example_path("chicken").name
    'chicken.nfg'
    """
    names = list_examples()
    if name not in names:
        raise GameFormatError(f"unknown example {name!r}; available: {', '.join(names)}")
    return resources.files("blitzgame") / "data" / "examples" / f"{name}.nfg"


def _load(path: str | None, example: str | None) -> tuple[Any, str]:
    """Read the game and its title from a file or a built-in example."""
    from ..io.game_file import read_game

    if example is not None:
        return read_game(example_path(example).read_text(encoding="utf-8"))
    if path is None:
        raise GameFormatError("give a game file (FILE.nfg or FILE.json) or --example NAME")
    return read_game(Path(path))


def _fmt(v: Any) -> str:
    from fractions import Fraction

    return str(v) if isinstance(v, Fraction) else f"{float(v):.6g}"


def _table(res: Any, title: str) -> str:
    """The ``--format table`` output: header, title, one row per (equilibrium, player).

    The header is the result's own first line (method, count, exactness,
    completeness, status); each row lists the actions played with their
    probabilities and the payoff.
    """
    from .._display import text_table

    g = res.game
    lines = [res._header()]
    if title:
        lines.append(title.splitlines()[0])
    if res.message:
        lines.append(res.message)
    rows = []
    for k, eq in enumerate(res.equilibria):
        for i, s in enumerate(eq.strategies):
            strat = " ".join(f"{g.actions[i][a]}={_fmt(s[a])}" for a in range(len(s)) if s[a] != 0)
            rows.append([str(k), g.players[i], strat, _fmt(eq.payoffs[i])])
    if rows:
        lines.append(text_table(["eq", "player", "strategy", "payoff"], rows, align="><<<"))
    return "\n".join(lines)


def _csv(res: Any) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["equilibrium", "player", "action", "probability", "payoff"])
    g = res.game
    for k, eq in enumerate(res.equilibria):
        for i, s in enumerate(eq.strategies):
            for a, p in enumerate(s):
                w.writerow([k, g.players[i], g.actions[i][a], str(p) if res.exact else repr(
                    float(p)), str(eq.payoffs[i]) if res.exact else repr(float(eq.payoffs[i]))])
    return buf.getvalue().rstrip("\n")


def run(args: argparse.Namespace) -> int:
    from ..solvers import solve

    if args.list_examples:
        print("\n".join(list_examples()))
        return 0
    game, title = _load(args.file, args.example)
    if args.float:
        game = game.to_float()
    try:
        res = solve(game, method=args.method)
    except ModuleNotFoundError as err:
        if (err.name or "").startswith("blitzgame"):
            print(f"blitzgame: error: method {args.method!r} is not available in this "
                  f"installation ({err})", file=sys.stderr)
            return 1
        raise
    if args.format == "json":
        from ..io.json import result_to_dict

        print(json.dumps(result_to_dict(res), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(_csv(res))
    else:
        print(_table(res, title))
    return 0 if res.success else 1


def run_convert(args: argparse.Namespace) -> int:
    from ..io.json import write_json
    from ..io.nfg import write_nfg

    game, title = _load(args.input, None)
    out = args.output
    if out.lower().endswith(".json"):
        write_json(game, out, title=title, indent=1)
    elif out.lower().endswith(".nfg"):
        write_nfg(game, out, title=title)
    else:
        raise GameFormatError(f"cannot tell the output format of {out!r}; use .nfg or .json")
    return 0
