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
from blitzgame.model import parameter_range  # noqa: E402
from blitzgame.plotting import (  # noqa: E402
    VERDICT_COLORS,
    VERDICT_LABELS,
    plot_equilibrium_payoffs,
    plot_heatmap,
    plot_payoff_sets,
    plot_policy,
    plot_profile,
    plot_regions,
    plot_simplex,
    regions_legend,
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
    # a known parameter gets its name and unit; the toy model's own one keeps its dotted name
    assert ax.get_xlabel() == r"prize V (\$B)" and ax.get_ylabel() == "market.cost"
    sl = res["verdict"][:, :, 1]
    expected = [VERDICT_LABELS[c] for c in VERDICTS if (sl == c).any()]
    classes = [t.partition(":")[0] for t in _legend(ax)]  # "defender wins: <who>"
    assert classes == expected and len(expected) >= 2
    assert "defender wins:\n  a with Niche\n  b with Niche" in _legend(ax)  # who wins, and how
    names = {lab: c for c, lab in VERDICT_LABELS.items()}
    for handle, text in zip(ax.get_legend().legend_handles, classes, strict=True):
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
    assert ax.get_xlabel() == "equilibrium (actions of firm_a, firm_b, top to bottom)"
    assert ax.get_ylabel() == "expected payoff"
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
    res = sweep(ToyRace(), GRID, "critical_discount", progress=False)
    ax = plot_heatmap(res, x="market.prize", y="market.cost", var="critical_discount",
                      select={"market.niche": 0.0})
    assert ax.get_xlabel() == r"prize V (\$B)" and ax.get_ylabel() == "market.cost"
    assert ax.figure.axes[-1].get_ylabel() == "critical discount factor δ*"  # the colour bar
    np.testing.assert_allclose(np.asarray(ax.collections[0].get_array()).reshape(3, 4),
                               res["critical_discount"][:, :, 0].T, equal_nan=True)


# --- axes a reader can trust: scales, limits inside the parameter range, units, one legend ---

def _race_sweep(grid, measure="verdict"):
    return sweep(bg.scenarios.two_firm_race(), grid, measure, progress=False)


def test_geometric_grid_gets_log_scale_and_geometric_cells():
    res = _race_sweep({"market.sharpness": np.geomspace(0.25, 8.0, 6),
                       "market.leadership_window": [3.0, 6.0, 12.0, 24.0]})
    ax = plot_regions(res, x="market.sharpness", y="market.leadership_window")
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    x0, x1 = ax.get_xlim()
    np.testing.assert_allclose([x0, x1], [0.25 / 2 ** 0.5, 8.0 * 2 ** 0.5])  # half a ratio out
    y0, y1 = ax.get_ylim()
    np.testing.assert_allclose([y0, y1], [3.0 / 2 ** 0.5, 24.0 * 2 ** 0.5])
    assert ax.get_xlabel() == "winner-take-all sharpness r"
    assert ax.get_ylabel() == "leadership window (months)"
    # ticks at the four leadership windows themselves, written as plain numbers
    ticks = [t for t in ax.get_yticks() if y0 <= t <= y1]
    np.testing.assert_allclose(ticks, [3, 6, 12, 24])


def test_linear_grid_near_zero_stays_inside_the_parameter_range():
    res = _race_sweep({"market.sharpness": np.linspace(0.2, 6.0, 8),
                       "market.leadership_window": np.linspace(1.0, 24.0, 8)})
    ax = plot_regions(res, x="market.sharpness", y="market.leadership_window")
    assert ax.get_xscale() == "linear" and ax.get_yscale() == "linear"
    # half a step beyond 0.2 would be a negative sharpness, beyond 1 a negative window
    assert ax.get_xlim()[0] == 0.0 and ax.get_ylim()[0] == 0.0
    assert ax.get_xlim()[1] > 6.0 and ax.get_ylim()[1] > 24.0
    hm = plot_heatmap(_race_sweep({"market.sharpness": np.linspace(0.2, 6.0, 4),
                                   "market.niche_size": np.linspace(0.1, 1.0, 4)},
                                  "critical_discount"),
                      x="market.sharpness", y="market.niche_size", var="critical_discount")
    assert hm.get_xlim()[0] == 0.0 and hm.get_ylim() == (0.0, 1.0)  # a share stays in [0, 1]
    assert hm.get_ylabel() == "niche segment (fraction of the prize)"


def test_regions_say_which_firm_and_posture_wins():
    res = _race_sweep({"market.sharpness": [0.25, 2.0, 8.0], "market.niche_size": [0.05, 0.4]})
    ax = plot_regions(res, x="market.sharpness", y="market.niche_size")
    wins = [t for t in _legend(ax) if t.startswith("defender wins")]
    assert wins and all(t.startswith("defender wins: Defender with ") for t in wins)
    analyzed = sweep(bg.scenarios.two_firm_race(), {"market.sharpness": [0.5, 8.0],
                                                    "market.prize": [100.0, 300.0]},
                     "analyze", progress=False)
    ax = plot_regions(analyzed, x="market.sharpness", y="market.prize")
    assert any(t.startswith("defender wins: Niche") for t in _legend(ax))


def test_one_legend_per_figure_for_panels():
    res = _race_sweep({"market.sharpness": [0.25, 1.0, 8.0],
                       "market.leadership_window": [3.0, 12.0],
                       "market.hazard_speed": [0.05, 0.6]})
    fig, axes = plt.subplots(1, 2, layout="constrained")
    for ax, h in zip(axes, (0.05, 0.6), strict=True):
        plot_regions(res, x="market.sharpness", y="market.leadership_window",
                     select={"market.hazard_speed": h}, ax=ax, legend="figure")
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in axes)
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(texts) == len(set(texts)) >= 2
    assert regions_legend(fig) is fig.legends[0] and len(fig.legends) == 1  # replaced, not added


