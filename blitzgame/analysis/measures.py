r"""What a sweep records at each parameter point.

A *measure* maps a model and its normal-form game to a few named scalars. The
built-in measures answer the race's questions from the payoff tensor alone,
with the same batch kernels (:mod:`blitzgame.solvers.batch.kernels`) whether one
game or a whole chunk of grid points is asked, so a vectorized sweep and a loop
over points give the same answers:

``blitz_dominant``
    Is the blitz posture dominant? ``blitz_dominant`` (bool: at least weakly
    dominant for every firm that has it) and ``blitz_dominance.<firm>``
    (``"strict"``, ``"weak"`` or ``"none"``).
``n_pure_equilibria``
    The number of pure Nash equilibria.
``defender_wins``
    ``defender_wins`` (bool), ``defender_wins.<firm>`` and
    ``defender_posture.<firm>`` (the postures, comma-separated, with which the
    firm wins; empty when it does not): a defender posture wins in some *pure*
    equilibrium, by the rule of
    :func:`~blitzgame.analysis.verdict.analyze`: a firm plays a defender posture
    (Niche, Moat, Partner, CustomSilicon, WaitForStumble) and earns a higher
    return on capital than every other firm that blitzes there -- or, when no
    other firm blitzes, more than it would earn by blitzing itself. Also
    ``n_pure_equilibria``.
``verdict``
    The verdict class of the point, one of :data:`VERDICTS`, checked in this
    order: ``blitz_dominant`` (blitz at least weakly dominant for every firm
    that has it), ``defender_wins`` (as above), ``blitz_equilibrium`` (some
    pure equilibrium has a firm blitzing), ``restraint`` (pure equilibria
    exist, with no blitzing and no winning defence), ``mixed_only`` (no pure
    equilibrium). Also the booleans behind it. Pure equilibria only, which is
    what makes it vectorizable; ``analyze`` below also weighs mixed equilibria.
``analyze``
    :func:`blitzgame.analyze` at every point (per point, not vectorized):
    ``blitz_dominant``, ``blitz_dominance.<firm>`` (the verdict's words, e.g.
    ``"strictly dominant"``), ``blitz_dominant.<firm>`` (bool), ``defender_wins``
    (bool), ``defender_postures`` and ``death_zone`` (comma-separated names),
    ``n_equilibria``, and ``verdict`` by the same classes from all the
    equilibria found (a "blitzer" plays its blitz posture with probability at
    least 1/2, as in ``analyze``); for the first equilibrium, each firm's
    ``posture.<firm>`` (mixed postures with their weights) and ``return.<firm>``
    (payoff / capital).
``n_equilibria``, ``equilibrium_payoffs``
    From :func:`blitzgame.solve` (mixed equilibria included): the number of
    equilibria, and each firm's lowest and highest equilibrium payoff.
``critical_discount``
    The smallest discount factor at which grim-trigger reversion to the
    pure stage equilibrium worst for the deviator sustains the
    joint-payoff-maximising pure profile (``path_profile``, flat C-order index)
    forever (Friedman 1971): with :math:`c_i` the path payoff, :math:`d_i` the
    best deviation payoff and :math:`p_i` the punishment payoff,
    :math:`\delta^* = \max_i (d_i - c_i)/(d_i - p_i)` (0 when no one gains by
    deviating). ``sustainable`` is False, and the discount NaN, without a pure
    stage equilibrium or when some tempted firm's punishment is no worse than
    its path payoff.

A user measure is any function ``f(model, game)`` (optionally with an ``rng``
keyword, which receives the point's own generator) returning a mapping of
scalars; :func:`get_measure` wraps it.

References
----------
1. Friedman, J. W. (1971). A non-cooperative equilibrium for supergames.
   *Review of Economic Studies* 38(1), 1-12.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

import numpy as np
from numpy.typing import NDArray

from ..exceptions import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..solvers.batch import kernels

if TYPE_CHECKING:  # pragma: no cover
    from ..solvers import Method
from ._measure_base import (
    DEFENDER_NAMES,
    VERDICTS,
    FunctionMeasure,
    Measure,
    _Context,
    _GameMeasure,
    blitz_actions,
    defender_actions,
)

__all__ = ["Measure", "FunctionMeasure", "MEASURES", "VERDICTS", "get_measure",
           "available_measures", "blitz_actions", "defender_actions", "DEFENDER_NAMES"]


@dataclass(repr=False)
class BlitzDominant(_GameMeasure):
    """Is the blitz posture dominant for every firm? (see the module docstring)."""

    blitz: str = "Blitz"
    name: ClassVar[str] = "blitz_dominant"

    def _compute(self, u: NDArray[Any], tol: NDArray[Any], ctx: _Context
                 ) -> dict[str, NDArray[Any]]:
        out: dict[str, NDArray[Any]] = {}
        every = np.ones(u.shape[0], dtype=bool)
        kinds = np.array(kernels.DOMINANCE_KINDS, dtype=object)
        per = {}
        for i, a in enumerate(ctx.blitz):
            if a < 0:
                continue
            codes = kernels.dominance_codes(u, i, a, tol)
            every &= codes > 0
            per[f"blitz_dominance.{ctx.game.players[i]}"] = kinds[codes]
        out["blitz_dominant"] = every
        out.update(per)
        return out


@dataclass(repr=False)
class NPureEquilibria(_GameMeasure):
    """The number of pure Nash equilibria."""

    name: ClassVar[str] = "n_pure_equilibria"

    def _compute(self, u: NDArray[Any], tol: NDArray[Any], ctx: _Context
                 ) -> dict[str, NDArray[Any]]:
        mask = kernels.pure_nash_mask(u, tol)
        return {"n_pure_equilibria": mask.reshape(u.shape[0], -1).sum(axis=1).astype(np.int64)}


@dataclass(repr=False)
class DefenderWins(_GameMeasure):
    """Does a defender posture win in some pure equilibrium? (rule of :func:`analyze`)."""

    blitz: str = "Blitz"
    name: ClassVar[str] = "defender_wins"

    def _compute(self, u: NDArray[Any], tol: NDArray[Any], ctx: _Context
                 ) -> dict[str, NDArray[Any]]:
        mask = kernels.pure_nash_mask(u, tol)
        wins = kernels.defender_wins_mask(u, ctx.blitz, ctx.defenders, ctx.capital)
        B = u.shape[0]
        out: dict[str, NDArray[Any]] = {"defender_wins": cast(
            "NDArray[np.bool_]", (mask[..., None] & wins).reshape(B, -1).any(axis=1))}
        n = u.ndim - 2
        for i, p in enumerate(ctx.game.players):
            hit = mask & wins[..., i]
            out[f"defender_wins.{p}"] = cast(
                "NDArray[np.bool_]", hit.reshape(B, -1).any(axis=1))
            # the postures firm i wins with: its actions in the winning pure equilibria,
            # by_action of shape (B, n_i)
            by_action = np.asarray(hit.any(axis=tuple(1 + j for j in range(n) if j != i)))
            names = ctx.game.actions[i]
            out[f"defender_posture.{p}"] = np.array(
                [",".join(names[a] for a in np.flatnonzero(row)) for row in by_action],
                dtype=object)
        out["n_pure_equilibria"] = mask.reshape(B, -1).sum(axis=1).astype(np.int64)
        return out


@dataclass(repr=False)
class VerdictClass(_GameMeasure):
    """The verdict class of each point, one of :data:`VERDICTS`."""

    blitz: str = "Blitz"
    name: ClassVar[str] = "verdict"

    def _compute(self, u: NDArray[Any], tol: NDArray[Any], ctx: _Context
                 ) -> dict[str, NDArray[Any]]:
        dom = BlitzDominant(self.blitz)._compute(u, tol, ctx)
        dw = DefenderWins(self.blitz)._compute(u, tol, ctx)
        mask = kernels.pure_nash_mask(u, tol)
        B, n = u.shape[0], u.ndim - 2
        someone_blitzes = np.zeros(u.shape[1:-1], dtype=bool)
        for i, a in enumerate(ctx.blitz):
            if a >= 0:
                hit = np.zeros(u.shape[1 + i], dtype=bool)
                hit[a] = True
                someone_blitzes |= hit.reshape((1,) * i + (-1,) + (1,) * (n - 1 - i))
        blitz_eq = (mask & someone_blitzes).reshape(B, -1).any(axis=1)
        has_pure = dw["n_pure_equilibria"] > 0
        all_blitz = np.zeros(B, dtype=bool)
        if all(a >= 0 for a in ctx.blitz):
            at_blitz: tuple[slice | int, ...] = (slice(None), *ctx.blitz)
            all_blitz = mask[at_blitz]
        code = np.select([dom["blitz_dominant"], dw["defender_wins"], blitz_eq, has_pure],
                         [0, 1, 2, 3], default=4)
        return {"verdict": np.array(VERDICTS, dtype=object)[code], **dom, **dw,
                "blitz_equilibrium": blitz_eq, "all_blitz_equilibrium": all_blitz}


@dataclass(repr=False)
class GrimTriggerDiscount(_GameMeasure):
    """Grim-trigger critical discount factor of the joint-payoff-maximising profile."""

    name: ClassVar[str] = "critical_discount"

    def _compute(self, u: NDArray[Any], tol: NDArray[Any], ctx: _Context
                 ) -> dict[str, NDArray[Any]]:
        uf = u.astype(np.float64)
        B, n = u.shape[0], u.ndim - 2
        flat = uf.reshape(B, -1, n)
        path = flat.sum(axis=-1).argmax(axis=1)  # first joint maximiser (C order)
        c = flat[np.arange(B), path]  # (B, N)
        dev = np.stack([np.broadcast_to(uf[..., i].max(axis=1 + i, keepdims=True),
                                        uf.shape[:-1]).reshape(B, -1)[np.arange(B), path]
                        for i in range(n)], axis=-1)
        nash = kernels.pure_nash_mask(u, tol).reshape(B, -1)
        # punishment: reversion to the stage equilibrium worst for the deviator
        pun = np.where(nash[..., None], flat, np.inf).min(axis=1)
        gain = dev - c
        t = tol[:, None]
        tempted = gain > t
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(tempted, gain / (dev - pun), 0.0)
        ratio = np.where(tempted & (pun >= c - t), np.inf, ratio)
        delta = ratio.max(axis=1)
        sustainable = nash.any(axis=1) & np.isfinite(delta)
        delta = np.where(sustainable, delta, np.nan)
        return {"critical_discount": delta, "sustainable": sustainable,
                "path_profile": path.astype(np.int64)}


@dataclass(repr=False)
class FullAnalysis(Measure):
    """:func:`blitzgame.analyze` at each point (see the module docstring)."""

    method: Method | Literal["auto"] | None = None
    name: ClassVar[str] = "analyze"

    def point(self, model: Any, game: NormalFormGame, rng: np.random.Generator | None = None
              ) -> dict[str, Any]:
        from .verdict import analyze, blitz_index

        v = analyze(model, method=self.method)
        dominant = v.blitz_dominant
        out: dict[str, Any] = {"blitz_dominant": all(dominant.values())}
        for firm, fv in v.blitz_dominance.items():
            out[f"blitz_dominance.{firm}"] = fv.kind
            out[f"blitz_dominant.{firm}"] = bool(dominant[firm])
        blitz = [blitz_index(model.postures[f.name]) for f in model.firms]
        eqs = list(v.equilibria)
        blitz_eq = any(float(e.strategies[i][blitz[i]]) >= 0.5
                       for e in eqs for i in range(len(blitz)))
        has_pure = any(e.is_pure for e in eqs)
        code = (0 if out["blitz_dominant"] else 1 if v.defender_wins else 2 if blitz_eq
                else 3 if has_pure else 4)
        out.update({"verdict": VERDICTS[code], "defender_wins": bool(v.defender_wins),
                    "defender_postures": ",".join(v.defender_wins),
                    "death_zone": ",".join(v.death_zone), "n_equilibria": len(eqs)})
        # the first equilibrium: each firm's posture (mixed ones with their weights) and
        # its return on capital there
        postures = v.equilibrium_postures(0) if eqs else {}
        for i, f in enumerate(model.firms):
            probs = postures.get(f.name, {})
            out[f"posture.{f.name}"] = " + ".join(
                a if p > 1 - 1e-9 else f"{a} {p:.2f}" for a, p in probs.items())
            out[f"return.{f.name}"] = (float(eqs[0].payoffs[i]) / max(f.capital, 1e-12)
                                       if eqs else float("nan"))
        return out


@dataclass(repr=False)
class NEquilibria(Measure):
    """Number of equilibria found by :func:`blitzgame.solve` (mixed included)."""

    method: Method | Literal["auto"] = "auto"
    name: ClassVar[str] = "n_equilibria"

    def point(self, model: Any, game: NormalFormGame, rng: np.random.Generator | None = None
              ) -> dict[str, Any]:
        from ..solvers import solve

        res = solve(game, method=self.method)
        return {"n_equilibria": len(res), "n_pure_equilibria": len(res.pure()),
                "complete": bool(res.complete), "success": bool(res.success)}

    @property
    def vectorized(self) -> bool:  # type: ignore[override]
        """Batched for two-player games with ``method="auto"`` (see :meth:`batch`)."""
        return self.method == "auto"

    def batch(self, model: Any, payoffs: NDArray[Any], game: NormalFormGame,
              params: Mapping[str, NDArray[Any]] | None = None) -> dict[str, NDArray[Any]]:
        """Two-player games: every equilibrium by :func:`~blitzgame.solvers.batch.solve_batch`.

        Games flagged degenerate there are marked for per-point solving (``"_redo"``),
        so the answers equal :func:`blitzgame.solve` point by point.
        """
        if game.num_players != 2:
            raise NotImplementedError("batched equilibrium counts need two players")
        from ..solvers.batch.solve_batch import solve_batch

        u = np.asarray(payoffs, dtype=np.float64)
        res = solve_batch(u, question="all")
        count = np.asarray(res.count, dtype=np.int64)
        pure = np.zeros(len(u), dtype=np.int64)
        assert res.strategies is not None  # filled by question="all"
        for k in range(np.asarray(res.valid).shape[1]):
            is_pure = np.ones(len(u), dtype=bool)
            for s in res.strategies:
                is_pure &= np.isclose(np.asarray(s)[:, k].max(axis=-1), 1.0)
            pure += (np.asarray(res.valid)[:, k] & is_pure).astype(np.int64)
        return {"n_equilibria": count, "n_pure_equilibria": pure,
                "complete": np.ones(len(u), dtype=bool), "success": np.ones(len(u), dtype=bool),
                "_redo": np.asarray(res.degenerate, dtype=bool)}


@dataclass(repr=False)
class EquilibriumPayoffs(Measure):
    """Each firm's lowest and highest payoff over the equilibria :func:`blitzgame.solve` finds."""

    method: Method | Literal["auto"] = "auto"
    name: ClassVar[str] = "equilibrium_payoffs"

    def point(self, model: Any, game: NormalFormGame, rng: np.random.Generator | None = None
              ) -> dict[str, Any]:
        from ..solvers import solve

        res = solve(game, method=self.method)
        out: dict[str, Any] = {"n_equilibria": len(res)}
        for i, p in enumerate(game.players):
            vals = [float(e.payoffs[i]) for e in res]
            out[f"payoff_min.{p}"] = min(vals) if vals else float("nan")
            out[f"payoff_max.{p}"] = max(vals) if vals else float("nan")
        return out


