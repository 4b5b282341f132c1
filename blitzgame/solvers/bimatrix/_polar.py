r"""Vertices of a best-response polytope from the convex hull of its polar (qhull).

For :math:`M` of shape :math:`(r, d)` with entries in :math:`[1, 2]` the polytope

.. math:: P = \{z \in \mathbb R^d : z \ge 0,\ M z \le \mathbf 1\}

is bounded and contains :math:`c = \mathbf 1 / (4d)` in its interior
(:math:`M c \le \tfrac12`). Around :math:`c` every constraint reads
:math:`g_k^\top (z - c) \le 1` with

.. math:: g_i = -e_i / c_i \ (z_i \ge 0), \qquad
          g_{d+j} = M_j / (1 - M_j c) \ (M_j z \le 1),

and the facets of the convex hull of the points :math:`g_k` (the polar of
:math:`P - c`) correspond one to one to the vertices of :math:`P`: the facet
:math:`\{p : v^\top p = 1\}` gives the vertex :math:`z = c + v`, and the points
on the facet are the constraints tight at :math:`z` -- its labels (Ziegler,
*Lectures on Polytopes*, 1995, section 2.3; the polar approach to vertex
enumeration is also used by QuantEcon's ``vertex_enumeration``).

When :math:`P` is *simple* (non-degenerate game) every facet is a simplex with
exactly :math:`d` points. Anything else -- a point within tolerance of a facet
it does not span, a label count other than :math:`d`, a value close to a
constraint boundary, a qhull failure -- makes :func:`hull_vertices` return
``None`` and the caller falls back to the exact base enumeration, which
handles degenerate polytopes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:  # pragma: no cover
    from ..._typing import Vertices

__all__ = ["hull_vertices"]

#: A value this many times the label tolerance from a boundary counts as "near" it.
_MARGIN = 100.0


def hull_vertices(M: NDArray[np.float64], tol: float) -> Vertices | None:
    """Vertices and labels of ``{z >= 0 : M z <= 1}`` by qhull, or ``None`` if degenerate.

    Parameters
    ----------
    M : ndarray of shape (r, d)
        Entries in [1, 2]; ``d >= 2``.
    tol : float
        Label tolerance: ``z_i <= tol`` is a zero coordinate, ``(M z)_j >= 1 - tol``
        a tight row.

    Returns
    -------
    tuple or None
        ``(Z, zero, tight, bases)`` in the format of the base enumeration:
        vertices (V, d) with the origin first, zero-coordinate mask (V, d),
        tight-row mask (V, r) and the basis ``(coords, rows)`` of each vertex;
        ``None`` when the polytope is (nearly) degenerate or qhull fails.

    Examples
    --------
    >>> import numpy as np
    >>> Z, zero, tight, _ = hull_vertices(np.array([[2.0, 1.0], [1.0, 2.0]]), 1e-9)
    >>> np.round(Z[np.lexsort(Z.T)], 4).tolist()
    [[0.0, 0.0], [0.5, 0.0], [0.3333, 0.3333], [0.0, 0.5]]
    """
    r, d = M.shape
    c = 1.0 / (4.0 * d)
    G = np.concatenate([_sign_points(d), M / (1.0 - M.sum(axis=1) * c)[:, None]])
    from scipy.spatial import ConvexHull, QhullError  # on first use: slow to import

    try:
        hull = ConvexHull(G)
    except (QhullError, ValueError):
        return None
    eq = hull.equations                        # normal . p + offset <= 0 inside
    off = eq[:, -1:]
    if off.max() >= 0:
        return None
    Z = c - eq[:, :-1] / off                   # vertex c + v with v = -normal / offset
    F = len(Z)
    # constraint values -z <= 0 and M z - 1 <= 0 in one product
    g = Z @ np.concatenate([-np.eye(d), M.T], axis=1)
    g[:, d:] -= 1.0
    on = np.zeros((F, d + r), dtype=bool)
    on[np.arange(F)[:, None], hull.simplices] = True
    # not simple (a label that is not a facet point or vice versa), a violated
    # constraint, or a value near a boundary (within _MARGIN * tol): degenerate
    if np.where(on, np.abs(g) > tol, g >= -_MARGIN * tol).any():
        return None
    zero = on[:, :d]
    origin = np.flatnonzero(zero.all(axis=1))
    if len(origin) != 1:
        return None
    o = int(origin[0])
    if o:  # the origin first, as in the base enumeration
        on[[0, o]] = on[[o, 0]]
        Z[[0, o]] = Z[[o, 0]]
    Z[zero] = 0.0
    # distinct facets have distinct point sets, and labels == on: the vertices are distinct
    return Z, zero, on[:, d:], _Bases(zero, on[:, d:])


@lru_cache(maxsize=64)
def _sign_points(d: int) -> NDArray[np.float64]:
    """The polar points ``-e_i / c`` of the constraints ``z_i >= 0`` (read-only)."""
    G = np.eye(d) * (-4.0 * d)
    G.flags.writeable = False
    return G


class _Bases:
    """``bases[a]`` = (non-zero coordinates, tight rows) of vertex ``a``, built on demand."""

    __slots__ = ("zero", "tight")

    def __init__(self, zero: NDArray[np.bool_], tight: NDArray[np.bool_]) -> None:
        self.zero, self.tight = zero, tight

    def __len__(self) -> int:
        return len(self.zero)

    def __getitem__(self, a: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        return np.flatnonzero(~self.zero[a]), np.flatnonzero(self.tight[a])
