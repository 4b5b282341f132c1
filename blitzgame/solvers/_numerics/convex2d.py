"""Planar convex geometry for payoff sets (private): hulls, clipping, distances.

Works on Fractions (exact) as well as floats: the hull is Andrew's monotone
chain, clipping is Sutherland-Hodgman against an axis half-plane, and the
Hausdorff distance between convex polygons is attained at a vertex.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["hull_2d", "clip_halfplane", "polygon_distance", "hausdorff"]

Point = tuple[Any, Any]


def _cross(o: Point, a: Point, b: Point) -> Any:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def hull_2d(points: Sequence[Point]) -> list[Point]:
    """Vertices of the convex hull, counter-clockwise, collinear points dropped."""
    pts = sorted(set((p[0], p[1]) for p in points))
    if len(pts) <= 2:
        return pts
    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def clip_halfplane(poly: Sequence[Point], axis: int, bound: Any) -> list[Point]:
    """Clip a convex polygon (vertex list, possibly degenerate) to ``v[axis] >= bound``."""
    if not poly:
        return []
    if len(poly) == 1:
        return list(poly) if poly[0][axis] >= bound else []
    out: list[Point] = []
    n = len(poly)
    for k in range(n):
        p, q = poly[k], poly[(k + 1) % n]
        pin, qin = p[axis] >= bound, q[axis] >= bound
        if pin:
            out.append(p)
        if pin != qin:
            t = (bound - p[axis]) / (q[axis] - p[axis])
            x = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            out.append((bound, x[1]) if axis == 0 else (x[0], bound))
    dedup: list[Point] = []
    for p in out:
        if not dedup or p != dedup[-1]:
            dedup.append(p)
    if len(dedup) > 1 and dedup[0] == dedup[-1]:
        dedup.pop()
    return dedup


def _seg_dist(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    ab = b - a
    den = float(ab @ ab)
    t = 0.0 if den == 0 else min(1.0, max(0.0, float((p - a) @ ab) / den))
    return float(np.linalg.norm(p - (a + t * ab)))


def polygon_distance(p: np.ndarray, verts: np.ndarray) -> float:
    """Euclidean distance from a point to a convex polygon (0 inside)."""
    verts = np.asarray(verts, float).reshape(-1, 2)
    p = np.asarray(p, float)
    n = len(verts)
    if n == 1:
        return float(np.linalg.norm(p - verts[0]))
    if n >= 3:
        e = np.roll(verts, -1, axis=0) - verts
        c = e[:, 0] * (p[1] - verts[:, 1]) - e[:, 1] * (p[0] - verts[:, 0])
        scale = 1e-12 * (1.0 + float(np.abs(verts).max()))
        if np.all(c >= -scale * (1.0 + np.linalg.norm(e, axis=1))):
            return 0.0
    return min(_seg_dist(p, verts[k], verts[(k + 1) % n]) for k in range(n))


def hausdorff(P: np.ndarray, Q: np.ndarray) -> float:
    """Hausdorff distance between two convex polygons given by their vertices."""
    P = np.asarray(P, float).reshape(-1, 2)
    Q = np.asarray(Q, float).reshape(-1, 2)
    if len(P) == 0 or len(Q) == 0:
        return float("inf")
    return max(max(polygon_distance(p, Q) for p in P), max(polygon_distance(q, P) for q in Q))
