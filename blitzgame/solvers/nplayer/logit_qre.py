r"""Mixed Nash equilibria of N-player games by following the logit QRE branch.

A logit quantal response equilibrium (McKelvey & Palfrey 1995) at precision
:math:`\lambda \ge 0` is a profile :math:`\sigma` with

.. math:: \sigma_i(a) = \frac{\exp(\lambda v_i(a))}{\sum_b \exp(\lambda v_i(b))},
          \qquad v_i(a) = u_i(a, \sigma_{-i}).

At :math:`\lambda = 0` it is the uniform profile; for generic games the
equilibria starting there form a unique smooth branch whose limit as
:math:`\lambda \to \infty` is a Nash equilibrium (the *logit solution*).

Algorithm (Turocy 2005):

1. Work with log-probabilities :math:`y_i = \log \sigma_i` and payoffs
   normalised to :math:`[0, 1]`. The branch is the zero set of
   :math:`H(y, \lambda)`, with rows :math:`y_i(a) - y_i(0) - \lambda (v_i(a) -
   v_i(0))` for :math:`a \ge 1` and :math:`\sum_a e^{y_i(a)} - 1` per player.
2. Follow it by pseudo-arclength continuation: the predictor steps along the
   unit tangent (the null vector of the Jacobian :math:`[H_y\ H_\lambda]`,
   oriented like the previous one, so turning points in :math:`\lambda` are
   passed); the corrector runs Newton's method on :math:`H = 0` within the
   hyperplane orthogonal to the tangent. Steps grow after quick corrections
   and shrink after slow ones or sharp turns.
3. At :math:`\lambda = 10, 20, 40, \dots` *polish*: guess the support from the
   QRE probabilities, solve the indifference equations on that support
   (:func:`scipy.optimize.root`) to machine precision and accept the profile
   if its regret in the real game is at most ``tol``.

Exact games go through :func:`~blitzgame.solvers._verify.finalize`, which
tries to rationalise the equilibrium. Equilibria of games with three or more
players can be irrational; then the equilibrium is returned in floats with a
:class:`~blitzgame.exceptions.PrecisionWarning`.

References
----------
1. McKelvey, R. and Palfrey, T. (1995). Quantal response equilibria for
   normal form games. *Games Econ. Behav.* 10, 6-38.
2. Turocy, T. (2005). A dynamic homotopy interpretation of the logistic
   quantal response equilibrium correspondence. *Games Econ. Behav.* 51, 243-263.
3. Allgower, E. and Georg, K. (2003). *Introduction to Numerical Continuation
   Methods*. SIAM.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...exceptions import ConvergenceWarning, InvalidParameterError
from ...games.normal_form import NormalFormGame
from ...results import EquilibriumResult, Status
from .._checks import (
    check_finite_positive,
    check_game,
    check_positive_int,
    check_rng,
    check_tol,
)
from .._numerics.scaling import pow2_scale
from .._verify import Timer, finalize

__all__ = ["logit_qre", "nplayer_auto"]

_THRESHOLDS = (0.5, 0.1, 3e-2, 1e-2, 1e-3, 1e-5)
_MIN_COS = 0.98  # largest turn of the tangent in one step (cosine)
_MAX_CORRECTION = 0.3  # largest corrector move, in log-probability units


class _Game:
    """Float payoffs normalised to [0, 1] with the contractions the path needs."""

    def __init__(self, u: NDArray[np.float64]) -> None:
        lo, hi = float(u.min()), float(u.max())
        self.u = (u - lo) / (hi - lo if hi > lo else 1.0)
        self.shape = u.shape[:-1]
        self.N = len(self.shape)
        self.off = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)

    def split(self, x: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        return [x[self.off[i]:self.off[i + 1]] for i in range(self.N)]

    def values(self, sig: list[NDArray[np.float64]]) -> tuple[list[Any], list[list[Any]]]:
        """Action values v_i and cross terms T_ij[a, b] = u_i(a, b, sigma_-ij)."""
        N = self.N
        v, T = [], []
        for i in range(N):
            ops: list[Any] = [self.u[..., i], list(range(N))]
            row: list[NDArray[np.float64] | None] = []
            for j in range(N):
                if j == i:
                    row.append(None)
                    continue
                args = list(ops)
                for k in range(N):
                    if k not in (i, j):
                        args += [sig[k], [k]]
                row.append(np.einsum(*args, [i, j]))
            for k in range(N):
                if k != i:
                    ops += [sig[k], [k]]
            v.append(np.einsum(*ops, [i]))
            T.append(row)
        return v, T


def _system(g: _Game, z: NDArray[np.float64]) -> tuple[NDArray[Any], NDArray[Any]]:
    """H(y, lambda) and its Jacobian [H_y, H_lambda] (K x (K+1))."""
    y, lam = z[:-1], z[-1]
    ys = g.split(y)
    sig = [np.exp(yi) for yi in ys]
    v, T = g.values(sig)
    K = len(y)
    H = np.empty(K)
    J = np.zeros((K, K + 1))
    for i in range(g.N):
        o, n = g.off[i], g.shape[i]
        H[o] = sig[i].sum() - 1.0
        J[o, o:o + n] = sig[i]
        H[o + 1:o + n] = ys[i][1:] - ys[i][0] - lam * (v[i][1:] - v[i][0])
        for a in range(1, n):
            J[o + a, o + a] = 1.0
            J[o + a, o] = -1.0
            J[o + a, -1] = -(v[i][a] - v[i][0])
        for j in range(g.N):
            if j != i:
                D = T[i][j][1:] - T[i][j][0][None, :]
                J[o + 1:o + n, g.off[j]:g.off[j + 1]] = -lam * D * sig[j][None, :]
    return H, J


def _tangent(J: NDArray[np.float64], prev: NDArray[np.float64] | None) -> NDArray[np.float64]:
    t: NDArray[np.float64] = np.linalg.svd(J)[2][-1]
    if prev is None:
        return t if t[-1] > 0 else -t
    return t if t @ prev > 0 else -t


def _polish(g: _Game, sig: list[NDArray[np.float64]]) -> list[list[NDArray[np.float64]]]:
    """Candidate equilibria: indifference on supports guessed from the QRE profile."""
    out, seen = [], set()
    for theta in _THRESHOLDS:
        supp = tuple(tuple(np.flatnonzero(s >= theta * s.max())) for s in sig)
        if supp in seen:
            continue
        seen.add(supp)
        sol = _solve_support(g, supp, sig)
        if sol is not None:
            out.append(sol)
    return out


def _solve_support(g: _Game, supp: tuple[tuple[np.intp, ...], ...],
                   start: list[NDArray[np.float64]]) -> list[NDArray[np.float64]] | None:
    sizes = [len(s) for s in supp]
    off = np.concatenate([[0], np.cumsum(sizes)]).astype(int)

    def full(x: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        prof = []
        for i, s in enumerate(supp):
            p = np.zeros(g.shape[i])
            p[list(s)] = x[off[i]:off[i + 1]]
            prof.append(p)
        return prof

    def fun(x: NDArray[np.float64]) -> tuple[NDArray[Any], NDArray[Any]]:
        prof = full(x)
        v, T = g.values(prof)
        F = np.empty(len(x))
        Jac = np.zeros((len(x), len(x)))
        for i, s in enumerate(supp):
            o = off[i]
            F[o] = x[o:off[i + 1]].sum() - 1.0
            Jac[o, o:off[i + 1]] = 1.0
            F[o + 1:off[i + 1]] = v[i][list(s[1:])] - v[i][s[0]]
            for j, sj in enumerate(supp):
                if j != i and len(s) > 1:
                    D = T[i][j][list(s[1:])][:, list(sj)] - T[i][j][s[0], list(sj)][None, :]
                    Jac[o + 1:off[i + 1], off[j]:off[j + 1]] = D
        return F, Jac

    x0 = np.concatenate([start[i][list(s)] / start[i][list(s)].sum() for i, s in enumerate(supp)])
    def bad(x: NDArray[np.float64]) -> bool:
        return (not np.all(np.isfinite(x)) or bool(np.any(x < -1e-9))
                or float(np.max(np.abs(fun(x)[0]))) > 1e-11)

    from scipy.optimize import least_squares, root  # on first use: slow to import

    x = root(fun, x0, jac=True, method="hybr", options={"xtol": 1e-14}).x
    if bad(x):  # singular (degenerate) system: bounded least squares from the QRE point
        def residual(w: NDArray[np.float64]) -> NDArray[Any]:
            return fun(w)[0]

        def jacobian(w: NDArray[np.float64]) -> NDArray[Any]:
            return fun(w)[1]

        x = least_squares(residual, np.clip(x0, 0.0, 1.0), jac=jacobian, bounds=(0.0, 1.0),
                          xtol=1e-15, ftol=1e-15, gtol=1e-15).x
        if bad(x):
            return None
    prof = [np.clip(p, 0.0, None) for p in full(x)]
    return [p / p.sum() for p in prof]


def _regret(g: _Game, prof: list[NDArray[np.float64]]) -> float:
    v, _ = g.values(prof)
    return max(float(vi.max() - vi @ p) for vi, p in zip(v, prof, strict=True))


def _follow(g: _Game, g_true: _Game, tol: float, max_steps: int, lambda_max: float,
            stats: dict[str, Any]) -> tuple[list[NDArray[np.float64]] | None, str]:
    z = np.concatenate([-np.log(np.full(n, float(n))) for n in g.shape] + [np.zeros(1)])
    _, J = _system(g, z)
    t = _tangent(J, None)
    h, check = 0.1, 10.0
    for _step in range(max_steps):
        stats["steps"] += 1
        accepted = False
        while h > 1e-10:
            zp = z + h * t
            zc = zp.copy()
            ok, it, last = False, 0, np.inf
            for it in range(8):  # noqa: B007 - `it` is used after the loop
                H, J = _system(g, zc)
                if not np.all(np.isfinite(H)) or not np.all(np.isfinite(J)):
                    break
                A = np.vstack([J, t[None, :]])
                try:
                    dz = np.linalg.solve(A, -np.append(H, t @ (zc - zp)))
                except np.linalg.LinAlgError:
                    break
                size = float(np.max(np.abs(dz)))
                if it > 0 and size > 0.5 * last:  # Newton must contract
                    break
                last = size
                zc = zc + dz
                if size < 1e-10 * (1 + np.max(np.abs(zc))):
                    ok = True
                    break
            if ok:
                H, J = _system(g, zc)
                tn = _tangent(J, t)
                if (np.max(np.abs(H)) < 1e-8 and tn @ t > _MIN_COS
                        and np.linalg.norm(zc - zp) < _MAX_CORRECTION):
                    accepted = True
                    z, t = zc, tn
                    h = h * 1.5 if it <= 3 else h
                    break
            h *= 0.5
        if not accepted:
            return None, f"the path-following step size underflowed at lambda={z[-1]:.4g}"
        lam = z[-1]
        if lam >= check or lam >= lambda_max:
            check = max(2 * check, lam)
            sig = [np.exp(yi) for yi in g.split(z[:-1])]
            stats["polish_attempts"] += 1
            for cand in _polish(g_true, sig):
                dist = max(float(np.max(np.abs(c - s))) for c, s in zip(cand, sig, strict=True))
                if dist <= 0.1 and _regret(g_true, cand) <= tol:
                    stats["lambda"] = float(lam)
                    return cand, ""
        if lam >= lambda_max:
            return None, f"lambda reached lambda_max={lambda_max:g} without a verified limit"
    return None, f"max_steps={max_steps} path steps were taken (lambda={z[-1]:.4g})"


def logit_qre(
    game: NormalFormGame, *, tol: float | None = None, max_steps: int = 5000,
    lambda_max: float = 1e6, rng: int | np.random.Generator | None = None,
) -> EquilibriumResult:
    """Find one Nash equilibrium of an N-player game as the limit of the logit QRE branch.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    tol : float, optional
        Regret tolerance of the accepted equilibrium (default
        :attr:`NormalFormGame.float_tol`).
    max_steps : int
        Maximum number of continuation steps.
    lambda_max : float
        Largest precision followed, in units of the payoff range (payoffs are
        normalised to [0, 1]).
    rng : None, int or Generator
        Used only when the branch of the game itself cannot be followed (a
        degenerate game): the path is then followed on up to two tiny random
        perturbations of the payoffs, and the limit is polished and verified in
        the original game.

    Returns
    -------
    EquilibriumResult
        ``method="logit_qre"``, ``complete=False``, zero or one equilibrium.
        ``success=False`` with status ``max_iter`` or ``failed`` when no
        verified limit was reached.

    Warns
    -----
    ConvergenceWarning
        The path following did not reach a verified equilibrium.
    PrecisionWarning
        Exact game whose equilibrium could not be made exact (irrational).

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> eq = bg.logit_qre(g)[0]
    >>> [str(p) for p in eq.strategies[0]], [str(p) for p in eq.strategies[1]]
    (['3/5', '2/5'], ['2/5', '3/5'])
    """
    game = check_game(game)
    t = check_tol(game, tol)
    max_steps = check_positive_int("max_steps", max_steps)
    lambda_max = check_finite_positive("lambda_max", lambda_max)
    gen = np.random.default_rng(check_rng(rng))
    params = {"tol": t, "max_steps": max_steps, "lambda_max": lambda_max}
    stats: dict[str, Any] = {"steps": 0, "polish_attempts": 0}
    fu, e = pow2_scale(game.float_payoffs)   # near the float range: exactly rescaled
    g_true = _Game(fu)
    # polishing is verified against the normalised game; scale tol accordingly
    rtol = float(np.ldexp(t, -e)) / (float(fu.max() - fu.min()) or 1.0)
    msgs = []
    found = None
    with Timer() as timer:
        for attempt in range(3):
            if attempt == 0:
                g = g_true
            else:
                noise = gen.uniform(-1e-7, 1e-7, size=g_true.u.shape)
                g = _Game(g_true.u + noise)
            with np.errstate(over="ignore", under="ignore", invalid="ignore"):
                found, msg = _follow(g, g_true, rtol, int(max_steps), float(lambda_max),
                                     stats)
            if found is not None:
                stats["perturbed"] = attempt > 0
                break
            msgs.append(msg)
    stats["seconds"] = timer.seconds
    if found is None:
        status = Status.MAX_ITER if any("max_steps" in m or "lambda_max" in m for m in msgs) \
            else Status.FAILED
        text = "logit QRE path following did not converge: " + "; ".join(msgs)
        warnings.warn(text, ConvergenceWarning, stacklevel=2)
        return finalize(game, "logit_qre", [], complete=False, tol=t, stats=stats,
                        parameters=params, status=status, message=text)
    return finalize(game, "logit_qre", [tuple(found)], complete=False, tol=t, stats=stats,
                    parameters=params, message=f"limit reached at lambda={stats['lambda']:.4g}")


def nplayer_auto(game: NormalFormGame, **options: Any) -> EquilibriumResult:
    """Every pure equilibrium plus the logit-QRE equilibrium (``solve(method="auto")``, N >= 3).

    Parameters
    ----------
    game : NormalFormGame
    **options
        ``tol`` (used by both), ``max_steps``, ``lambda_max``, ``rng`` (for
        :func:`logit_qre`).

    Returns
    -------
    EquilibriumResult
        ``method="auto"``, ``complete=False``, duplicates removed.

    Examples
    --------
    >>> import numpy as np, blitzgame as bg
    >>> u = np.zeros((2, 2, 2, 3), dtype=int)
    >>> u[0, 0, 0] = u[1, 1, 1] = 1     # a 3-player coordination game
    >>> res = bg.solve(bg.NormalFormGame(u))
    >>> res.method, [e.pure_profile for e in res.pure()]
    ('auto', [(0, 0, 0), (1, 1, 1)])
    """
    from ..pure import pure_equilibria

    game = check_game(game)
    allowed = {"tol", "max_steps", "lambda_max", "rng"}
    bad = set(options) - allowed
    if bad:
        raise InvalidParameterError(
            f"unexpected option(s) {sorted(bad)} for method 'auto' with {game.num_players} "
            f"players; expected some of {sorted(allowed)}")
    with Timer() as timer:
        pure = pure_equilibria(game, tol=options.get("tol"))
        qre = logit_qre(game, **options)
    ok = qre.status == Status.OK
    return finalize(
        game, "auto", [*pure.equilibria, *qre.equilibria], complete=False,
        tol=check_tol(game, options.get("tol")), status=None if ok else qre.status,
        message="" if ok else f"logit_qre: {qre.message}",
        stats={"seconds": timer.seconds, "pure": len(pure), "logit_qre": len(qre)},
        parameters={"methods": ("pure", "logit_qre"), **options})