def test_plot_profile_axis_labels_and_limits():
    from blitzgame.cli.report import DEFAULT_SHARPNESS, sharpness_sweep

    res = sharpness_sweep(bg.scenarios.two_firm_race(), DEFAULT_SHARPNESS)
    ax = plot_profile(res, x="market.sharpness", y=["return.Blitzer", "return.Defender"],
                      labels=["Blitzer", "Defender"], shade="defender_wins")
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "winner-take-all sharpness r"
    lo, hi = ax.get_xlim()
    assert 0 < lo < 0.25 and 8.0 < hi < 12.0
    assert _legend(ax)[-1] == "a defender posture wins" and len(ax.figure.legends) == 0
    ax.figure.canvas.draw()
    shown = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert {"0.5", "1", "2", "5"} <= set(shown)  # plain numbers, not powers of ten
    assert all(float(t) > 0 for t in shown)


def test_every_race_parameter_has_a_label_and_range():
    model = bg.scenarios.gpu_race()
    for name in model.parameter_names():
        assert bg.parameter_label(name) != name, name
        assert parameter_range(name) is not None, name
    assert bg.parameter_label("market.prize") == "prize V ($B)"
    assert bg.parameter_label("market.sharpness") == "winner-take-all sharpness r"
    assert bg.parameter_label("market.leadership_window") == "leadership window (months)"
    assert bg.parameter_label("firms.xAI.capital") == "xAI's capital ($B)"
    assert bg.parameter_label("not.a.parameter") == "not.a.parameter"
    ds = _race_sweep({"market.prize": [10.0, 20.0]}).to_xarray()
    assert ds["market.prize"].attrs == {"long_name": "prize V", "units": "$B"}


def test_parameter_label_checks_its_arguments():
    with pytest.raises(InvalidParameterError, match="units must be True or False"):
        bg.parameter_label("market.prize", units="yes")
    with pytest.raises(InvalidParameterError, match="dotted parameter name"):
        bg.parameter_label(3)
