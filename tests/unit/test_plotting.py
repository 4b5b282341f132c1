"""Plot functions return Axes with the expected labels, legends and fixed colours (Agg)."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from _sweep_models import ToyRace  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import blitzgame as bg  # noqa: E402
from blitzgame.analysis.measures import VERDICTS  # noqa: E402
from blitzgame.analysis.sweep import sweep  # noqa: E402
from blitzgame.exceptions import InvalidParameterError  # noqa: E402
from blitzgame.plotting import (  # noqa: E402
    VERDICT_COLORS,
    VERDICT_LABELS,
    plot_equilibrium_payoffs,
    plot_payoff_sets,
    plot_policy,
    plot_regions,
    plot_simplex,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


GRID = {"market.prize": [0.5, 2.0, 4.0, 8.0], "market.cost": [1.0, 3.0, 6.0],
        "market.niche": [0.0, 1.0]}


def _legend(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_plot_regions_labels_legend_and_fixed_colours():
    res = sweep(ToyRace(), GRID, "verdict", progress=False)
    fig, ax = plt.subplots()
    out = plot_regions(res, x="market.prize", y="market.cost", select={"market.niche": 1.0}, ax=ax)
    assert out is ax
    assert ax.get_xlabel() == "market.prize" and ax.get_ylabel() == "market.cost"
    sl = res["verdict"][:, :, 1]
    expected = [VERDICT_LABELS[c] for c in VERDICTS if (sl == c).any()]
    assert _legend(ax) == expected and len(expected) >= 2
    names = {lab: c for c, lab in VERDICT_LABELS.items()}
    for handle, text in zip(ax.get_legend().legend_handles, _legend(ax), strict=True):
        assert to_hex(handle.get_facecolor()) == VERDICT_COLORS[names[text]].lower()
    mesh = ax.collections[0]
    assert mesh.get_array().shape == (3 * 4,) or mesh.get_array().shape == (3, 4)


def test_plot_regions_marks_failed_points_and_needs_select():
    res = sweep(ToyRace(), {"market.prize": [1.0, 8.0], "market.cost": [-1.0, 1.0]}, "verdict",
                progress=False)
    ax = plot_regions(res, x="market.prize", y="market.cost")
    assert "failed" in _legend(ax)
    full = sweep(ToyRace(), GRID, "verdict", progress=False)
    with pytest.raises(InvalidParameterError, match="select=.*market.niche"):
        plot_regions(full, x="market.prize", y="market.cost")
    with pytest.raises(InvalidParameterError, match="not a swept parameter"):
        plot_regions(full, x="market.prize", y="nope", select={"market.niche": 0.0})


def test_plot_equilibrium_payoffs(chicken):
    res = bg.pure_equilibria(chicken)
    ax = plot_equilibrium_payoffs(res)
    assert _legend(ax) == ["firm_a", "firm_b"]
    assert ax.get_xlabel() == "equilibrium" and ax.get_ylabel() == "expected payoff"
    heights = sorted(round(p.get_height(), 9) for p in ax.patches)
    assert heights == [0.0, 0.0, 2.0, 2.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["defend\nblitz", "blitz\ndefend"]


def test_plot_simplex_vertices_and_paths():
    t = np.linspace(0, 1, 10)[:, None]
    p1 = (1 - t) * np.array([0.8, 0.1, 0.1]) + t / 3
    p2 = (1 - t) * np.array([0.1, 0.1, 0.8]) + t / 3
    ax = plot_simplex([p1, p2], actions=("Steady", "Blitz", "Niche"))
    assert sorted(x.get_text() for x in ax.texts) == ["Blitz", "Niche", "Steady"]
    assert len(ax.lines) == 6  # two paths, each with start and end markers
    end = ax.lines[0].get_xydata()[-1]
    np.testing.assert_allclose(end, [0.5, np.sqrt(3) / 6])  # the barycentre
    with pytest.raises(InvalidParameterError, match="3-action"):
        plot_simplex(np.ones((4, 2)) / 2)


def test_plot_payoff_sets(prisoners_dilemma):
    ax = plot_payoff_sets(prisoners_dilemma, spe=[[1, 1], [3, 3], [1.25, 3.75], [3.75, 1.25]],
                          minmax=(1, 1))
    assert _legend(ax) == ["feasible", "SPE payoffs", "minmax"]
    assert ax.get_xlabel() == "payoff of row" and ax.get_ylabel() == "payoff of col"
    feasible = ax.patches[0].get_xy()
    assert {tuple(p) for p in feasible[:-1]} == {(3, 3), (0, 5), (5, 0), (1, 1)}


def test_plot_payoff_sets_draws_a_single_spe_point(prisoners_dilemma):
    ax = plot_payoff_sets(prisoners_dilemma, spe=[[1, 1], [1, 1]])
    assert _legend(ax) == ["feasible", "SPE payoffs"]
    np.testing.assert_allclose(ax.lines[-1].get_xydata(), [[1, 1]])


def test_plot_policy():
    fig, ax = plt.subplots()
    out = plot_policy(np.array([[0, 1], [0.25, 0.75], [1, 0]]), ax=ax,
                      states=("Startup", "Competitor", "Leader"), actions=("Steady", "Blitz"))
    assert out is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Startup", "Competitor", "Leader"]
    assert "0.75" in [t.get_text() for t in ax.texts]
    with pytest.raises(InvalidParameterError, match="shape"):
        plot_policy(np.ones((2, 2)), states=("a",), actions=("x", "y"))


def test_plot_simplex_takes_replicator_results():
    rps = bg.NormalFormGame.from_bimatrix([[1, 0, 3], [2, 1, 0], [0, 2, 1]],
                                          [[1, 2, 0], [0, 1, 2], [3, 0, 1]])
    with pytest.warns(bg.ConvergenceWarning):  # a rock-paper-scissors cycle never settles
        res = [bg.replicator_dynamics(rps, init=[x, x], t_max=20, n_points=200)
               for x in ([0.6, 0.3, 0.1], [0.2, 0.2, 0.6])]
    ax = plot_simplex(res, actions=("Steady", "Blitz", "Niche"))
    assert len(ax.lines) == 6
    start = ax.lines[0].get_xydata()[0]
    np.testing.assert_allclose(start, [0.3 + 0.1 / 2, 0.1 * np.sqrt(3) / 2])


def test_plot_heatmap_of_critical_discount():
    from blitzgame.plotting import plot_heatmap

    res = sweep(ToyRace(), GRID, "critical_discount", progress=False)
    ax = plot_heatmap(res, x="market.prize", y="market.cost", var="critical_discount",
                      select={"market.niche": 0.0})
    assert ax.get_xlabel() == "market.prize" and ax.get_ylabel() == "market.cost"
    assert ax.figure.axes[-1].get_ylabel() == "critical_discount"  # the colour bar
    np.testing.assert_allclose(np.asarray(ax.collections[0].get_array()).reshape(3, 4),
                               res["critical_discount"][:, :, 0].T, equal_nan=True)
