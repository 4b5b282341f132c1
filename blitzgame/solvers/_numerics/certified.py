r"""Float linear algebra with certified error bounds: a float filter for exact decisions.

An exact solver may run its linear algebra in floats only if no float decision can
drop a candidate that exact arithmetic would keep. This module gives each float
answer a *rigorous* error bound, so that a decision is taken in floats only when
the float value is farther from the threshold than its bound, and left to exact
arithmetic otherwise.

Linear systems (Rump's a-posteriori bound; Higham, *Accuracy and Stability of
Numerical Algorithms*, 2nd ed., 2002, sections 3.1 and 7.2). Let :math:`G^*` be an
exact matrix and :math:`G` its float version with :math:`|G - G^*| \le \eta |G|`
entrywise, :math:`h` an exactly representable right-hand side, :math:`R \approx G^{-1}`
and :math:`\tilde z = R h`. If

.. math:: \alpha \ge \| I - R G^* \|_\infty \quad\text{and}\quad \alpha < 1,

then :math:`G^*` is non-singular and the exact solution :math:`z^*` of
:math:`G^* z^* = h` satisfies

.. math:: \| z^* - \tilde z \|_\infty \le \frac{\| |R|\, \rho \|_\infty}{1 - \alpha},
          \qquad \rho \ge |h - G^* \tilde z| .

Both :math:`\alpha` and :math:`\rho` are computed in floats and then made upper bounds
with the standard model of rounding (any summation order, with or without FMA): a
float dot product of length :math:`k` errs by at most :math:`\gamma_k |x|^\top |y|`,
:math:`\gamma_k = k u / (1 - k u)`, :math:`u = 2^{-53}`. Every bound below is
inflated further by a factor :math:`1 + \gamma_{4k + 8}` for the rounding of its
own evaluation; the payoffs handled here lie in :math:`[1, 2]` (no overflow, no
underflow that matters). The bounds are loose by design -- a factor of two costs
nothing, since they only decide when to fall back to exact arithmetic.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["UNIT_ROUNDOFF", "ETA_UNIT", "gamma", "unit_floats", "certified_solve",
           "matvec_bound"]

#: Unit roundoff of float64 (round to nearest).
UNIT_ROUNDOFF = 2.0 ** -53

#: Relative error of :func:`unit_floats` against the exact values (a few roundings).
ETA_UNIT = 8 * UNIT_ROUNDOFF


def gamma(k: int) -> float:
    """:math:`\\gamma_k = k u / (1 - k u)`, the error factor of a length-``k`` dot product."""
    ku = k * UNIT_ROUNDOFF
    return ku / (1.0 - ku)


def unit_floats(U: NDArray[Any]) -> tuple[NDArray[np.float64], Any, Any]:
    """Integer payoffs mapped into [1, 2] as floats: ``((U - lo) / s + 1, lo, s)``.

    ``U`` holds integers (``int64`` or Python ints of any size); ``lo`` is its
    minimum and ``s`` its range (1 when constant). The map is a positive affine
    one, so it keeps best responses and equilibria; each float is within
    :data:`ETA_UNIT` (relative) of the exact rational value, and payoffs beyond
    the float range (``> 1e308``) never overflow: big integers are divided
    before they are converted (Python's ``int / int`` is correctly rounded).

    Examples
    --------
    >>> import numpy as np
    >>> F, lo, s = unit_floats(np.array([[10**400, 0], [-10**400, 1]], dtype=object))
    >>> F.tolist(), s == 2 * 10**400
    ([[2.0, 1.5], [1.0, 1.5]], True)
    """
    if U.size == 0:
        return np.zeros(U.shape), 0, 1
    lo, hi = U.min(), U.max()
    s = hi - lo
    if s == 0:
        s = 1
    if U.dtype != object:                                   # int64: |U| < 2**62
        F = (U - lo).astype(np.float64) / float(s) + 1.0
    else:
        lo_i, s_i = int(lo), int(s)
        F = np.array([(int(v) - lo_i) / s_i for v in U.reshape(-1)],
                     dtype=np.float64).reshape(U.shape) + 1.0
    return F, lo, s


def _rowsum_max(X: NDArray[np.float64]) -> NDArray[np.float64]:
    """``max_i sum_j |X_ij|`` for a stack ``(b, k, k)`` of non-negative matrices (the norm)."""
    out: NDArray[np.float64] = X.sum(axis=-1).max(axis=-1)
    return out


def certified_solve(G: NDArray[np.float64], h: NDArray[np.float64], eta: float
                    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Solve a stack of square systems with a certified bound on each solution's error.

    Parameters
    ----------
    G : ndarray of shape (b, k, k)
        Float matrices, each within ``eta |G|`` (entrywise) of an exact matrix ``G*``.
    h : ndarray of shape (b, k) or (1, k)
        Exactly representable right-hand sides.
    eta : float
        Relative representation error of ``G``.

    Returns
    -------
    z : ndarray of shape (b, k)
        Float solutions (NaN rows where ``G`` is singular in floats).
    delta : ndarray of shape (b,)
        ``max_i |z*_i - z_i| <= delta`` for the exact solution ``z*``; when
        ``delta`` is finite, ``G*`` is proved non-singular. ``inf`` where
        nothing is certified (``G*`` may be singular or ill-conditioned).

    Examples
    --------
    >>> import numpy as np
    >>> z, d = certified_solve(np.array([[[2.0, 1.0], [1.0, 3.0]]]), np.ones((1, 2)), 0.0)
    >>> np.round(z, 6).tolist(), bool(d[0] < 1e-14)
    ([[0.4, 0.2]], True)
    >>> certified_solve(np.array([[[1.0, 2.0], [2.0, 4.0]]]), np.ones((1, 2)), 0.0)[1]
    array([inf])
    """
    b, k, _ = G.shape
    hh = np.broadcast_to(h, (b, k))
    with np.errstate(all="ignore"):
        try:
            R = np.linalg.inv(G)
        except np.linalg.LinAlgError:
            sign, _ = np.linalg.slogdet(G)
            bad = sign == 0
            Gs = G.copy()
            Gs[bad] = np.eye(k)
            R = np.linalg.inv(Gs)
            R[bad] = np.nan
        z = np.einsum("bij,bj->bi", R, hh)
        absG, absR = np.abs(G), np.abs(R)
        g = gamma(k + 1)
        infl = 1.0 + gamma(4 * k + 8)
        # alpha >= ||I - R G*|| <= ||I - fl(R G)|| (1 + u) + (gamma_k + eta) || |R| |G| ||
        # (|| |R| |G| || <= ||R|| ||G||: the cheaper, looser product of norms)
        E = np.eye(k) - R @ G
        alpha = (_rowsum_max(np.abs(E)) * (1.0 + UNIT_ROUNDOFF)
                 + (g + eta) * _rowsum_max(absR) * _rowsum_max(absG)) * infl
        # rho >= |h - G* z| <= |fl(h - G z)| + gamma_{k+1} (|h| + |G||z|) + eta |G||z|
        Gz = np.einsum("bij,bj->bi", absG, np.abs(z))
        rho = (np.abs(hh - np.einsum("bij,bj->bi", G, z)) + g * np.abs(hh)
               + (g + eta) * Gz) * infl
        err = np.einsum("bij,bj->bi", absR, rho).max(axis=1) * infl
        delta = err / (1.0 - alpha) * infl
    ok = np.isfinite(delta) & (alpha < 1.0) & np.isfinite(z).all(axis=1)
    delta = np.where(ok, delta, np.inf)
    return z, delta


def matvec_bound(M_abs_z: NDArray[np.float64], M_rowsum: NDArray[np.float64],
                 delta: NDArray[np.float64], eta: float, k: int) -> NDArray[np.float64]:
    """Bound on ``|M* z* - fl(M z)|`` for rows of a float ``M`` within ``eta |M|`` of ``M*``.

    ``M_abs_z`` is ``|M| |z|`` (per row), ``M_rowsum`` the sums of ``|M|`` over the
    coordinates that ``z`` may occupy, ``delta`` the bound on ``|z* - z|`` and
    ``k`` the length of the products. Broadcasts over leading axes.
    """
    g = gamma(k + 1)
    bound: NDArray[np.float64] = ((1.0 + eta) * M_rowsum * delta[..., None]
                                  + (eta + g) * M_abs_z) * (1.0 + gamma(4 * k + 8))
    return bound
