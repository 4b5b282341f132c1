"""Axes of swept parameters: scale, cell edges, limits and labels (private helpers).

A grid axis is drawn on a logarithmic scale when its values are positive and
geometric (a constant ratio, as ``np.geomspace`` or a config's ``log = true``
makes them), or positive, unevenly spaced and spanning at least a factor of
10. Cell edges are the midpoints between grid values -- geometric midpoints on
a log scale -- and the outer edges lie half a step beyond the first and last
values, clipped to the range the parameter accepts
(:func:`blitzgame.model.parameter_range`; a parameter the model does not
define and whose values are all non-negative stays non-negative). So no axis
runs to a negative sharpness or a negative number of months.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullFormatter

from .._display import number
from ..model.labels import parameter_label, parameter_range

__all__ = ["new_axes", "PLAYER_COLORS", "is_log_axis", "cell_edges", "axis_label",
           "variable_label", "text", "grid_axis", "log_ticks"]

PLAYER_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")

#: Reader's names of the measures' quantities drawn as colours or lines.
VARIABLE_LABELS: dict[str, str] = {
    "critical_discount": "critical discount factor δ*",
    "defender_wins": "a defender posture wins",
    "blitz_dominant": "blitz is dominant",
    "n_equilibria": "number of equilibria",
    "n_pure_equilibria": "number of pure equilibria",
    "verdict": "verdict",
}


def new_axes(ax: Axes | None) -> Axes:
    """``ax``, or the Axes of a new figure when ``None``.

    The new figure uses constrained layout, so legends and colour bars outside
    the Axes stay on the figure.
    """
    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    return ax


def text(s: str) -> str:
    """``s`` for a matplotlib label: dollar signs escaped (``$B`` is not mathtext)."""
    return s.replace("$", r"\$")


def axis_label(name: str) -> str:
    """The axis label of a swept parameter: its name and unit (``prize V ($B)``)."""
    return text(parameter_label(name))


def variable_label(name: str) -> str:
    """The label of a measured quantity (colour bar, shading), else its name."""
    return text(VARIABLE_LABELS.get(name, name))


def _evenly(d: np.ndarray) -> bool:
    return bool(np.allclose(d, d[0], rtol=1e-6, atol=0.0)) and bool(d[0] != 0)


def is_log_axis(values: Any) -> bool:
    """Whether grid values call for a log scale (positive and geometric; see the module).

    Examples
    --------
    >>> is_log_axis([0.25, 0.5, 1, 2]), is_log_axis([1, 2, 3]), is_log_axis([0, 1, 10])
    (True, False, False)
    >>> is_log_axis([0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8])  # uneven, a factor of 32
    True
    """
    v = np.sort(np.asarray(values, dtype=float).ravel())
    if v.size < 2 or not (v > 0).all() or not np.isfinite(v).all():
        return False
    if v.size >= 3 and _evenly(np.diff(np.log(v))):
        return True
    return bool(not (v.size >= 3 and _evenly(np.diff(v))) and v[-1] >= 10 * v[0])


def cell_edges(values: Any, *, log: bool, name: str | None = None) -> np.ndarray:
    """Edges of the cells around sorted grid values, clipped to the parameter's range.

    Examples
    --------
    >>> cell_edges([1.0, 2.0, 4.0], log=True).round(3).tolist()
    [0.707, 1.414, 2.828, 5.657]
    >>> cell_edges([0.2, 1.0, 1.8], log=False, name="market.sharpness").round(3).tolist()
    [0.0, 0.6, 1.4, 2.2]
    """
    v = np.asarray(values, dtype=float)
    if log:
        edges: np.ndarray = np.exp(cell_edges(np.log(v), log=False))
    elif v.size == 1:
        edges = np.array([v[0] - 0.5, v[0] + 0.5])
    else:
        mid = (v[1:] + v[:-1]) / 2
        edges = np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])
    if name is None:
        return edges
    bounds = parameter_range(name)
    if bounds is None:
        bounds = (0.0, math.inf) if (v >= 0).all() else (-math.inf, math.inf)
    edges[0] = max(edges[0], bounds[0])
    edges[-1] = min(edges[-1], bounds[1])
    return edges


def grid_axis(ax: Axes, which: str, values: Any, name: str, log: bool | None = None
              ) -> np.ndarray:
    """Set the scale and label of one axis of a grid plot; return the cell edges."""
    v = np.asarray(values, dtype=float)
    log = is_log_axis(v) if log is None else bool(log)
    edges = cell_edges(v, log=log, name=name)
    axis: Any
    if which == "x":
        ax.set_xscale("log" if log else "linear")
        ax.set_xlabel(axis_label(name))
        axis = ax.xaxis
    else:
        ax.set_yscale("log" if log else "linear")
        ax.set_ylabel(axis_label(name))
        axis = ax.yaxis
    if log:
        log_ticks(axis, edges[0], edges[-1], v)
    return edges


#: Most grid values that a log axis marks one by one (beyond: ticks at 1, 2, 5 x 10^k).
MAX_VALUE_TICKS = 6


def log_ticks(axis: Any, low: float, high: float, values: Any = ()) -> None:
    """Plain-number ticks on a log axis instead of powers of ten.

    At the grid values themselves when there are at most :data:`MAX_VALUE_TICKS`
    of them (3, 6, 12, 24), else at 1, 2 and 5 times the powers of ten (only
    the powers beyond three decades; every integer multiple below a factor 4).
    """
    v = np.unique(np.asarray(values, dtype=float))
    if 2 <= v.size <= MAX_VALUE_TICKS:
        axis.set_major_locator(FixedLocator(v.tolist()))
    else:
        decades = math.log10(high / low)
        subs = ((1.0,) if decades > 3 else (1.0, 2.0, 5.0) if decades > 0.6
                else tuple(float(k) for k in range(1, 10)))
        axis.set_major_locator(LogLocator(base=10.0, subs=subs))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _tick(value)))
    axis.set_minor_formatter(NullFormatter())


def _tick(value: float) -> str:
    """A tick label: the number as given, with thousands separators from 10,000 on."""
    return f"{value:,.0f}" if 1e4 <= abs(value) < 1e15 and float(value).is_integer() else \
        number(value)
