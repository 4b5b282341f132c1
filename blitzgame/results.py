"""Frozen result objects returned by blitzgame's solvers.

Results are immutable dataclasses that record what was computed *and how*:
the method, its options, whether the arithmetic was exact, whether the method
guarantees completeness, a :class:`Status`, a message, statistics, the warnings
raised while computing (so they survive process pools and Dask workers) and the
blitzgame version.

Examples
--------
>>> import blitzgame as bg
>>> res = bg.solve(bg.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]))
>>> res.status, len(res)
(<Status.OK: 'ok'>, 1)
>>> [str(p) for p in res[0].strategies[0]]
['1/2', '1/2']
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ._display import fmt, latex_number, plural

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .games.normal_form import NormalFormGame

__all__ = ["Status", "Equilibrium", "EquilibriumResult", "DominanceResult", "version",
           "compact_repr"]


def version() -> str:
    """The installed blitzgame version (for provenance)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _v

    try:
        return _v("blitzgame")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def _short(value: Any) -> str:
    """A short text for one field in a one-line repr."""
    if isinstance(value, StrEnum):
        return repr(value.value)
    if isinstance(value, np.ndarray):
        return f"<array {value.shape}>"
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, Mapping):
        return f"<{len(value)} entries>" if len(value) > 3 else repr(dict(value))
    if isinstance(value, (tuple, list)):
        if len(value) <= 4 and all(isinstance(v, (int, float, str, Fraction, type(None)))
                                   for v in value):
            inner = ", ".join(_short(v) for v in value)
            return f"({inner},)" if len(value) == 1 else f"({inner})"
        return f"<{len(value)} items>"
    text = repr(value)
    return text if len(text) <= 80 else f"<{type(value).__name__}>"


def compact_repr(obj: Any) -> str:
    """One-line repr of a result dataclass: scalars shown, arrays and long sequences summarized.

    Results keep their full data in attributes; the repr only has to identify them
    (STYLE: never a whole payoff table in a repr).
    """
    from dataclasses import fields

    parts = [f"{f.name}={_short(getattr(obj, f.name))}" for f in fields(obj) if f.repr]
    return f"{type(obj).__name__}({', '.join(parts)})"


class Status(StrEnum):
    """Outcome of a computation: no magic integers."""

    OK = "ok"
    DEGENERATE = "degenerate"
    MAX_ITER = "max_iter"
    FAILED = "failed"


def _fmt(v: Any, digits: int = 4) -> str:
    return fmt(v, digits)


