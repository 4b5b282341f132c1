"""How games and results look: plain text, HTML and LaTeX (one place for number formats).

IPython finds ``_repr_html_`` / ``_repr_latex_`` by duck typing; the classes
delegate here, so the library never imports IPython. HTML uses inline styles,
escapes every label and truncates large games; LaTeX entries are rendered by
``sympy.latex`` and is skipped (``None``) for large games.
"""

from __future__ import annotations

import html
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .games.normal_form import NormalFormGame

#: Largest number of actions per player shown in HTML/LaTeX tables.
MAX_TABLE = 20
_CELL = "style='border:1px solid #bbb;padding:2px 6px;text-align:center'"


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