#: Built-in measures by name.
MEASURES: dict[str, type[Measure]] = {
    cls.name: cls for cls in (BlitzDominant, NPureEquilibria, DefenderWins, VerdictClass,
                              GrimTriggerDiscount, FullAnalysis, NEquilibria, EquilibriumPayoffs)
}


def available_measures() -> tuple[str, ...]:
    """Names of the built-in measures.

    Examples
    --------
    >>> "blitz_dominant" in available_measures()
    True
    """
    return tuple(sorted(MEASURES))


def _check_options(name: str, made: Measure) -> None:
    """Raise a clear error for a bad ``method`` or ``blitz`` option of a named measure."""
    from ..solvers import available_methods

    opts = vars(made)
    if "method" in opts:
        method = opts["method"]
        valid = ("auto", *available_methods())
        if not (method is None and isinstance(made, FullAnalysis)) and (
                not isinstance(method, str) or method not in valid):
            raise InvalidParameterError(
                f"method (an option of measure {name!r}) must be one of {', '.join(valid)}; "
                f"got {type(method).__name__} {method!r}")
    blitz = opts.get("blitz", "Blitz")
    if not isinstance(blitz, str):
        raise InvalidParameterError(
            f"blitz (an option of measure {name!r}) must be a posture name (str); "
            f"got {type(blitz).__name__} {blitz!r}")