@dataclass(frozen=True, slots=True, kw_only=True)
class Equilibrium:
    """One equilibrium (or candidate) profile with its payoffs and verified regret.

    Attributes
    ----------
    strategies : tuple of ndarray
        One probability vector per player; ``object`` arrays of Fractions when
        exact, ``float64`` otherwise.
    payoffs : tuple
        Expected payoff of each player.
    max_regret : Fraction or float
        Largest gain any player could get by deviating; exactly 0 when exact.
    exact : bool
        Whether strategies and payoffs are exact Fractions.
    """

    strategies: tuple[NDArray[Any], ...]
    payoffs: tuple[Any, ...]
    max_regret: Any
    exact: bool

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the actions each player plays with positive probability."""
        return tuple(tuple(int(k) for k in np.flatnonzero(np.asarray(s) != 0))
                     for s in self.strategies)

    @property
    def is_pure(self) -> bool:
        """True if every player plays a single action."""
        return all(len(s) == 1 for s in self.support)

    @property
    def pure_profile(self) -> tuple[int, ...] | None:
        """The action index of each player if the equilibrium is pure, else ``None``."""
        if not self.is_pure:
            return None
        return tuple(s[0] for s in self.support)

    def to_float(self) -> Equilibrium:
        """This equilibrium with float64 strategies and float payoffs."""
        return Equilibrium(
            strategies=tuple(np.asarray(s, dtype=np.float64) for s in self.strategies),
            payoffs=tuple(float(p) for p in self.payoffs),
            max_regret=float(self.max_regret),
            exact=False,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Equilibrium):
            return NotImplemented
        return (self.exact == other.exact and len(self.strategies) == len(other.strategies)
                and all(np.array_equal(a, b) for a, b in zip(self.strategies, other.strategies,
                                                            strict=True)))

    def __hash__(self) -> int:
        return hash(tuple(tuple(s.tolist()) for s in self.strategies))

    def __repr__(self) -> str:
        strat = "; ".join("(" + ", ".join(_fmt(p) for p in s) + ")" for s in self.strategies)
        pay = ", ".join(_fmt(p) for p in self.payoffs)
        return f"Equilibrium([{strat}], payoffs=({pay}), max_regret={_fmt(self.max_regret, 3)})"


@dataclass(frozen=True, slots=True, kw_only=True)
class EquilibriumResult:
    """The equilibria a method found for a game, with status and provenance.

    ``len(res)``, iteration and indexing go over the :class:`Equilibrium` objects.

    Attributes
    ----------
    game : NormalFormGame
        The game that was solved.
    method : str
        The solver's name (the ``method=`` string).
    exact : bool
        True if the equilibria are exact Fractions verified with zero regret.
    equilibria : tuple of Equilibrium
        The equilibria found, each verified before it was returned.
    complete : bool
        True if the method guarantees the list holds every equilibrium (for
        vertex enumeration: every extreme equilibrium) of this game.
    success : bool
        False on numerical trouble (no convergence, an unverifiable candidate).
    status : Status
    message : str
    stats : Mapping
        Counters such as supports tried, pivots, seconds.
    parameters : Mapping
        The options the method ran with.
    warnings : tuple of str
        Warnings raised during the computation.
    version : str
        blitzgame version that produced the result.
    """

    game: NormalFormGame = field(repr=False)
    method: str
    exact: bool
    equilibria: tuple[Equilibrium, ...]
    complete: bool
    success: bool = True
    status: Status = Status.OK
    message: str = ""
    stats: Mapping[str, int | float] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    version: str = field(default_factory=version)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> Equilibrium:
        return self.equilibria[k]

    def pure(self) -> tuple[Equilibrium, ...]:
        """The pure equilibria among those found."""
        return tuple(e for e in self.equilibria if e.is_pure)

    def to_frame(self, exact: bool = False) -> pd.DataFrame:
        """A tidy table: one row per (equilibrium, player, action).

        Columns ``equilibrium, player, action, probability, payoff``; floats by
        default, Fractions with ``exact=True``. Needs pandas (``blitzgame[analysis]``).
        """
        from ._optional import import_optional
        from ._validate import check_bool

        exact = check_bool("exact", exact)
        import_optional("pandas")  # a clear ImportError when it is missing
        import pandas as pd
        rows = []
        g = self.game
        for k, eq in enumerate(self.equilibria):
            for i, s in enumerate(eq.strategies):
                for a, prob in enumerate(s):
                    rows.append({
                        "equilibrium": k,
                        "player": g.players[i],
                        "action": g.actions[i][a],
                        "probability": prob if exact else float(prob),
                        "payoff": eq.payoffs[i] if exact else float(eq.payoffs[i]),
                    })
        cols = ["equilibrium", "player", "action", "probability", "payoff"]
        return pd.DataFrame(rows, columns=cols)

    def _header(self) -> str:
        mode = "exact" if self.exact else "float"
        comp = "complete" if self.complete else "not guaranteed complete"
        return (f"{self.method}: {plural(len(self), 'equilibrium', 'equilibria')} "
                f"({mode}, {comp}), "
                f"status={self.status.value}")

    def __repr__(self) -> str:
        return (f"EquilibriumResult(method={self.method!r}, n={len(self)}, exact={self.exact}, "
                f"complete={self.complete}, status={self.status.value!r})")

    def __str__(self) -> str:
        g = self.game
        lines = [self._header()]
        if self.message:
            lines.append(self.message)
        for k, eq in enumerate(self.equilibria):
            parts = []
            for i, s in enumerate(eq.strategies):
                sup = [f"{g.actions[i][a]}={_fmt(s[a])}" for a in np.flatnonzero(np.asarray(s))]
                parts.append(f"{g.players[i]}: " + " ".join(sup))
            pay = ", ".join(_fmt(p) for p in eq.payoffs)
            lines.append(f"  [{k}] " + " | ".join(parts) + f"  -> payoffs ({pay})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        g = self.game
        cell = "style='border:1px solid #bbb;padding:2px 6px'"
        out = [f"<p><b>{esc(self._header())}</b></p>"]
        if self.message:
            out.append(f"<p>{esc(self.message)}</p>")
        out.append("<table style='border-collapse:collapse'><tr>"
                   f"<th {cell}>#</th><th {cell}>player</th><th {cell}>support (probability)</th>"
                   f"<th {cell}>payoff</th></tr>")
        for k, eq in enumerate(self.equilibria):
            for i, s in enumerate(eq.strategies):
                sup = ", ".join(f"{g.actions[i][a]} ({_fmt(s[a])})"
                                for a in np.flatnonzero(np.asarray(s)))
                out.append(f"<tr><td {cell}>{k}</td><td {cell}>{esc(g.players[i])}</td>"
                           f"<td {cell}>{esc(sup)}</td><td {cell}>{esc(_fmt(eq.payoffs[i]))}</td>"
                           "</tr>")
        out.append("</table>")
        return "".join(out)

    def _repr_latex_(self) -> str | None:
        if len(self) > 20:
            return None
        def lat(v: Any) -> str:
            return latex_number(v, 4)

        rows = []
        for eq in self.equilibria:
            strat = r",\ ".join(r"\left(" + ", ".join(lat(p) for p in s) + r"\right)"
                                for s in eq.strategies)
            rows.append(strat + r" & " + ", ".join(lat(p) for p in eq.payoffs))
        return r"$\begin{array}{l|l} \sigma & u \\ \hline " + r" \\ ".join(rows) + r"\end{array}$"


@dataclass(frozen=True, slots=True, kw_only=True)
class DominanceResult:
    """Whether an action is dominant (or dominated), with a witness for every "no".

    Attributes
    ----------
    player : int
        The player's index.
    action : int
        The action's index.
    kind : {"strict", "weak", "none"}
        The strongest kind of dominance that holds (for :func:`is_dominant`), or
        of being dominated (for :func:`is_dominated`).
    dominated_by : ndarray or None
        For ``is_dominated``: a (possibly mixed) strategy that dominates the
        action. For ``is_dominant``: ``None``.
    witness : tuple of int or None
        When the answer is not "strict": an opponents' pure profile (one index
        per player, the player's own entry being the better action) at which
        the claim fails -- where another action earns strictly more (for
        dominance) or as much (for strict dominance). ``None`` when the
        strongest claim holds.
    better_action : int or None
        The action that beats or ties ``action`` at the witness profile.
    question : {"dominant", "dominated"}
        Which question was asked.
    asked_strict : bool
        Whether the question was about strict (True) or weak (False) dominance.
    exact : bool
    message : str
        The answer in words, starting with "yes:" or "no:".

    Notes
    -----
    ``bool(result)`` answers the question that was asked: with
    ``strict=True`` it is true only for ``kind == "strict"``; with
    ``strict=False`` for ``"strict"`` or ``"weak"``.
    """

    player: int
    action: int
    kind: str
    dominated_by: NDArray[Any] | None = None
    witness: tuple[int, ...] | None = None
    better_action: int | None = None
    question: str = "dominant"
    asked_strict: bool = True
    exact: bool = True
    message: str = ""

    def __bool__(self) -> bool:
        return self.kind == "strict" if self.asked_strict else self.kind != "none"

    @property
    def strict(self) -> bool:
        """True if the dominance is strict."""
        return self.kind == "strict"

    @property
    def weak(self) -> bool:
        """True if the dominance is at least weak (strict counts as weak)."""
        return self.kind in ("strict", "weak")
