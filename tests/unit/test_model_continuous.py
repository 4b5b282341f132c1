"""Continuous-strategy equilibria: Tullock anchor, limits, grid refinement, failures, budgets."""

from __future__ import annotations

import math
import time
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

import blitzgame as bg
from blitzgame.exceptions import ConvergenceWarning, InvalidParameterError
from blitzgame.model import Firm, Market, RaceModel, SpeedScale
from blitzgame.model._maximize import Budget, Search, local_maxima
from blitzgame.model.continuous import choice_payoffs, continuous_equilibrium
from blitzgame.results import Status
from blitzgame.solvers.pure import pure_equilibria


def tullock_model(n: int, prize: float, r: float, cost: float = 1.0,
                  capital: float = 100.0) -> RaceModel:
    """A pure Tullock (1980) contest u_i = V K_i^r / sum_j K_j^r - c K_i.

    ``Market.tullock`` switches off every other feature of the race (one scenario, no
    waste, risk, decay, stage jump, speed premium or network feedback, alpha = 1), and
    with no installed compute and speed 1 the spend is 1e-9 * unit_cost * K ($B), so
    the contest shares are ``tullock_shares(K, r)`` and the payoff is exactly Tullock's.
    """
    firms = [Firm(f"f{i}", 0, capital, unit_cost=cost) for i in range(n)]
    return RaceModel(firms, Market.tullock(prize=prize, sharpness=r))


def tullock_spend(n: int, prize: float, r: float) -> float:
    """Symmetric equilibrium spend r (N-1) V / N^2 of N firms (Tullock 1980)."""
    return r * (n - 1) * prize / n**2


@pytest.mark.parametrize("n, r, prize", [(2, 0.5, 1.0), (2, 1.0, 1.0), (2, 1.8, 3.0),
                                         (3, 1.0, 9.0), (3, 1.4, 2.0), (4, 0.8, 5.0)],
                         ids=lambda v: str(v))
def test_symmetric_tullock_equilibrium_spend(n, r, prize):
    eq = continuous_equilibrium(tullock_model(n, prize, r))
    expected = r * (n - 1) * prize / n**2
    assert eq.success, eq.message
    assert_allclose(eq.spend, expected, rtol=1e-7)
    assert_allclose(eq.compute, expected * 1e9, rtol=1e-7)  # $1 per GPU
    assert_allclose(eq.payoffs, prize / n - expected, rtol=0, atol=1e-7 * prize)
    assert eq.max_regret <= 1e-7 * max(1, prize)


def test_unit_cost_scales_spend_not_money():
    eq = continuous_equilibrium(tullock_model(2, 4.0, 1.0, cost=2000.0))
    assert_allclose(eq.spend, 1.0, rtol=1e-7)           # r (N-1) V / N^2 = 1 $B
    assert_allclose(eq.compute, 1e9 / 2000.0, rtol=1e-7)


def test_sharpness_limits_of_choice_payoffs():
    m0 = tullock_model(2, 1.0, 0.0)
    assert_allclose(choice_payoffs(m0, [1, 1], [1e6, 9e6]), [0.5 - 1e-3, 0.5 - 9e-3])
    big = tullock_model(2, 1.0, 500.0)
    assert_allclose(choice_payoffs(big, [1, 1], [1e6, 1.1e6]), [-1e-3, 1 - 1.1e-3],
                    atol=1e-12)


def test_grid_equilibria_approach_continuous_one():
    model = tullock_model(2, 1.0, 1.0)
    kstar = continuous_equilibrium(model).compute[0]
    dists = []
    for n in (5, 9, 17, 33, 65):
        grid = np.linspace(0.05e9, 0.65e9, n)
        post = [SpeedScale(speed=1.0, target=float(k)) for k in grid]
        g = RaceModel(model.firms, model.market, postures=post).to_game()
        res = pure_equilibria(g)
        assert len(res) >= 1
        d = min(max(abs(grid[a] - kstar) for a in e.pure_profile) for e in res)
        assert d <= (grid[1] - grid[0])
        dists.append(d)
    assert dists[-1] < dists[0] / 10
    assert all(b <= a + 1e-9 for a, b in zip(dists, dists[1:], strict=False))


