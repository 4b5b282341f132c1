"""Repeated games: RepeatedGame validation, minmax, feasible sets, critical discount, SPE sets."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import blitzgame as bg
from blitzgame import (
    backward_induction,
    critical_discount,
    feasible_payoffs,
    minmax_values,
    spe_payoffs,
)
from blitzgame.games.repeated import RepeatedGame


def test_repeated_game_validation(prisoners_dilemma):
    with pytest.raises(bg.InvalidParameterError, match=r"\[0, 1\) for an infinite horizon"):
        RepeatedGame(prisoners_dilemma, discount=1.0)
    with pytest.raises(bg.InvalidParameterError, match="discount is required"):
        RepeatedGame(prisoners_dilemma)
    with pytest.raises(bg.InvalidParameterError, match="horizon must be a positive integer"):
        RepeatedGame(prisoners_dilemma, horizon=0)
    with pytest.raises(bg.InvalidParameterError, match="stage must be a NormalFormGame"):
        RepeatedGame([[1, 2]], discount=0.5)
    assert RepeatedGame(prisoners_dilemma, horizon=4).discount == 1
    assert RepeatedGame(prisoners_dilemma, discount=0.9).discount == Fraction(9, 10)


def test_minmax_pure_and_mixed(matching_pennies, prisoners_dilemma):
    assert minmax_values(matching_pennies, mixed=False).values == (1, 1)
    mm = minmax_values(matching_pennies)
    assert mm.values == (0, 0) and mm.exact
    assert minmax_values(prisoners_dilemma).values == (1, 1)
    # a game where mixing punishes harder than any pure action: rps
    rps = bg.NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    assert minmax_values(rps, mixed=False).values == (1, 1)
    assert minmax_values(rps).values == (0, 0)


def test_minmax_three_players_is_correlated_lower_bound():
    u = np.zeros((2, 2, 2, 3))
    u[..., 0] = [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]
    g = bg.NormalFormGame(u)
    mm = minmax_values(g)
    pure = minmax_values(g, mixed=False)
    assert mm.kind == "correlated"
    assert mm.values[0] <= float(pure.values[0]) + 1e-12
    np.testing.assert_allclose(mm.values[0], 0.5)


@pytest.mark.parametrize("scale", [1e-6, 1e9])
def test_minmax_values_in_other_units(scale):
    rng = np.random.default_rng(5)
    A, B = rng.random((3, 4)), rng.random((3, 4))
    base = minmax_values(bg.NormalFormGame.from_bimatrix(A, B))
    res = minmax_values(bg.NormalFormGame.from_bimatrix(A * scale, B * scale))
    np.testing.assert_allclose(np.array(res.values) / scale, base.values, rtol=1e-7)
    u = rng.random((2, 3, 2, 3))
    base = minmax_values(bg.NormalFormGame(u))
    res = minmax_values(bg.NormalFormGame(u * scale))
    np.testing.assert_allclose(np.array(res.values) / scale, base.values, rtol=1e-7)


def test_minmax_values_reports_a_failed_lp(monkeypatch, prisoners_dilemma):
    import blitzgame.solvers.bimatrix.zero_sum as zs

    def failing(game, **kw):
        return zs.finalize(game, "zero_sum", [], complete=False, tol=1e-9,
                           status=bg.Status.FAILED, message="LP failed on purpose")

    monkeypatch.setattr(zs, "zero_sum", failing)
    with pytest.raises(bg.SolverError, match="player 0.*LP failed on purpose"):
        minmax_values(prisoners_dilemma)


def test_feasible_set_pd(prisoners_dilemma):
    fs = feasible_payoffs(prisoners_dilemma)
    assert {tuple(v) for v in fs.vertices} == {(0, 5), (1, 1), (5, 0), (3, 3)}
    ir = {tuple(v) for v in fs.individually_rational}
    # IR part: v >= (1, 1) clipped from the hull
    assert (1, 1) in ir and (3, 3) in ir
    assert (Fraction(1), Fraction(13, 3)) in ir  # edge (0, 5)-(3, 3) at v_0 = 1
    assert fs.contains((2, 2), rational=True) and not fs.contains((0.5, 4), rational=True)


def test_critical_discount_pd_exact(prisoners_dilemma):
    cd = critical_discount(prisoners_dilemma, ("C", "C"))
    assert cd.discount == Fraction(1, 2) and cd.exact
    assert cd.per_player == (Fraction(1, 2), Fraction(1, 2))
    assert critical_discount(prisoners_dilemma, ("D", "D")).discount == 0
    assert critical_discount(prisoners_dilemma, ("C", "D")).discount is None


def test_critical_discount_n_players_public_goods():
    # 3-player public goods: contribute (1) costs 1, gives 2/3 to each; D dominant
    n = 3
    u = np.zeros((2,) * n + (n,), dtype=object)
    for prof in np.ndindex(*(2,) * n):
        k = sum(prof)
        for i in range(n):
            u[prof + (i,)] = Fraction(2 * k, 3) - prof[i]
    g = bg.NormalFormGame(u)
    cd = critical_discount(g, (1, 1, 1))
    # deviation gain 1/3, d - p = (4/3) - 0
    assert cd.discount == Fraction(1, 4)


def test_critical_discount_minmax_harsher(chicken):
    # chicken: mutual defend (1, 1); stage NE payoffs (2, 0), (0, 2), (2/3, 2/3); minmax 0
    nash = critical_discount(chicken, (0, 0))
    harsh = critical_discount(chicken, (0, 0), punishment="minmax")
    assert harsh.lower_bound <= nash.discount
    assert harsh.discount == Fraction(1, 2)  # (2 - 1) / (2 - 0)
    with pytest.raises(bg.InvalidParameterError, match="punishment must be"):
        critical_discount(chicken, (0, 0), punishment="bogus")


def test_spe_payoffs_pd_and_shrinks_below_critical():
    pd = bg.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    res = spe_payoffs(RepeatedGame(pd, discount=0.9), directions=32)
    assert res.success and res.inner_verified and res.hausdorff_gap < 1e-3
    fs = feasible_payoffs(pd)
    assert all(fs.contains(v, tol=1e-4, rational=True) for v in res.outer)
    # critical delta (T-R)/(T-P) = 1/7: below it only the stage NE (3, 3) remains
    low = spe_payoffs(RepeatedGame(pd, discount=0.1), directions=32)
    np.testing.assert_allclose(low.outer, [[3, 3]] * len(low.outer), atol=1e-6)


@pytest.mark.parametrize("factor, shift", [(100.0, 0.0), (1e6, 0.0), (1e9, 7.0), (1e-3, 0.0),
                                           (1.0, 1e6)])
def test_spe_payoffs_follow_an_affine_change_of_units(factor, shift):
    # The same game in other units (the same for both players) has the same SPE set,
    # mapped by the same affine map: the computation must not depend on the units.
    A = np.array([[9.0, 1.0], [10.0, 3.0]])
    base = spe_payoffs(RepeatedGame(bg.NormalFormGame.from_bimatrix(A, A.T), discount=0.5),
                       directions=32)
    g = bg.NormalFormGame.from_bimatrix(A * factor + shift, A.T * factor + shift)
    res = spe_payoffs(RepeatedGame(g, discount=0.5), directions=32)
    assert res.success and res.inner_verified
    assert res.hausdorff_gap <= 1e-6 * factor
    assert len(res.outer) == len(base.outer)
    np.testing.assert_allclose(res.outer, base.outer * factor + shift,
                               rtol=1e-9, atol=1e-6 * factor)
    assert res.contains(np.array([9.0, 9.0]) * factor + shift)


def test_spe_payoffs_exact_integer_game_in_large_units():
    A = [[9_000_000, 1_000_000], [10_000_000, 3_000_000]]
    B = [list(r) for r in zip(*A, strict=True)]
    res = spe_payoffs(RepeatedGame(bg.NormalFormGame.from_bimatrix(A, B),
                                   discount=Fraction(1, 2)), directions=32)
    assert res.success and res.inner_verified
    assert res.contains([9e6, 9e6]) and res.contains([3e6, 3e6])
    assert not res.contains([1e6, 1e6])


def test_spe_payoffs_errors(prisoners_dilemma):
    with pytest.raises(bg.InvalidParameterError, match="infinitely repeated"):
        spe_payoffs(RepeatedGame(prisoners_dilemma, horizon=3))
    with pytest.raises(bg.InvalidParameterError, match="directions"):
        spe_payoffs(RepeatedGame(prisoners_dilemma, discount=0.5), directions=3)


def test_finite_pd_unravels(prisoners_dilemma):
    res = backward_induction(RepeatedGame(prisoners_dilemma, horizon=5))
    assert res.unique and res.unravels
    assert res.paths == (((1, 1),) * 5,)
    assert res.payoffs == ((5, 5),)


def test_finite_horizon_several_stage_equilibria():
    # Benoit-Krishna: (a, a) is not a stage NE (c gains 1) but is played in period 1 of 2,
    # rewarded by the good equilibrium (b, b) and deviations punished by (c, c).
    A = [[4, 0, 0], [0, 3, 0], [5, 0, 1]]
    g = bg.NormalFormGame.from_bimatrix(A, np.array(A).T.tolist())
    one = backward_induction(RepeatedGame(g, horizon=1))
    assert set(one.paths) == {((1, 1),), ((2, 2),)}
    two = backward_induction(RepeatedGame(g, horizon=2))
    assert ((0, 0), (1, 1)) in two.paths
    assert ((0, 0), (2, 2)) not in two.paths  # the bad equilibrium cannot reward restraint
    assert not two.unique and not two.unravels


@pytest.mark.parametrize("discount", [1, Fraction(9, 10), Fraction(1, 2), 0], ids=str)
def test_huge_horizon_closed_form_matches_the_recursion(prisoners_dilemma, discount):
    """A unique stage equilibrium is stationary: the payoff is a closed form in the horizon,
    equal to the period-by-period sum, and a horizon of 10**9 costs nothing."""
    from blitzgame.solvers.repeated.backward_induction import StationaryPath

    for T in (1, 2, 7):
        res = backward_induction(RepeatedGame(prisoners_dilemma, discount, horizon=T))
        d = Fraction(discount)
        assert res.payoffs == ((sum(d ** t for t in range(T)),) * 2,)
        assert res.paths == (((1, 1),) * T,)
    if discount in (0, 1):   # exact discount**horizon is a small number
        huge = backward_induction(RepeatedGame(prisoners_dilemma, discount, horizon=10**9))
        assert huge.payoffs == (((10**9 if discount == 1 else 1),) * 2,)
        (path,) = huge.paths
        assert isinstance(path, StationaryPath) and len(path) == 10**9
        assert path[0] == path[-1] == (1, 1) and path[:3] == ((1, 1),) * 3 and huge.unravels


def test_huge_horizon_float_and_exact_limits(prisoners_dilemma):
    T = 10**9
    flo = backward_induction(RepeatedGame(prisoners_dilemma.to_float(), 0.9, horizon=T))
    np.testing.assert_allclose(flo.payoffs[0], [10.0, 10.0])   # (1 - 0.9**T) / 0.1 * 1
    small = backward_induction(RepeatedGame(prisoners_dilemma.to_float(), 0.9, horizon=30))
    np.testing.assert_allclose(small.payoffs[0], [sum(0.9 ** t for t in range(30))] * 2)
    with pytest.raises(bg.InvalidParameterError, match=r"horizon=1000000000 .*limit"):
        backward_induction(RepeatedGame(prisoners_dilemma, Fraction(9, 10), horizon=T))


def test_huge_horizon_without_stationary_structure_is_refused():
    bos = bg.NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    with pytest.raises(bg.InvalidParameterError, match=r"horizon=1000000000 .*MAX_ENUMERATION"):
        backward_induction(RepeatedGame(bos, horizon=10**9))
    # a short horizon still enumerates, truncated at max_paths
    res = backward_induction(RepeatedGame(bos, horizon=6), max_paths=50)
    assert not res.complete and len(res.paths) == 50
    assert all(len(p) == 6 for p in res.paths)
