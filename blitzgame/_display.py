"""How games and results look: plain text, HTML and LaTeX (one place for number formats).

IPython finds ``_repr_html_`` / ``_repr_latex_`` by duck typing; the classes
delegate here, so the library never imports IPython. HTML uses inline styles,
escapes every label and truncates large games; LaTeX entries are rendered by
``sympy.latex`` and is skipped (``None``) for large games.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .games.normal_form import NormalFormGame

#: Largest number of actions per player shown in HTML/LaTeX tables.
MAX_TABLE = 20
_CELL = "style='border:1px solid #bbb;padding:2px 6px;text-align:center'"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun in the right number: ``"1 equilibrium"``, ``"3 equilibria"``.

    ``plural_form`` defaults to ``singular + "s"``.

    Examples
    --------
    >>> plural(1, "equilibrium", "equilibria"), plural(0, "equilibrium", "equilibria")
    ('1 equilibrium', '0 equilibria')
    >>> plural(2, "point")
    '2 points'
    """
    return f"{n} {singular if n == 1 else (plural_form or singular + 's')}"


def equilibria(n: int, kind: str = "") -> str:
    """``"1 equilibrium"``, ``"2 pure equilibria"``: :func:`plural` for the common case.

    Examples
    --------
    >>> equilibria(1), equilibria(2, "pure")
    ('1 equilibrium', '2 pure equilibria')
    """
    prefix = f"{kind} " if kind else ""
    return plural(n, prefix + "equilibrium", prefix + "equilibria")


def number(value: Any) -> str:
    """A number as it was given: the shortest text that reads back as the same value.

    Fractions as ``p/q``; ints as ints; floats in their shortest round-trip form
    (:func:`repr`), without a trailing ``.0`` when they are whole (``8.0`` -> ``8``).
    Use it for parameter values a user typed or a grid holds, never for
    computed results (see :func:`fmt`).

    Examples
    --------
    >>> number(8.0), number(1.4), number(0.1 + 0.2), number(1e-7), number(3e20)
    ('8', '1.4', '0.30000000000000004', '1e-07', '3e+20')
    """
    from numbers import Integral

    if isinstance(value, (Fraction, Integral)):
        return str(value)
    v = float(value)
    if v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    return repr(v)


def text_table(columns: Sequence[str], rows: Sequence[Sequence[str]], *,
               align: str | None = None) -> str:
    """A plain-text table: a header and one line per row, columns padded to their widths.

    The shared formatter of the command line (``blitzgame solve``, ``blitzgame
    report``), built on `tabulate <https://pypi.org/project/tabulate/>`_ (a small
    core dependency, so the core commands print tables without pandas). Cells are
    taken as text (no number parsing); no line ends in spaces.

    Parameters
    ----------
    columns : sequence of str
        The column headings.
    rows : sequence of sequences of str
        The cells, already formatted.
    align : str, optional
        One character per column, ``"<"`` (left, the default) or ``">"`` (right).

    Examples
    --------
    >>> print(text_table(["r", "verdict"], [["0.5", "blitz"], ["8", "defend"]], align="><"))
      r  verdict
    0.5  blitz
      8  defend
    """
    from tabulate import tabulate

    k = len(columns)
    align = align or "<" * k
    if len(align) != k or any(len(r) != k for r in rows):
        raise ValueError(f"text_table: every row and align need {k} entries (one per column)")
    colalign = tuple("right" if a == ">" else "left" for a in align)
    # the headings as the first row: tabulate pads declared headers by two extra spaces
    text = tabulate([list(map(str, columns)), *(list(map(str, r)) for r in rows)],
                    tablefmt="plain", colalign=colalign, disable_numparse=True)
    return "\n".join(line.rstrip() for line in text.splitlines())


def fmt(value: Any, digits: int = 6) -> str:
    """A number as text: a Fraction exactly (``3/5``), a float to ``digits`` significant digits."""
    if isinstance(value, Fraction):
        return str(value)
    return f"{float(value):.{digits}g}"


def latex_number(value: Any, digits: int = 6) -> str:
    """A number in LaTeX: Fractions through ``sympy.latex`` (``\\frac{3}{5}``), floats rounded."""
    if isinstance(value, Fraction):
        import sympy

        return str(sympy.latex(sympy.Rational(value.numerator, value.denominator)))
    return f"{float(value):.{digits}g}"


def game_text(game: NormalFormGame) -> str:
    """A bimatrix table for two players, else one line per pure profile (at most 200)."""
    u = game.payoff_array
    head = repr(game)
    if game.num_players == 2:
        m, n = game.shape
        rows = [[", ".join(fmt(x) for x in u[i, j]) for j in range(n)] for i in range(m)]
        cols = list(game.actions[1])
        width = max([len(c) for c in cols] + [len(c) for r in rows for c in r])
        lw = max(len(a) for a in game.actions[0])
        lines = [head, " " * lw + " | " + " | ".join(c.rjust(width) for c in cols)]
        for a, r in zip(game.actions[0], rows, strict=True):
            lines.append(a.rjust(lw) + " | " + " | ".join(c.rjust(width) for c in r))
        return "\n".join(lines)
    lines = [head]
    for prof in game.pure_profiles():
        labs = ", ".join(game.actions[i][a] for i, a in enumerate(prof))
        lines.append(f"({labs}): " + ", ".join(fmt(x) for x in u[prof]))
        if len(lines) > 200:
            lines.append("...")
            break
    return "\n".join(lines)


def game_html(game: NormalFormGame) -> str:
    """An HTML bimatrix table (cells "u0, u1"), truncated beyond ``MAX_TABLE`` actions."""
    esc = html.escape
    head = f"<p><b>{esc(repr(game))}</b></p>"
    if game.num_players != 2:
        return head + f"<pre>{esc(game_text(game))}</pre>"
    u = game.payoff_array
    m, n = game.shape
    mm, nn = min(m, MAX_TABLE), min(n, MAX_TABLE)
    out = [head, "<table style='border-collapse:collapse'>",
           f"<tr><th {_CELL}>{esc(game.players[0])} \\ {esc(game.players[1])}</th>"]
    out += [f"<th {_CELL}>{esc(a)}</th>" for a in game.actions[1][:nn]]
    out.append("</tr>")
    for i in range(mm):
        out.append(f"<tr><th {_CELL}>{esc(game.actions[0][i])}</th>")
        for j in range(nn):
            out.append(f"<td {_CELL}>{esc(', '.join(fmt(x) for x in u[i, j]))}</td>")
        out.append("</tr>")
    out.append("</table>")
    if (m, n) != (mm, nn):
        out.append(f"<p>(showing {mm}&times;{nn} of {m}&times;{n})</p>")
    return "".join(out)


def game_latex(game: NormalFormGame) -> str | None:
    """A LaTeX ``array`` of a two-player game; ``None`` for other or large games."""
    if game.num_players != 2 or max(game.shape) > MAX_TABLE:
        return None

    def txt(s: str) -> str:
        return "\\text{" + s.replace("\\", "").replace("{", "").replace("}", "") + "}"

    u = game.payoff_array
    m, n = game.shape
    cols = " & ".join(txt(a) for a in game.actions[1])
    rows = [
        txt(game.actions[0][i]) + " & "
        + " & ".join(f"{latex_number(u[i, j, 0])}, {latex_number(u[i, j, 1])}" for j in range(n))
        for i in range(m)
    ]
    body = " \\\\ ".join(rows)
    return f"$\\begin{{array}}{{c|{'c' * n}}} & {cols} \\\\ \\hline {body} \\end{{array}}$"