def test_varying_speed_finds_verified_equilibrium():
    firms = [Firm(n, 1_000, 2.0, 30_000.0) for n in "ab"]
    mk = Market(prize=5.0, sharpness=1.0, hazard_base=0.0, hazard_speed=0.3, waste=0.3,
                leadership_window=6.0, stage_jump=1.0, network_feedback=0.0)
    eq = continuous_equilibrium(RaceModel(firms, mk), vary_speed=True, grid=65)
    assert eq.success, eq.message
    assert_allclose(eq.compute[0], eq.compute[1], rtol=1e-4)
    assert 0.05 < eq.speed[0] < 1.0  # interior: speed trades decay against waste and risk
    # verified: no deviation on a fine grid does better
    ks = np.geomspace(1_000, 1_000 + 2e9 / 30_000, 400)
    for s in (0.1, 0.5, eq.speed[0], 1.0):
        dev = choice_payoffs(RaceModel(firms, mk), np.array([[s, eq.speed[1]]] * 400),
                             np.stack([ks, np.full(400, eq.compute[1])], axis=1))[:, 0]
        assert dev.max() <= eq.payoffs[0] + 1e-6


# ---------------------------------------------------------------------------------------
# Tullock (1980) reductions, up to the boundary r = N/(N-1) (issue 14)
# ---------------------------------------------------------------------------------------

TULLOCK_CASES = [(n, r, prize) for n in (2, 3, 4)
                 for r in (0.5, 1.0, (1 + n / (n - 1)) / 2, n / (n - 1))
                 for prize in ((1.0, 7.0) if n == 2 else (2.0,))]


def _case_id(c: tuple[int, float, float]) -> str:
    return f"N={c[0]}-r={c[1]:.4g}-V={c[2]:g}"


@pytest.mark.parametrize("case", TULLOCK_CASES, ids=_case_id)
def test_tullock_symmetric_equilibrium_is_exact(case):
    """Tullock, G. (1980), Efficient rent seeking: for N firms, prize V, unit cost c and
    sharpness r <= N/(N-1) the symmetric equilibrium spend is r (N-1) V / N^2 and the
    payoff V/N - r (N-1) V / N^2, which is 0 (all rent dissipated) at r = N/(N-1).

    Started at that profile the solver must stay there and verify it: a point whose
    payoff is 0 while a dropout to the lower bound pays -c * low (the issue-14 case,
    where every top grid point sat at the lower bound).
    """
    n, r, prize = case
    spend = tullock_spend(n, prize, r)
    eq = continuous_equilibrium(tullock_model(n, prize, r), start=[spend * 1e9] * n)
    assert eq.success, eq.message
    assert eq.status is Status.OK
    assert_allclose(eq.spend, spend, rtol=1e-13)
    assert_allclose(eq.payoffs, prize / n - spend, rtol=0, atol=1e-13 * prize)
    assert eq.max_regret <= 1e-7 * max(1, prize)


@pytest.mark.parametrize("case", [c for c in TULLOCK_CASES if c[0] == 2 or c[1] <= 1],
                         ids=_case_id)
def test_tullock_symmetric_equilibrium_found_from_default_start(case):
    """Where the symmetric equilibrium is the only one with every firm active (N = 2, or
    r <= 1: Szidarovszky & Okuguchi 1997) the default start must reach it (Tullock 1980)."""
    n, r, prize = case
    spend = tullock_spend(n, prize, r)
    eq = continuous_equilibrium(tullock_model(n, prize, r))
    assert eq.success, eq.message
    assert_allclose(eq.spend, spend, rtol=1e-7)
    assert_allclose(eq.payoffs, prize / n - spend, rtol=0, atol=1e-7 * prize)


