"""The ``blitzgame`` command line.

Subcommands
-----------
``blitzgame solve FILE [--method M] [--float] [--format table|json|csv]``
    Solve a game read from a Gambit ``.nfg`` or a blitzgame ``.json`` file (or
    a built-in example with ``--example NAME``; ``--list-examples`` lists them)
    and print its equilibria.
``blitzgame convert IN OUT``
    Convert between ``.nfg`` and ``.json`` (chosen by the file extensions).
``blitzgame report ...``
    Analyse the built-in race model (or a model file): see :mod:`blitzgame.cli.report`.
``blitzgame sweep CONFIG.toml ...``
    Sweep a model over a parameter grid: see :mod:`blitzgame.cli.sweep`.

Each subcommand lives in its own module of this package, which defines
``add_arguments(parser)`` and ``run(args) -> int``.

Exit status: 0 on success, 1 when the solver reports failure
(``success=False``), 2 on bad input (unreadable file, unknown method, a method
that does not apply); errors print one line on stderr, never a traceback.

Examples
--------
>>> from blitzgame.cli import main
>>> main(["solve", "--example", "prisoners_dilemma", "--method", "pure"])  # doctest: +ELLIPSIS
pure: 1 equilibrium (exact, complete), status=ok
Prisoner's dilemma: restraint vs blitz...
eq  player  strategy  payoff
 0  firm_a  blitz=1   1
 0  firm_b  blitz=1   1
0
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..exceptions import BlitzgameError, SolverError
from . import report, solve, sweep

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``blitzgame`` command."""
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="blitzgame",
        description="Game theory of the race for compute: solve, convert, report, sweep.",
    )
    parser.add_argument("--version", action="version", version=f"blitzgame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    commands = (
        ("solve", "print the equilibria of a game file (.nfg or .json)",
         solve.add_arguments, solve.run),
        ("convert", "convert a game between .nfg and .json",
         solve.add_convert_arguments, solve.run_convert),
        ("report", "analyze the race model: dominance, equilibria, who wins",
         report.add_arguments, report.run),
        ("sweep", "sweep a race model over a parameter grid", sweep.add_arguments, sweep.run),
    )
    for name, help_text, add_arguments, run in commands:
        p = sub.add_parser(name, help=help_text)
        add_arguments(p)
        p.set_defaults(func=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``blitzgame`` command; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 on solver failure, 2 on bad input.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        # point stdout at devnull so the interpreter's final flush does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except SolverError as err:
        print(f"blitzgame: solver failure: {err}", file=sys.stderr)
        return 1
    except (BlitzgameError, OSError, UnicodeDecodeError) as err:
        where = ""
        if isinstance(err, OSError) and err.filename is not None:
            where = f"{os.fspath(err.filename)}: "
            err = err.strerror or err  # type: ignore[assignment]
        print(f"blitzgame: error: {where}{err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
