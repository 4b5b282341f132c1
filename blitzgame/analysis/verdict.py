"""The verdict on a race model: is blitzing dominant, what are the equilibria, who wins.

:func:`analyze` turns a :class:`~blitzgame.model.RaceModel` into its game and answers, with
the verified core solvers:

1. **Dominance** of each firm's blitz posture (the :class:`~blitzgame.model.Blitz`
   posture, else the fastest-and-largest one): strictly dominant, weakly
   dominant, not dominant but surviving iterated elimination of strictly
   dominated postures (pure or mixed dominators), eliminated by it, or
   dominated outright -- with the witness profile for every "no".
2. **Equilibria**: ``blitzgame.solve(game)`` (two players: every extreme
   equilibrium; three or more: every pure equilibrium plus a logit-QRE one),
   with each firm's posture(s) and payoff.
3. **Defender wins**: a defender posture (Niche, Moat, Partner, CustomSilicon,
   WaitForStumble) *wins* in an equilibrium when a firm plays it with positive
   probability and earns a higher return on capital (payoff / capital) than
   every firm that blitzes there (plays its blitz posture with probability at
   least 1/2); when nobody blitzes, it wins if it beats the firm's own return
   from blitzing against the others' equilibrium play.
4. **Death zone**: firms whose installed compute is at least one GPU stage
   below the largest firm's and whose blitz posture earns a negative expected
   payoff against the others' play in every equilibrium found. Nothing about
   it is coded into the model: it emerges from cost vs. share.

Examples
--------
>>> import blitzgame.model.presets as sc
>>> from blitzgame.analysis.verdict import analyze
>>> v = analyze(sc.two_firm_race())
>>> v.blitz_dominance["Blitzer"].kind, v.blitz_dominance["Blitzer"].better
('dominated', 'Steady')
>>> v.defender_wins
('Niche',)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .._validate import check_index
from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..model.postures import Blitz, CustomSilicon, Moat, Niche, Partner, Posture, WaitForStumble
from ..model.race import RaceModel
from ..model.stages import stage_of
from ..results import EquilibriumResult

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..solvers import Method

__all__ = ["FirmVerdict", "Verdict", "analyze", "blitz_index", "DEFENDER_POSTURES"]

DEFENDER_POSTURES: tuple[type[Posture], ...] = (Niche, Moat, Partner, CustomSilicon,
                                                WaitForStumble)
_PROB = 1e-9


def blitz_index(postures: tuple[Posture, ...]) -> int:
    """Index of a firm's blitz posture: the first :class:`Blitz`, else the fastest-largest one.

    Examples
    --------
    >>> from blitzgame.model import Steady, Blitz
    >>> blitz_index((Steady(), Blitz()))
    1
    """
    for k, p in enumerate(postures):
        if isinstance(p, Blitz):
            return k
    key = [(p.speed, p.target if p.target is not None else p.scale) for p in postures]
    return int(max(range(len(postures)), key=lambda k: key[k]))


@dataclass(frozen=True)
class FirmVerdict:
    """Dominance of one firm's blitz posture, with the counterexample when it is not dominant.

    Attributes
    ----------
    firm : str
    posture : str
        The blitz posture's label.
    kind : str
        ``"strictly dominant"``, ``"weakly dominant"``, ``"survives elimination"``,
        ``"eliminated"`` (by iterated strict elimination) or ``"dominated"``.
    witness : dict or None
        Posture of every firm at a profile where ``better`` earns more than blitzing.
    better : str or None
        The posture that does better at the witness profile (or, for
        ``"dominated"``, the dominating pure posture or ``"mixed"``).
    gain : float
        How much more ``better`` earns there ($B); 0 when dominant.
    """

    firm: str
    posture: str
    kind: str
    witness: dict[str, str] | None = None
    better: str | None = None
    gain: float = 0.0

    def __str__(self) -> str:
        s = f"{self.firm}: {self.posture} is {self.kind}"
        if self.witness is not None and self.better is not None:
            others = ", ".join(f"{k}={v}" for k, v in self.witness.items() if k != self.firm)
            s += f" -- {self.better} earns {self.gain:.3g} $B more when {others}"
        return s


@dataclass(frozen=True)
class Verdict:
    """Answer to "is blitzing dominant, and who wins?" for one race model.

    Attributes
    ----------
    model : RaceModel
    game : NormalFormGame
    blitz_dominance : mapping firm -> FirmVerdict
    equilibria : EquilibriumResult
    defender_wins : tuple of str
        Defender postures that win in some equilibrium (empty tuple: none; usable as a bool).
    defender_details : tuple of dict
        One record per win: equilibrium, firm, posture, return on capital, best blitzer's.
    death_zone : tuple of str
        Firms in the death zone.
    death_payoffs : mapping firm -> float
        Each firm's worst payoff ($B) from blitzing against the others' equilibrium play.
    """

    model: RaceModel = field(repr=False)
    game: NormalFormGame = field(repr=False)
    blitz_dominance: Mapping[str, FirmVerdict]
    equilibria: EquilibriumResult
    defender_wins: tuple[str, ...]
    defender_details: tuple[dict[str, Any], ...]
    death_zone: tuple[str, ...]
    death_payoffs: Mapping[str, float]

    @property
    def blitz_dominant(self) -> dict[str, bool]:
        """Firm -> whether blitzing is (at least weakly) dominant."""
        return {k: v.kind in ("strictly dominant", "weakly dominant")
                for k, v in self.blitz_dominance.items()}

    def equilibrium_postures(self, k: int) -> dict[str, dict[str, float]]:
        """Posture probabilities (positive ones) of every firm in equilibrium ``k``."""
        eq = self.equilibria[check_index("k", k, len(self.equilibria))]
        g = self.game
        return {g.players[i]: {g.actions[i][a]: float(s[a]) for a in range(len(s))
                               if float(s[a]) > _PROB}
                for i, s in enumerate(eq.strategies)}

    def to_frame(self) -> pd.DataFrame:
        """One row per (equilibrium, firm): posture(s), payoff, blitz dominance, death zone.

        Needs pandas (``pip install "blitzgame[analysis]"``).
        """
        from .._optional import import_optional

        import_optional("pandas")  # a clear ImportError when it is missing
        import pandas as pd
        rows = []
        for k, eq in enumerate(self.equilibria):
            post = self.equilibrium_postures(k)
            for i, name in enumerate(self.game.players):
                fv = self.blitz_dominance[name]
                rows.append({
                    "equilibrium": k, "firm": name,
                    "posture": " + ".join(f"{a}" if p > 1 - 1e-9 else f"{a} ({p:.3g})"
                                          for a, p in post[name].items()),
                    "payoff": float(eq.payoffs[i]),
                    "blitz_posture": fv.posture, "blitz_dominance": fv.kind,
                    "better_posture": fv.better, "death_zone": name in self.death_zone,
                })
        return pd.DataFrame(rows, columns=["equilibrium", "firm", "posture", "payoff",
                                           "blitz_posture", "blitz_dominance",
                                           "better_posture", "death_zone"])

    def __str__(self) -> str:
        lines = [f"Verdict: {self.model!r}", "Is blitzing dominant?"]
        lines += [f"  {fv}" for fv in self.blitz_dominance.values()]
        eqr = self.equilibria
        comp = "complete" if eqr.complete else "not guaranteed complete"
        lines.append(f"Equilibria ({eqr.method}, {len(eqr)} found, {comp}):")
        for k, eq in enumerate(eqr):
            post = self.equilibrium_postures(k)
            parts = []
            for i, name in enumerate(self.game.players):
                ps = " + ".join(a if p > 1 - 1e-9 else f"{a} {p:.2f}"
                                for a, p in post[name].items())
                parts.append(f"{name}: {ps} ({float(eq.payoffs[i]):.3g})")
            lines.append(f"  [{k}] " + "; ".join(parts))
        if self.defender_wins:
            lines.append("Defender wins: " + ", ".join(
                f"{d['firm']} with {d['posture']} (return {d['return']:.3g} vs blitzers' "
                f"{d['blitz_return']:.3g}, eq. {d['equilibrium']})" for d in self.defender_details))
        else:
            lines.append("Defender wins: no defender posture beats the blitzers in equilibrium")
        if self.death_zone:
            lines.append("Death zone: " + ", ".join(
                f"{f} (blitzing pays {self.death_payoffs[f]:.3g} $B)" for f in self.death_zone))
        else:
            lines.append("Death zone: none")
        if not eqr.success:
            lines.append(f"Warning: {eqr.message}")
        return "\n".join(lines)


def _dominance(game: NormalFormGame, i: int, b: int, elim: Any) -> FirmVerdict:
    from ..solvers.dominance import is_dominant, is_dominated

    name, acts = game.players[i], game.actions[i]
    if len(acts) == 1:
        return FirmVerdict(name, acts[b], "strictly dominant")
    res = is_dominant(game, i, b, strict=True)
    if res.kind == "strict":
        return FirmVerdict(name, acts[b], "strictly dominant")
    wit = better = None
    gain = 0.0
    if res.witness is not None and res.better_action is not None:
        prof = tuple(res.witness)
        better = acts[res.better_action]
        alt = list(prof)
        alt[i] = b
        u = game.float_payoffs
        gain = float(u[prof][i] - u[tuple(alt)][i])
        wit = {game.players[j]: game.actions[j][a] for j, a in enumerate(prof)}
    if res.kind == "weak":
        return FirmVerdict(name, acts[b], "weakly dominant", wit, better, gain)
    dom = is_dominated(game, i, b, strict=True)
    if dom.kind == "strict":
        by = dom.dominated_by
        if by is not None and np.count_nonzero(np.asarray(by, float) > 1e-12) == 1:
            better = acts[int(np.argmax(np.asarray(by, float)))]
        else:
            better = "mixed"
        return FirmVerdict(name, acts[b], "dominated", wit, better, gain)
    kind = "survives elimination" if b in elim.remaining[i] else "eliminated"
    return FirmVerdict(name, acts[b], kind, wit, better, gain)


def _solve(game: NormalFormGame, method: Method | Literal["auto"] | None
           ) -> EquilibriumResult:
    from ..solvers import solve

    if method is not None:
        return solve(game, method=method)
    try:
        return solve(game)
    except ImportError:  # a solver module not installed: fall back to pure equilibria
        return solve(game, method="pure")


def analyze(model: RaceModel, *, method: Method | Literal["auto"] | None = None) -> Verdict:
    """Analyze a race model: blitz dominance, equilibria, defender wins, death zone.

    Parameters
    ----------
    model : RaceModel
    method : str, optional
        Equilibrium method for :func:`blitzgame.solve` (default ``"auto"``).

    Returns
    -------
    Verdict
        Printable (``print(verdict)``) and tabular (``verdict.to_frame()``).

    Raises
    ------
    InvalidParameterError
        ``model`` is not a RaceModel.

    Examples
    --------
    >>> import blitzgame.model.presets as sc
    >>> v = analyze(sc.gpu_race())
    >>> v.blitz_dominance["Google"].kind, v.death_zone
    ('strictly dominant', ('Defender',))
    """
    from ..solvers.dominance import iterated_elimination

    if not isinstance(model, RaceModel):
        raise InvalidParameterError(f"model must be a RaceModel; got {type(model).__name__}")
    game = model.to_game()
    elim = iterated_elimination(game, strict=True, mixed=True)
    blitz = [blitz_index(model.postures[f.name]) for f in model.firms]
    dominance = {game.players[i]: _dominance(game, i, blitz[i], elim)
                 for i in range(game.num_players)}
    eqs = _solve(game, method)
    capital = np.array([max(f.capital, 1e-12) for f in model.firms])
    details: list[dict[str, Any]] = []
    worst_blitz = {f.name: np.inf for f in model.firms}
    for k, eq in enumerate(eqs):
        strat = [np.asarray(s, float) for s in eq.strategies]
        pay = np.array([float(p) for p in eq.payoffs])
        ret = pay / capital
        blitz_pay = np.array([float(game._action_values(i, strat)[blitz[i]])
                              for i in range(game.num_players)])
        for i, f in enumerate(model.firms):
            worst_blitz[f.name] = min(worst_blitz[f.name], float(blitz_pay[i]))
        blitzers = [i for i in range(game.num_players) if strat[i][blitz[i]] >= 0.5]
        for i, f in enumerate(model.firms):
            for a, p in enumerate(model.postures[f.name]):
                if strat[i][a] <= _PROB or not isinstance(p, DEFENDER_POSTURES):
                    continue
                others = [j for j in blitzers if j != i]
                best = max((ret[j] for j in others), default=blitz_pay[i] / capital[i])
                if ret[i] > best:
                    details.append({"equilibrium": k, "firm": f.name, "posture": p.name,
                                    "return": float(ret[i]), "blitz_return": float(best)})
    wins = tuple(dict.fromkeys(d["posture"] for d in details))
    top_stage = max(int(stage_of(f.compute)) for f in model.firms)
    death = tuple(f.name for f in model.firms
                  if len(eqs) and int(stage_of(f.compute)) < top_stage and worst_blitz[f.name] < 0)
    return Verdict(model=model, game=game, blitz_dominance=dominance, equilibria=eqs,
                   defender_wins=wins, defender_details=tuple(details), death_zone=death,
                   death_payoffs={k: float(v) for k, v in worst_blitz.items()})