@pytest.mark.parametrize("prize, capital, cost", [(1.0, 10.0, 1.0), (1.0, 10.0, 30_000.0),
                                                  (3.0, 10.0, 1.0), (9.0, 10.0, 1.0),
                                                  (9.0, 100.0, 30_000.0), (50.0, 100.0, 1.0)],
                         ids=lambda v: str(v))
def test_full_dissipation_at_r_2_for_two_firms(prize, capital, cost):
    """N = 2, r = 2 = N/(N-1): spend V/2 each and payoff 0 (Tullock 1980: all rent is
    dissipated). These boxes made the old solver cycle or leave the solution (issue 14)."""
    model = tullock_model(2, prize, 2.0, cost=cost, capital=capital)
    for start in (None, [prize / 2 * 1e9 / cost] * 2):
        eq = continuous_equilibrium(model, start=start)
        assert eq.success, eq.message
        assert_allclose(eq.spend, prize / 2, rtol=1e-7)
        assert_allclose(eq.compute, prize / 2 * 1e9 / cost, rtol=1e-7)
        assert_allclose(eq.payoffs, 0.0, atol=1e-7 * prize)


def test_increasing_returns_default_start_gives_a_k_active_tullock_equilibrium():
    """N = 3, r = 1.5 = N/(N-1): from the default start the solver may return an
    equilibrium with k < N active firms, each at r (k-1) V / k^2 (Tullock 1980)."""
    n, r, prize = 3, 1.5, 2.0
    eq = continuous_equilibrium(tullock_model(n, prize, r))
    assert eq.success, eq.message
    active = eq.spend > 1e-3
    k = int(active.sum())
    assert 2 <= k <= n
    # inactive firms sit at the lower bound (1e-6 of their maximum scale), not at 0
    assert_allclose(eq.spend[active], tullock_spend(k, prize, r), rtol=1e-3)


# ---------------------------------------------------------------------------------------
# the search: candidates ranked by local maxima, local refinement off the grid
# ---------------------------------------------------------------------------------------


def test_local_maxima_rank_peaks_not_grid_points():
    vals = np.array([0.0, -0.1, -0.2, -0.3, -0.05, -0.3, 0.0, 0.0, -1.0])
    assert local_maxima(vals, 10) == [(0,), (6,), (4,)]  # a plateau counts once
    assert local_maxima(vals, 1) == [(0,)]
    grid2 = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [2.0, 0.0, np.nan]])
    assert local_maxima(grid2, 5) == [(2, 0), (0, 1)]


def test_search_finds_a_narrow_peak_between_grid_points():
    """The best grid points all lie at the edge x = 0; the true maximum is a spike,
    narrower than the grid spacing, on a low hump. Refining only the top grid points
    (the old best response) misses it; ranking the grid's local maxima finds the hump."""
    centre = 158.5 / 256  # midway between two grid points

    def f(x):
        return (-0.02 * x + 0.01 * np.exp(-((x - centre) / 0.05) ** 2)
                + 0.02 * np.exp(-((x - centre) / 3e-4) ** 2))

    budget = Budget(None)
    sr = Search(f, [(0.0, 1.0)], (257,), 2, [(0.2,)], budget)
    grid = np.linspace(0.0, 1.0, 257)
    assert np.all(grid[np.argsort(f(grid))[::-1][:3]] < 0.01)  # the grid alone sees the edge
    assert sr.value < 1e-60
    assert sr.refine()
    assert_allclose(sr.point, [centre], atol=1e-6)
    assert sr.value >= f(np.array(centre)) - 1e-12
    assert sr.extra_values.tolist() == [f(np.array(0.2))]
    assert budget.calls > 2


def test_search_stops_at_the_deadline_with_its_best_so_far():
    sr = Search(lambda x: -((x - 0.3) ** 2), [(0.0, 1.0)], (9,), 2, [], Budget(None))
    assert not sr.refine(deadline=time.perf_counter() - 1.0)
    assert not sr.complete
    assert_allclose(sr.point, [0.25])  # the best grid point; no refinement ran


