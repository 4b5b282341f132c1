"""Figures for blitzgame results (matplotlib, Axes interface).

Every function takes ``ax=None`` (a new figure is made with
``plt.subplots()``), forwards ``**kwargs`` to the main artist and returns the
Axes; nothing here calls ``plt.show()``, saves files or changes ``rcParams``.
Verdict classes have fixed colours from the Okabe-Ito colour-blind-safe
palette (Okabe & Ito 2008), so a colour means the same thing in every figure:

=====================  ===========================  ==============
class                  meaning                      colour
=====================  ===========================  ==============
``blitz_dominant``     blitz is dominant            vermillion
``defender_wins``      a defence beats blitzing     bluish green
``blitz_equilibrium``  blitzing in an equilibrium   orange
``restraint``          pure equilibria, no blitz    reddish purple
``mixed_only``         no pure equilibrium          sky blue
failed point           error recorded               grey
=====================  ===========================  ==============

References
----------
1. Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make
   figures and presentations that are friendly to colorblind people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch, Polygon
from numpy.typing import ArrayLike

from .analysis.measures import VERDICTS
from .exceptions import InvalidParameterError

if TYPE_CHECKING:  # pragma: no cover
    from .games.normal_form import NormalFormGame
    from .solvers.nplayer.dynamics import DynamicsResult
    from .solvers.repeated.spe import SPEPayoffSet

__all__ = ["VERDICT_COLORS", "VERDICT_LABELS", "plot_regions", "plot_heatmap",
           "plot_profile", "plot_equilibrium_payoffs",
           "plot_simplex", "plot_payoff_sets", "plot_policy"]

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
_PLAYER_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


def _edges(v: np.ndarray, log: bool = False) -> np.ndarray:
    """Cell edges around grid values: midpoints, or geometric midpoints when ``log``."""
    v = np.asarray(v, dtype=float)
    if log:
        out: np.ndarray = np.exp(_edges(np.log(v)))
        return out
    if v.size == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def plot_profile(result: Any, *, x: str, y: Sequence[str], shade: str | None = None,
                 labels: Sequence[str] | None = None, log: bool | None = None,
                 ax: Axes | None = None, legend: bool = True, **kwargs: Any) -> Axes:
    """Lines of some quantities along one swept parameter, with the cells where one holds.

    Parameters
    ----------
    result : SweepResult
        A sweep over one parameter ``x``.
    x : str
        The swept parameter (horizontal axis).
    y : sequence of str
        Numeric quantities of the sweep, one line each.
    shade : str, optional
        A boolean quantity: the grid cells where it holds are shaded (bluish green, the
        ``defender_wins`` colour), between the cell edges of the grid.
    labels : sequence of str, optional
        Legend labels of the lines (default: the names in ``y``).
    log : bool, optional
        Logarithmic horizontal axis (and cell edges); default when the values are
        positive and span more than a factor of 10.
    ax : Axes, optional
    legend : bool
        One legend for the lines and the shading.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot`.

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
    >>> ax.get_xscale(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('log', ['return.A', 'defender_wins'])
    """
    ax = _axes(ax)
    if result.grid.dims != (result.grid.axis_of(x),) or len(result.grid.parameters) != 1:
        raise InvalidParameterError(
            f"plot_profile needs a sweep over the one parameter {x!r}; "
            f"got parameters {result.grid.parameters}")
    xs = np.asarray(result.grid.values(x), dtype=float)
    if log is None:
        log = bool((xs > 0).all() and xs.max() > 10 * xs.min())
    names = list(labels) if labels is not None else list(y)
    if len(names) != len(y):
        raise InvalidParameterError(
            f"labels has {len(names)} entries; expected {len(y)} (one per name in y)")
    for k, (var, label) in enumerate(zip(y, names, strict=True)):
        ax.plot(xs, np.asarray(result[var], dtype=float), marker="o",
                color=_PLAYER_COLORS[k % len(_PLAYER_COLORS)], label=label, **kwargs)
    handles, texts = ax.get_legend_handles_labels()
    if shade is not None:
        edges = _edges(xs, log=log)
        on = np.asarray(result[shade], dtype=bool)
        for j in np.flatnonzero(on):
            ax.axvspan(edges[j], edges[j + 1], color=VERDICT_COLORS["defender_wins"],
                       alpha=0.18, lw=0)
        if on.any():
            handles.append(Patch(color=VERDICT_COLORS["defender_wins"], alpha=0.18))
            texts.append(shade)
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(x)
    if legend and handles:
        ax.legend(handles, texts, fontsize="small")
    return ax


def plot_regions(result: Any, *, x: str, y: str, var: str = "verdict",
                 select: Mapping[str, Any] | None = None, ax: Axes | None = None,
                 colors: Mapping[str, str] | None = None, legend: bool = True,
                 **kwargs: Any) -> Axes:
    """Phase diagram: the verdict class of each point over two swept parameters.

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
    legend : bool
        Add a legend of the classes present.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.pcolormesh`.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np
    >>> from blitzgame.analysis.sweep import ParameterGrid, SweepResult
    >>> grid = ParameterGrid({"prize": [1.0, 2.0], "cost": [1.0, 2.0, 3.0]})
    >>> v = np.array(["blitz_dominant", "mixed_only", "mixed_only", "defender_wins",
    ...               "defender_wins", "blitz_dominant"], dtype=object)
    >>> ax = plot_regions(SweepResult(grid, "verdict", {"verdict": v}, np.ones(6, bool)),
    ...                   x="prize", y="cost")
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('prize', ['blitz dominant', 'defender wins', 'mixed only'])
    """
    ax = _axes(ax)
    colors = {**VERDICT_COLORS, **dict(colors or {})}
    ds, da = _slice2d(result, x, y, var, select)
    labels = np.asarray(da.values, dtype=object)
    classes = [c for c in (*VERDICTS, "failed") if c in colors]
    extra = sorted({str(v) for v in labels.ravel()} - set(classes))
    classes += extra
    codes = np.vectorize(lambda v: classes.index(str(v)), otypes=[float])(labels)
    palette = [colors.get(c, _PLAYER_COLORS[k % len(_PLAYER_COLORS)])
               for k, c in enumerate(classes)]
    cmap = ListedColormap(palette)
    xs, ys = ds[x].values, ds[y].values
    kwargs.setdefault("shading", "flat")
    ax.pcolormesh(_edges(xs), _edges(ys), codes, cmap=cmap, vmin=-0.5,
                  vmax=len(classes) - 0.5, **kwargs)
    ax.set_xlabel(str(ds[x].attrs.get("long_name", x)))
    ax.set_ylabel(str(ds[y].attrs.get("long_name", y)))
    if legend:
        present = [c for c in classes if (labels == c).any()]
        ax.legend(handles=[Patch(color=colors.get(c, palette[classes.index(c)]),
                                 label=VERDICT_LABELS.get(c, c)) for c in present],
                  loc="best", fontsize="small")
    return ax


def _slice2d(result: Any, x: str, y: str, var: str, select: Mapping[str, Any] | None) -> Any:
    """The ``var`` values over (y, x) with every other swept axis fixed by ``select``."""
    ds = result.to_xarray()
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
    return ds, da.transpose(ds[y].dims[0], ds[x].dims[0])


def plot_heatmap(result: Any, *, x: str, y: str, var: str,
                 select: Mapping[str, Any] | None = None, ax: Axes | None = None,
                 colorbar: bool = True, **kwargs: Any) -> Axes:
    """A numeric swept quantity (e.g. ``critical_discount``) over two parameters.

    Parameters are as in :func:`plot_regions`; ``**kwargs`` go to
    :meth:`~matplotlib.axes.Axes.pcolormesh` (default colormap ``cividis``).

    Examples
    --------
    >>> import numpy as np
    >>> from blitzgame.analysis.sweep import ParameterGrid, SweepResult
    >>> grid = ParameterGrid({"prize": [1.0, 2.0], "cost": [1.0, 2.0, 3.0]})
    >>> r = SweepResult(grid, "demo", {"delta": np.linspace(0, 1, 6)}, np.ones(6, bool))
    >>> ax = plot_heatmap(r, x="prize", y="cost", var="delta")
    >>> ax.get_ylabel(), ax.figure.axes[-1].get_ylabel()
    ('cost', 'delta')
    """
    ax = _axes(ax)
    ds, da = _slice2d(result, x, y, var, select)
    kwargs.setdefault("cmap", "cividis")
    kwargs.setdefault("shading", "flat")
    mesh = ax.pcolormesh(_edges(ds[x].values), _edges(ds[y].values),
                         np.asarray(da.values, dtype=float), **kwargs)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    if colorbar:
        ax.figure.colorbar(mesh, ax=ax, label=var)
    return ax


def plot_equilibrium_payoffs(result: Any, *, ax: Axes | None = None, legend: bool = True,
                             **kwargs: Any) -> Axes:
    """Grouped bars: each firm's payoff in each equilibrium of an :class:`EquilibriumResult`.

    Examples
    --------
    >>> import blitzgame as bg
    >>> g = bg.NormalFormGame.from_bimatrix([[1, 0], [2, -2]], [[1, 2], [0, -2]],
    ...     players=("a", "b"), actions=(("steady", "blitz"), ("steady", "blitz")))
    >>> ax = plot_equilibrium_payoffs(bg.pure_equilibria(g))
    >>> [t.get_text() for t in ax.get_legend().get_texts()], ax.get_ylabel()
    (['a', 'b'], 'expected payoff')
    """
    ax = _axes(ax)
    g = result.game
    eqs = list(result)
    n = g.num_players
    width = 0.8 / n
    xs = np.arange(len(eqs))
    for i, p in enumerate(g.players):
        vals = [float(e.payoffs[i]) for e in eqs]
        ax.bar(xs + (i - (n - 1) / 2) * width, vals, width,
               color=_PLAYER_COLORS[i % len(_PLAYER_COLORS)], label=p, **kwargs)
    ticks = []
    for e in eqs:
        if e.is_pure:
            ticks.append("\n".join(g.actions[i][a] for i, a in enumerate(e.pure_profile)))
        else:
            ticks.append("mixed")
    ax.set_xticks(xs, ticks)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel("equilibrium")
    ax.set_ylabel("expected payoff")
    if legend:
        ax.legend(title="firm")
    return ax


def _simplex_xy(p: np.ndarray) -> np.ndarray:
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])
    xy: np.ndarray = p @ corners
    return xy


def plot_simplex(trajectories: (ArrayLike | DynamicsResult
                                | Sequence[ArrayLike | DynamicsResult]), *,
                 actions: Sequence[str] = ("0", "1", "2"), player: int = 0,
                 ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Replicator-dynamics (or any) trajectories of a 3-action population on the simplex.

    Parameters
    ----------
    trajectories : array of shape (T, 3) or sequence of them
        Mixed strategies over time; each row sums to one. A
        :class:`~blitzgame.solvers.nplayer.dynamics.DynamicsResult` (or a sequence of
        them) is accepted too: ``player``'s trajectory is drawn.
    actions : sequence of 3 str
        Vertex labels.
    player : int
        Whose trajectory to take from dynamics results.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.linspace(0, 1, 20)[:, None]
    >>> path = (1 - t) * np.array([0.6, 0.3, 0.1]) + t * np.array([1 / 3, 1 / 3, 1 / 3])
    >>> ax = plot_simplex(path, actions=("Steady", "Blitz", "Niche"))
    >>> sorted(t.get_text() for t in ax.texts)
    ['Blitz', 'Niche', 'Steady']
    """
    ax = _axes(ax)
    given: Any = trajectories  # arrays or dynamics results, told apart by duck typing
    if hasattr(given, "trajectory"):
        given = [given]
    if isinstance(given, (list, tuple)):
        given = [t.trajectory[player] if hasattr(t, "trajectory") else t for t in given]
    arr = np.asarray(given, dtype=float) if not isinstance(given, list) else None
    paths = [arr] if arr is not None and arr.ndim == 2 else [np.asarray(t, float)
                                                             for t in given]
    if len(actions) != 3 or any(p.ndim != 2 or p.shape[1] != 3 for p in paths):
        raise InvalidParameterError("plot_simplex draws 3-action trajectories of shape (T, 3)")
    corners = _simplex_xy(np.eye(3))
    ax.add_patch(Polygon(corners, closed=True, fill=False, edgecolor="black", linewidth=1))
    offsets = np.array([[-0.04, -0.05], [0.04, -0.05], [0.0, 0.04]])
    for c, off, lab in zip(corners, offsets, actions, strict=True):
        tx, ty = c + off
        ax.text(tx, ty, lab, ha="center", va="center")
    for k, p in enumerate(paths):
        xy = _simplex_xy(p)
        color = kwargs.pop("color", None) or _PLAYER_COLORS[k % len(_PLAYER_COLORS)]
        ax.plot(xy[:, 0], xy[:, 1], color=color, **kwargs)
        ax.plot(*xy[0], "o", color=color, markersize=4)
        ax.plot(*xy[-1], "s", color=color, markersize=5)
    ax.set_aspect("equal")
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.1, 0.95)
    ax.axis("off")
    return ax