def get_measure(measure: str | Measure | Callable[..., Any], **options: Any) -> Measure:
    """Resolve a measure given by name, as a :class:`Measure`, or as a function.

    Parameters
    ----------
    measure : str, Measure or callable
        A name from :func:`available_measures`, a measure object, or a function
        ``f(model, game)`` returning a mapping of scalars.
    **options
        Options of a named measure (e.g. ``blitz="Blitz"``, ``method="auto"``).

    Raises
    ------
    InvalidParameterError
        Unknown name (the message lists the valid ones) or bad options.

    Examples
    --------
    >>> import blitzgame as bg
    >>> m = get_measure("verdict")
    >>> chicken = bg.NormalFormGame.from_bimatrix([[1, 0], [2, -2]], [[1, 2], [0, -2]],
    ...     players=("a", "b"), actions=(("steady", "blitz"), ("steady", "blitz")))
    >>> m.point(None, chicken)["verdict"]  # in each pure equilibrium the blitzer earns most
    'blitz_equilibrium'
    """
    if isinstance(measure, Measure):
        if options:
            raise InvalidParameterError("measure options apply only to a measure given by name")
        return measure
    if isinstance(measure, str):
        try:
            cls = MEASURES[measure]
        except KeyError:
            raise InvalidParameterError(
                f"unknown measure {measure!r}; expected one of {list(available_measures())} "
                f"or a function f(model, game) -> mapping") from None
        try:
            made = cls(**options)
        except TypeError as err:
            raise InvalidParameterError(f"bad options for measure {measure!r}: {err}") from None
        _check_options(measure, made)
        return made
    if callable(measure):
        if options:
            raise InvalidParameterError("measure options apply only to a measure given by name")
        return FunctionMeasure(measure)
    raise InvalidParameterError(
        f"measure must be a name, a Measure or a function; got {type(measure).__name__}")