def test_a_scan_cut_by_its_deadline_has_covered_the_box_coarsely():
    budget = Budget(None)
    sr = Search(lambda x, y: -((x - 0.3) ** 2) - (y - 0.6) ** 2, [(0.0, 1.0), (0.0, 1.0)],
                (257, 257), 3, [(0.5, 0.5)], budget, deadline=time.perf_counter() - 1.0)
    assert not sr.complete and budget.calls == 2  # the first chunk and the extra point
    assert_allclose(sr.point, [0.3, 0.6], atol=1 / 32)  # a coarse grid over the whole box
    assert sr.extra_values.tolist() == [-0.05]
    assert not sr.refine()


# ---------------------------------------------------------------------------------------
# budgets, progress and validation
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("vary_speed", [False, True], ids=["scale", "speed-and-scale"])
def test_seed_model_returns_within_a_small_time_budget(capsys, vary_speed):
    """The seed model ran for more than 10 minutes without output; with max_time it
    returns in about that time with a status, a message and a finite regret."""
    model = bg.scenarios.gpu_race()
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        eq = continuous_equilibrium(model, max_time=1.0, progress=False, vary_speed=vary_speed)
    seconds = time.perf_counter() - t0
    assert seconds < 6.0
    assert math.isfinite(eq.max_regret) and eq.max_regret >= 0
    assert np.all(np.isfinite(eq.regret)) and np.all(np.isfinite(eq.payoffs))
    assert eq.stats["seconds"] <= seconds
    conv = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    if eq.success:
        assert eq.status is Status.OK and not conv
    else:
        assert eq.status in (Status.MAX_ITER, Status.FAILED)
        assert "max_time=1 s" in eq.message and f"{eq.max_regret:.3g}" in eq.message
        assert len(conv) == 1 and str(conv[0].message) == eq.message
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def test_progress_bar_is_written_when_asked(capsys):
    pytest.importorskip("tqdm")
    eq = continuous_equilibrium(tullock_model(2, 1.0, 1.0), progress=True)
    assert eq.success
    out, err = capsys.readouterr()
    assert out == "" and "continuous_equilibrium" in err
    continuous_equilibrium(tullock_model(2, 1.0, 1.0))  # None: stderr is not a terminal
    continuous_equilibrium(tullock_model(2, 1.0, 1.0), progress=False)
    assert capsys.readouterr() == ("", "")


def test_iteration_budget_reports_status_and_regret():
    with pytest.warns(ConvergenceWarning, match="did not converge in 1 sweeps"):
        eq = continuous_equilibrium(tullock_model(2, 1.0, 1.0), max_iter=1, start=[1e6, 1e8])
    assert not eq.success and eq.status is Status.MAX_ITER
    assert eq.max_regret > 1e-7 and f"{eq.max_regret:.3g}" in eq.message
    assert eq.iterations == 1 and eq.stats["sweeps"] == 1


@pytest.mark.parametrize("option, value", [
    ("max_time", 0), ("max_time", -1.0), ("max_time", math.inf), ("max_time", math.nan),
    ("max_time", "5"), ("max_time", True), ("max_iter", 0), ("max_iter", 2.5),
    ("max_iter", True), ("tol", 0.0), ("tol", math.nan), ("grid", 2), ("grid", 10.0),
    ("local_starts", 0), ("regret_tol", -1e-9), ("regret_tol", math.inf),
    ("progress", "yes"), ("progress", 1), ("damping", 1.0), ("damping", "fast"),
    ("speed_bounds", (0.0, 1.0)), ("speed_bounds", (0.5, 2.0)), ("speed_bounds", (0.8, 0.2)),
    ("start", [1e6]), ("start", [1e6, -1.0]), ("bounds", [(1.0, 2.0)]),
    ("bounds", [(0.0, 1e9), (1.0, 1e9)]), ("bounds", [(2.0, 1.0), (1.0, 2.0)]),
], ids=lambda v: repr(v))
def test_invalid_options_raise_naming_the_argument(option, value):
    with pytest.raises(InvalidParameterError, match=option):
        continuous_equilibrium(tullock_model(2, 1.0, 1.0), **{option: value})