def plot_payoff_sets(game: NormalFormGame, *, spe: ArrayLike | SPEPayoffSet | None = None,
                     minmax: Sequence[float] | None = None, ax: Axes | None = None,
                     **kwargs: Any) -> Axes:
    """The feasible payoff set of a two-player stage game, with an SPE payoff polygon.

    Parameters
    ----------
    game : NormalFormGame
        A two-player stage game; its feasible set is the convex hull of the
        pure-profile payoffs.
    spe : array of shape (k, 2), optional
        Vertices of a subgame-perfect equilibrium payoff set (e.g. from
        ``bg.spe_payoffs``; an object with ``vertices`` works too).
    minmax : (float, float), optional
        The players' minmax values, drawn as dashed lines.

    Examples
    --------
    >>> import blitzgame as bg
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                      players=("a", "b"))
    >>> ax = plot_payoff_sets(pd, spe=[[1, 1], [3, 3], [1.25, 3.75], [3.75, 1.25]],
    ...                       minmax=(1, 1))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['feasible', 'SPE payoffs', 'minmax']
    """
    from scipy.spatial import ConvexHull, QhullError

    ax = _axes(ax)
    if game.num_players != 2:
        raise InvalidParameterError(
            f"plot_payoff_sets draws two-player games; got {game.num_players} players")
    pts = np.unique(game.float_payoffs.reshape(-1, 2), axis=0)
    try:
        hull = pts[ConvexHull(pts).vertices]
    except (QhullError, ValueError):  # collinear or too few points: draw the segment
        order = np.lexsort((pts[:, 1], pts[:, 0]))
        hull = pts[order[[0, -1]]] if len(pts) > 1 else pts
    ax.add_patch(Polygon(hull, closed=True, facecolor="#56B4E9", alpha=0.3,
                         edgecolor="#0072B2", label="feasible"))
    ax.plot(pts[:, 0], pts[:, 1], "o", color="#0072B2", markersize=3)
    if spe is not None:
        if hasattr(spe, "vertices"):
            spe = spe.vertices
        v = np.asarray(spe, dtype=float).reshape(-1, 2)
        distinct = np.unique(np.round(v, 9), axis=0)
        if len(distinct) <= 2:  # a point or a segment: draw it visibly
            ax.plot(distinct[:, 0], distinct[:, 1], "-*", color="#009E73", markersize=14,
                    linewidth=3, label="SPE payoffs")
        else:
            try:
                v = v[ConvexHull(v).vertices]
            except (QhullError, ValueError):
                pass
            kwargs.setdefault("facecolor", "#009E73")
            kwargs.setdefault("alpha", 0.5)
            ax.add_patch(Polygon(v, closed=True, edgecolor="#009E73", label="SPE payoffs",
                                 **kwargs))
    if minmax is not None:
        ax.axvline(minmax[0], color="black", linestyle="--", linewidth=0.8, label="minmax")
        ax.axhline(minmax[1], color="black", linestyle="--", linewidth=0.8)
    ax.autoscale_view()
    ax.set_xlabel(f"payoff of {game.players[0]}")
    ax.set_ylabel(f"payoff of {game.players[1]}")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_policy(policy: ArrayLike, *, states: Sequence[str], actions: Sequence[str],
                ax: Axes | None = None, title: str | None = None, annotate: bool = True,
                **kwargs: Any) -> Axes:
    """A Markov policy as a heat map: probability of each action (columns) in each state (rows).

    Examples
    --------
    >>> ax = plot_policy([[0.0, 1.0], [0.7, 0.3]], states=("Startup", "Leader"),
    ...                  actions=("Steady", "Blitz"), title="firm a")
    >>> ax.get_xlabel(), ax.get_ylabel(), ax.get_title()
    ('action', 'state', 'firm a')
    """
    ax = _axes(ax)
    p = np.asarray(policy, dtype=float)
    if p.shape != (len(states), len(actions)):
        raise InvalidParameterError(
            f"policy must have shape (len(states), len(actions)) = ({len(states)}, "
            f"{len(actions)}); got {p.shape}")
    kwargs.setdefault("cmap", "cividis")
    im = ax.imshow(p, vmin=0.0, vmax=1.0, aspect="auto", **kwargs)
    ax.set_xticks(range(len(actions)), list(actions))
    ax.set_yticks(range(len(states)), list(states))
    if annotate:
        for (r, c), v in np.ndenumerate(p):
            ax.text(c, r, f"{v:.2f}", ha="center", va="center",
                    color="white" if v < 0.5 else "black", fontsize="small")
    ax.figure.colorbar(im, ax=ax, label="probability")
    ax.set_xlabel("action")
    ax.set_ylabel("state")
    if title:
        ax.set_title(title)
    return ax
