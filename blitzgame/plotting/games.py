"""Figures of games and their equilibria: payoff bars, simplex paths, payoff sets, policies.

Each function takes ``ax=None`` (a new figure from ``plt.subplots()``), forwards
``**kwargs`` to its main artist and returns the Axes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Polygon
from numpy.typing import ArrayLike

from ..exceptions import InvalidParameterError
from ._axes import PLAYER_COLORS as _PLAYER_COLORS
from ._axes import new_axes as _axes
from ._axes import text

if TYPE_CHECKING:  # pragma: no cover
    from ..games.normal_form import NormalFormGame
    from ..solvers.nplayer.dynamics import DynamicsResult
    from ..solvers.repeated.spe import SPEPayoffSet

__all__ = ["plot_equilibrium_payoffs", "plot_simplex", "plot_payoff_sets", "plot_policy"]


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
    # the tick labels list each pure equilibrium's actions, one line per player in this order
    ax.set_xlabel(text(f"equilibrium (actions of {', '.join(g.players)}, top to bottom)"
                       if any(e.is_pure for e in eqs) else "equilibrium"))
    ax.set_ylabel("expected payoff")
    if legend:  # outside on the right, clear of the bars
        ax.legend(title="firm", loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
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
                     legend: bool = True, **kwargs: Any) -> Axes:
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
    legend : bool
        Add a legend (``False`` for all panels of a figure but one).

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
    if legend:
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
