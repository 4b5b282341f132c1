"""Figures of parameter sweeps: profiles along one parameter, phase diagrams and heat maps.

Axes of swept parameters follow :mod:`blitzgame.plotting._axes`: a log scale
for positive geometric grids, cells between (geometric) midpoints that never
leave the parameter's valid range, and labels with units
(:func:`blitzgame.model.parameter_label`). Each figure has one legend: a
phase diagram's legend sits outside its Axes, and panels of one figure share a
single figure legend (``legend="figure"``, or :func:`regions_legend`).
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch, Rectangle

from ..analysis.measures import VERDICTS
from ..exceptions import InvalidParameterError
from ._axes import PLAYER_COLORS, grid_axis, new_axes, text, variable_label

__all__ = ["VERDICT_COLORS", "VERDICT_LABELS", "plot_profile", "plot_regions", "plot_heatmap",
           "regions_legend"]

#: Fixed colour of each verdict class (Okabe-Ito).
VERDICT_COLORS: dict[str, str] = {
    "blitz_dominant": "#D55E00",
    "blitz_equilibrium": "#E69F00",
    "defender_wins": "#009E73",
    "restraint": "#CC79A7",
    "mixed_only": "#56B4E9",
    "failed": "#999999",
}
#: Legend text of each verdict class.
VERDICT_LABELS: dict[str, str] = {
    "blitz_dominant": "blitz dominant",
    "blitz_equilibrium": "blitz equilibrium only",
    "defender_wins": "defender wins",
    "restraint": "restraint",
    "mixed_only": "mixed only",
    "failed": "failed",
}
#: Hatches that tell apart the winners inside the ``defender_wins`` region.
WINNER_HATCHES = ("//", "\\\\", "xx", "..", "++", "oo")

# the legend entries each phase diagram drew, (class rank, label) -> handle, so that the
# panels of one figure can share one legend; weak, so closed figures are forgotten
_ENTRIES: weakref.WeakKeyDictionary[Axes, dict[tuple[int, str], Patch]] = (
    weakref.WeakKeyDictionary())
_FIGURE_LEGENDS: weakref.WeakKeyDictionary[Figure, Legend] = weakref.WeakKeyDictionary()


def plot_profile(result: Any, *, x: str, y: Sequence[str], shade: str | None = None,
                 labels: Sequence[str] | None = None, log: bool | None = None,
                 ax: Axes | None = None, legend: bool = True, **kwargs: Any) -> Axes:
    """Lines of some quantities along one swept parameter, with the cells where one holds.

    Parameters
    ----------
    result : SweepResult
        A sweep over one parameter ``x``.
    x : str
        The swept parameter (horizontal axis, labelled with its unit).
    y : sequence of str
        Numeric quantities of the sweep, one line each.
    shade : str, optional
        A boolean quantity: the grid cells where it holds are shaded (bluish green, the
        ``defender_wins`` colour), between the cell edges of the grid.
    labels : sequence of str, optional
        Legend labels of the lines (default: the names in ``y``).
    log : bool, optional
        Logarithmic horizontal axis (and cell edges); default when the values are
        positive and geometric, or positive, uneven and spanning a factor of 10.
    ax : Axes, optional
    legend : bool
        One legend for the lines and the shading, outside the Axes on the right.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` (default ``marker="o"`` on
        grids of at most 20 values, none on finer ones).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np
    >>> from blitzgame.analysis.sweep import ParameterGrid, SweepResult
    >>> grid = ParameterGrid({"market.sharpness": [0.5, 1.0, 2.0, 4.0, 8.0]})
    >>> res = SweepResult(grid, "analyze", {"return.A": np.array([1.0, 0.5, 0.2, 0.1, 0.0]),
    ...     "defender_wins": np.array([False, False, True, True, False])}, np.ones(5, bool))
    >>> ax = plot_profile(res, x="market.sharpness", y=["return.A"], shade="defender_wins")
    >>> ax.get_xscale(), ax.get_xlabel()
    ('log', 'winner-take-all sharpness r')
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['return.A', 'a defender posture wins']
    """
    ax = new_axes(ax)
    if result.grid.dims != (result.grid.axis_of(x),) or len(result.grid.parameters) != 1:
        raise InvalidParameterError(
            f"plot_profile needs a sweep over the one parameter {x!r}; "
            f"got parameters {result.grid.parameters}")
    xs = np.asarray(result.grid.values(x), dtype=float)
    order = np.argsort(xs, kind="stable")
    xs = xs[order]
    names = list(labels) if labels is not None else list(y)
    if len(names) != len(y):
        raise InvalidParameterError(
            f"labels has {len(names)} entries; expected {len(y)} (one per name in y)")
    kwargs.setdefault("marker", "o" if len(xs) <= 20 else None)
    for k, (var, label) in enumerate(zip(y, names, strict=True)):
        ax.plot(xs, np.asarray(result[var], dtype=float)[order],
                color=PLAYER_COLORS[k % len(PLAYER_COLORS)], label=text(label), **kwargs)
    edges = grid_axis(ax, "x", xs, x, log)
    handles, texts = ax.get_legend_handles_labels()
    if shade is not None:
        on = np.asarray(result[shade], dtype=bool)[order]
        for j in np.flatnonzero(on):
            ax.axvspan(edges[j], edges[j + 1], color=VERDICT_COLORS["defender_wins"],
                       alpha=0.18, lw=0)
        if on.any():
            handles.append(Patch(color=VERDICT_COLORS["defender_wins"], alpha=0.18))
            texts.append(variable_label(shade))
    ax.set_xlim(edges[0], edges[-1])
    if legend and handles:  # outside on the right: the lines and the shading stay visible
        ax.legend(handles, texts, fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  borderaxespad=0.0)
    return ax


def _slice2d(ds: Any, x: str, y: str, var: str, select: Mapping[str, Any] | None) -> Any:
    """The ``var`` values over (y, x), sorted by x and y, every other swept axis fixed."""
    if var not in ds:
        raise InvalidParameterError(f"var {var!r} is not in the sweep; expected one of "
                                    f"{list(ds.data_vars)}")
    for p in (x, y):
        if p not in ds.coords:
            raise InvalidParameterError(f"{p!r} is not a swept parameter; expected one of "
                                        f"{[str(c) for c in ds.coords]}")
    if ds[x].dims[0] == ds[y].dims[0]:
        raise InvalidParameterError(f"{x!r} and {y!r} vary along the same (zipped) axis")
    da = ds[var]
    if "ok" in ds:
        da = (da.astype(object) if da.dtype == object else da).where(
            ds["ok"], "failed" if da.dtype == object else np.nan)
    sel = dict(select or {})
    by_dim: dict[str, list[str]] = {}
    for c in ds.coords:
        if c not in (x, y) and ds[c].dims:
            by_dim.setdefault(ds[c].dims[0], []).append(str(c))
    for dim, names in by_dim.items():
        if dim in (ds[x].dims[0], ds[y].dims[0]) or dim not in da.dims:
            continue
        chosen = [c for c in names if c in sel]
        if chosen:
            vals = np.asarray(ds[chosen[0]].values, dtype=float)
            da = da.isel({dim: int(np.abs(vals - float(sel[chosen[0]])).argmin())})
        elif ds.sizes[dim] == 1:
            da = da.isel({dim: 0})
        else:
            raise InvalidParameterError(
                f"the sweep also varies {names[0]!r}; "
                f"pass select={{{names[0]!r}: value}} to fix it")
    return da.transpose(ds[y].dims[0], ds[x].dims[0]).sortby(x).sortby(y)


def _winners(ds: Any, x: str, y: str, select: Mapping[str, Any] | None) -> np.ndarray | None:
    """Per cell, who wins with which defender posture, where the sweep records it.

    From the ``verdict`` / ``defender_wins`` measures' ``defender_posture.<firm>``
    ("Defender with Niche"), else the ``analyze`` measure's ``defender_postures``.
    """
    firms = [str(k).partition(".")[2] for k in ds.data_vars
             if str(k).startswith("defender_posture.")]
    if firms:
        cols = [np.asarray(_slice2d(ds, x, y, f"defender_posture.{f}", select).values,
                           dtype=object) for f in firms]
        out = np.empty(cols[0].shape, dtype=object)
        for idx in np.ndindex(out.shape):
            out[idx] = "; ".join(
                f"{f} with {' or '.join(str(c[idx]).split(','))}" for f, c in zip(
                    firms, cols, strict=True) if isinstance(c[idx], str) and c[idx]
                and c[idx] != "failed")
        return out
    if "defender_postures" in ds:
        vals = np.asarray(_slice2d(ds, x, y, "defender_postures", select).values, dtype=object)
        out = np.empty(vals.shape, dtype=object)
        for idx, v in np.ndenumerate(vals):
            out[idx] = ", ".join(v.split(",")) if isinstance(v, str) and v != "failed" else ""
        return out
    return None


def plot_regions(result: Any, *, x: str, y: str, var: str = "verdict",
                 select: Mapping[str, Any] | None = None, ax: Axes | None = None,
                 colors: Mapping[str, str] | None = None,
                 legend: bool | Literal["figure"] = True, **kwargs: Any) -> Axes:
    """Phase diagram: the verdict class of each point over two swept parameters.

    Each grid point is a cell, its edges halfway (geometrically, on a log axis)
    between neighbouring values and never beyond the parameter's valid range;
    positive geometric grids get a log scale, and the axes are labelled with
    the parameters' names and units. Where the sweep records which firm wins
    with which defender posture (the ``verdict`` measure's
    ``defender_posture.<firm>``, or the ``analyze`` measure's
    ``defender_postures``), the legend says so -- "defender wins: Defender
    with Niche" -- and hatches tell apart regions with different winners.

    Parameters
    ----------
    result : SweepResult
        A sweep with a categorical quantity ``var`` (the ``verdict`` measure).
    x, y : str
        Swept parameters on the horizontal and vertical axes.
    var : str
        The categorical quantity (default ``"verdict"``).
    select : mapping, optional
        Values of the other swept parameters (``{name: value}``, nearest match).
    ax : Axes, optional
    colors : mapping, optional
        Colours per class; default :data:`VERDICT_COLORS`.
    legend : bool or "figure"
        ``True``: a legend of the classes present, outside the Axes on the right.
        ``"figure"``: one legend for every phase diagram of the figure (use it
        for each panel of a multi-panel figure; it is rebuilt as panels are
        added). ``False``: none (:func:`regions_legend` adds one later).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.pcolormesh`.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np
    >>> from blitzgame.analysis.sweep import ParameterGrid, SweepResult
    >>> grid = ParameterGrid({"market.prize": [1.0, 10.0, 100.0],
    ...                       "market.leadership_window": [3.0, 6.0]})
    >>> v = np.array(["blitz_dominant", "mixed_only", "mixed_only", "defender_wins",
    ...               "defender_wins", "blitz_dominant"], dtype=object)
    >>> ax = plot_regions(SweepResult(grid, "verdict", {"verdict": v}, np.ones(6, bool)),
    ...                   x="market.prize", y="market.leadership_window")
    >>> ax.get_xlabel(), ax.get_xscale(), ax.get_ylabel()
    ('prize V (\\\\$B)', 'log', 'leadership window (months)')
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['blitz dominant', 'defender wins', 'mixed only']
    """
    ax = new_axes(ax)
    colors = {**VERDICT_COLORS, **dict(colors or {})}
    ds = result.to_xarray()
    da = _slice2d(ds, x, y, var, select)
    labels = np.asarray(da.values, dtype=object)
    classes = [c for c in (*VERDICTS, "failed") if c in colors]
    classes += sorted({str(v) for v in labels.ravel()} - set(classes))
    codes = np.vectorize(lambda v: classes.index(str(v)), otypes=[float])(labels)
    palette = [colors.get(c, PLAYER_COLORS[k % len(PLAYER_COLORS)])
               for k, c in enumerate(classes)]
    xe = grid_axis(ax, "x", da[x].values, x)
    ye = grid_axis(ax, "y", da[y].values, y)
    kwargs.setdefault("shading", "flat")
    ax.pcolormesh(xe, ye, codes, cmap=ListedColormap(palette), vmin=-0.5,
                  vmax=len(classes) - 0.5, **kwargs)
    entries: dict[tuple[int, str], Patch] = {}
    winners = _winners(ds, x, y, select) if "defender_wins" in classes else None
    for rank, c in enumerate(classes):
        cells = labels == c
        if not cells.any():
            continue
        color = palette[rank]
        name = VERDICT_LABELS.get(c, c)
        if c != "defender_wins" or winners is None:
            entries[(rank, name)] = Patch(facecolor=color, label=name)
            continue
        groups = Counter(str(w) for w in winners[cells])
        for k, (who, _) in enumerate(sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))):
            # one winner a line, so the legend beside the Axes stays narrow
            parts = who.split("; ") if who else []
            label = text(name if not parts else f"{name}: {who}" if len(parts) == 1
                         else f"{name}:\n  " + "\n  ".join(parts))
            hatch = None if k == 0 else WINNER_HATCHES[(k - 1) % len(WINNER_HATCHES)]
            entries[(rank, label)] = Patch(facecolor=color, hatch=hatch, edgecolor="#1a1a1a"
                                           if hatch else color, linewidth=0, label=label)
            if hatch:
                rows, cols = np.nonzero(cells & (winners == who))
                ax.add_collection(PatchCollection(
                    [Rectangle((xe[j], ye[i]), xe[j + 1] - xe[j], ye[i + 1] - ye[i])
                     for i, j in zip(rows, cols, strict=True)],
                    facecolor="none", edgecolor="#1a1a1a", linewidth=0, hatch=hatch),
                    autolim=False)
    _ENTRIES[ax] = entries
    ax.set_xlim(xe[0], xe[-1])
    ax.set_ylim(ye[0], ye[-1])
    if legend == "figure":
        regions_legend(ax.figure)
    elif legend:
        regions_legend(ax)
    return ax


def regions_legend(target: Axes | Figure | Any, **kwargs: Any) -> Legend | None:
    """One legend of the regions :func:`plot_regions` drew on an Axes, or on a whole figure.

    For a Figure, the classes of all its phase diagrams are merged, each once,
    in the fixed order of the verdict classes, into one figure legend (outside
    on the right with constrained layout); where panels name different winners
    with the same look (each panel's own defender), the entry keeps only the
    class name. A legend this function added to the figure before is replaced.
    For an Axes the legend goes outside it on the right. ``**kwargs`` go to
    :meth:`~matplotlib.axes.Axes.legend` or
    :meth:`~matplotlib.figure.Figure.legend`.

    Returns
    -------
    Legend or None
        ``None`` when no phase diagram was drawn there.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from blitzgame.analysis.sweep import ParameterGrid, SweepResult
    >>> grid = ParameterGrid({"market.sharpness": [1.0, 2.0], "market.prize": [10.0, 20.0]})
    >>> fig, axes = plt.subplots(1, 2, layout="constrained")
    >>> for ax, kind in zip(axes, ["restraint", "mixed_only"]):
    ...     res = SweepResult(grid, "verdict", {"verdict": np.array([kind] * 4, dtype=object)},
    ...                       np.ones(4, bool))
    ...     _ = plot_regions(res, x="market.sharpness", y="market.prize", ax=ax, legend=False)
    >>> leg = regions_legend(fig)
    >>> [t.get_text() for t in leg.get_texts()], len(fig.legends)
    (['restraint', 'mixed only'], 1)
    """
    axes = [target] if isinstance(target, Axes) else list(target.axes)
    # entries that look alike (class colour and hatch) but name different winners in different
    # panels -- each panel's own winner -- become one entry with the class's name
    alike: dict[tuple[int, str], dict[str, Patch]] = {}
    for a in axes:
        for (rank, label), handle in _ENTRIES.get(a, {}).items():
            alike.setdefault((rank, handle.get_hatch() or ""), {}).setdefault(label, handle)
    if not alike:
        return None
    handles: list[Patch] = []
    for _key, labels in sorted(alike.items()):
        if len(labels) == 1:
            handles.extend(labels.values())
        else:
            first = next(iter(labels.values()))
            handles.append(Patch(facecolor=first.get_facecolor(), hatch=first.get_hatch(),
                                 edgecolor=first.get_edgecolor(), linewidth=0,
                                 label=min(labels).partition(":")[0]))
    kwargs.setdefault("fontsize", "small")
    if isinstance(target, Axes):
        kwargs.setdefault("loc", "upper left")
        kwargs.setdefault("bbox_to_anchor", (1.02, 1.0))
        kwargs.setdefault("borderaxespad", 0.0)
        return target.legend(handles=handles, **kwargs)
    old = _FIGURE_LEGENDS.pop(target, None)
    if old is not None:
        old.remove()
    engine = target.get_layout_engine()
    constrained = engine is not None and type(engine).__name__ == "ConstrainedLayoutEngine"
    kwargs.setdefault("loc", "outside right upper" if constrained else "center right")
    leg = target.legend(handles=handles, **kwargs)
    _FIGURE_LEGENDS[target] = leg
    return leg


def plot_heatmap(result: Any, *, x: str, y: str, var: str,
                 select: Mapping[str, Any] | None = None, ax: Axes | None = None,
                 colorbar: bool = True, **kwargs: Any) -> Axes:
    """A numeric swept quantity (e.g. ``critical_discount``) over two parameters.

    Parameters are as in :func:`plot_regions` (cells, scales and labels too);
    ``**kwargs`` go to :meth:`~matplotlib.axes.Axes.pcolormesh` (default
    colormap ``cividis``). The colour bar is labelled with the quantity's name.
    Cells where the quantity is NaN (e.g. restraint cannot be sustained) are
    left blank.

    Examples
    --------
    >>> import numpy as np
    >>> from blitzgame.analysis.sweep import ParameterGrid, SweepResult
    >>> grid = ParameterGrid({"market.prize": [1.0, 2.0], "market.sharpness": [1.0, 2.0, 3.0]})
    >>> r = SweepResult(grid, "demo", {"critical_discount": np.linspace(0, 1, 6)},
    ...                 np.ones(6, bool))
    >>> ax = plot_heatmap(r, x="market.prize", y="market.sharpness", var="critical_discount")
    >>> ax.get_ylabel(), ax.figure.axes[-1].get_ylabel()
    ('winner-take-all sharpness r', 'critical discount factor δ*')
    """
    ax = new_axes(ax)
    da = _slice2d(result.to_xarray(), x, y, var, select)
    kwargs.setdefault("cmap", "cividis")
    kwargs.setdefault("shading", "flat")
    xe = grid_axis(ax, "x", da[x].values, x)
    ye = grid_axis(ax, "y", da[y].values, y)
    mesh = ax.pcolormesh(xe, ye, np.asarray(da.values, dtype=float), **kwargs)
    ax.set_xlim(xe[0], xe[-1])
    ax.set_ylim(ye[0], ye[-1])
    if colorbar:
        ax.figure.colorbar(mesh, ax=ax, label=variable_label(var))
    return ax

