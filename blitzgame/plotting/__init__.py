"""Figures for blitzgame results (matplotlib, Axes interface).

Every function takes ``ax=None`` (a new figure is made with
``plt.subplots(layout="constrained")``), forwards ``**kwargs`` to the main artist and returns the
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

Axes of swept parameters are labelled with the parameter's name and unit
(:func:`blitzgame.model.parameter_label`: "winner-take-all sharpness r",
"prize V ($B)"), use a log scale for positive geometric grids, and never run
outside the range a parameter accepts; each figure has one legend.

Modules: :mod:`~blitzgame.plotting.sweeps` (sweeps: :func:`plot_profile`,
:func:`plot_regions`, :func:`plot_heatmap`, :func:`regions_legend`) and
:mod:`~blitzgame.plotting.games` (games and equilibria).

References
----------
1. Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make
   figures and presentations that are friendly to colorblind people.
"""

from __future__ import annotations

from .games import plot_equilibrium_payoffs, plot_payoff_sets, plot_policy, plot_simplex
from .sweeps import (
    VERDICT_COLORS,
    VERDICT_LABELS,
    plot_heatmap,
    plot_profile,
    plot_regions,
    regions_legend,
)

__all__ = ["VERDICT_COLORS", "VERDICT_LABELS", "plot_regions", "plot_heatmap", "plot_profile",
           "regions_legend", "plot_equilibrium_payoffs", "plot_simplex", "plot_payoff_sets",
           "plot_policy"]
