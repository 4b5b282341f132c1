"""Support enumeration: textbook games with known equilibrium sets, exact vs float, errors."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from _known import KNOWN
from _known import profiles as _profiles

import blitzgame as bg
from blitzgame.exceptions import DegenerateGameWarning, InvalidParameterError, UnsupportedGameError
from blitzgame.solvers.bimatrix.support import reduce_dominated, solve_exact, support_enumeration


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_equilibria_exact(name, request):
    game = request.getfixturevalue(name)
    res = support_enumeration(game)
    assert res.method == "support_enumeration"
    assert res.exact and res.complete and res.success
    assert _profiles(res) == KNOWN[name]
    assert all(e.max_regret == 0 for e in res)


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_equilibria_float(name, request):
    game = request.getfixturevalue(name).to_float()
    res = support_enumeration(game)
    assert not res.exact and res.complete
    got = sorted(tuple(np.concatenate(e.strategies)) for e in res)
    want = sorted(tuple(float(v) for s in p for v in s) for p in KNOWN[name])
    np.testing.assert_allclose(np.array(got), np.array(want), atol=1e-12)


def test_payoffs_of_mixed_equilibrium(battle_of_the_sexes):
    res = support_enumeration(battle_of_the_sexes)
    mixed = [e for e in res if not e.is_pure]
    assert len(mixed) == 1 and mixed[0].payoffs == (F(6, 5), F(6, 5))


def test_degenerate_game_warns(degenerate_continuum):
    with pytest.warns(DegenerateGameWarning, match="degenerate"):
        res = support_enumeration(degenerate_continuum)
    assert res.status == bg.results.Status.DEGENERATE
    assert not res.complete
    # every equilibrium reported is still an exact equilibrium
    assert len(res) >= 2 and all(e.max_regret == 0 for e in res)


def test_dominated_actions_are_removed():
    # row 2 is strictly dominated by row 0; then column 1 by column 0
    A = [[3, 4], [1, 5], [2, 3]]
    B = [[2, 1], [0, 3], [2, 1]]
    rows, cols = reduce_dominated(np.array(A), np.array(B))
    assert list(rows) == [0, 1]
    res = support_enumeration(bg.NormalFormGame.from_bimatrix(A, B))
    for e in res:
        assert e.strategies[0][2] == 0


@pytest.mark.parametrize("tol", [0.0, 0.5, 2.0])
def test_dominance_tables_give_the_iterated_reduction(tol):
    """The table lookups of the float path remove exactly what reduce_dominated removes,
    ties and tolerances included (small integer payoffs: many ties)."""
    from blitzgame.solvers.bimatrix.support_pairs import surviving_actions, undominated

    rng = np.random.default_rng(11)
    for _ in range(300):
        m, n = rng.integers(1, 7, 2)
        A, B = rng.integers(-3, 4, (2, m, n)).astype(float)
        rows, cols = reduce_dominated(A, B, tol)
        R, C = surviving_actions(undominated(A, tol), undominated(B.T, tol), m, n)
        assert [i for i in range(m) if R >> i & 1] == rows.tolist()
        assert [j for j in range(n) if C >> j & 1] == cols.tolist()


@pytest.mark.parametrize("shape", [(1, 4), (4, 1), (1, 1)])
def test_one_action_player(shape):
    rng = np.random.default_rng(7)
    A = rng.integers(-5, 6, shape)
    B = rng.permutation(np.arange(shape[0] * shape[1])).reshape(shape)  # no ties
    g = bg.NormalFormGame.from_bimatrix(A, B)
    res = support_enumeration(g)
    assert len(res) == 1 and res[0].is_pure
    i, j = res[0].pure_profile
    assert B[i, j] == B[i].max() and A[i, j] == A[:, j].max()


def test_errors(three_player_mixed, battle_of_the_sexes):
    with pytest.raises(UnsupportedGameError, match="2-player"):
        support_enumeration(three_player_mixed)
    with pytest.raises(InvalidParameterError, match="tol"):
        support_enumeration(battle_of_the_sexes, tol=-1.0)
    with pytest.raises(InvalidParameterError, match="NormalFormGame"):
        support_enumeration([[1, 2], [3, 4]])


def test_solve_dispatcher(battle_of_the_sexes):
    res = bg.solve(battle_of_the_sexes, method="support_enumeration")
    assert _profiles(res) == KNOWN["battle_of_the_sexes"]


def test_solve_exact_linear_systems():
    assert solve_exact([[2, 1], [1, 3]], [1, 2]) == [F(1, 5), F(3, 5)]
    assert solve_exact([[1, 1], [2, 2]], [1, 2]) is None  # singular
    assert solve_exact([[1, 0], [0, 1], [1, 1]], [1, 1, 3]) is None  # inconsistent
    assert solve_exact([[1, 0], [0, 1], [1, 1]], [1, 1, 2]) == [1, 1]


def test_random_exact_equals_float_on_generic_games():
    rng = np.random.default_rng(3)
    for _ in range(5):
        A = rng.integers(-1000, 1000, (5, 5))
        B = rng.integers(-1000, 1000, (5, 5))
        ex = support_enumeration(bg.NormalFormGame.from_bimatrix(A, B))
        fl = support_enumeration(bg.NormalFormGame.from_bimatrix(A / 7, B / 3))
        assert ex.complete and len(ex) % 2 == 1 and len(ex) == len(fl)
        for e, f in zip(ex, fl, strict=True):
            for s, t in zip(e.strategies, f.strategies, strict=True):
                np.testing.assert_allclose(s.astype(float), t, atol=1e-9)


def test_conditional_dominance_table_matches_brute_force():
    from blitzgame.solvers.bimatrix.support_pairs import undominated

    rng = np.random.default_rng(3)
    for m, n in ((3, 4), (5, 3), (4, 4)):
        M = rng.integers(0, 4, size=(m, n)).astype(float)  # ties on purpose
        table = undominated(M, 0.5)
        for S in range(1, 1 << n):
            cols = [j for j in range(n) if S >> j & 1]
            for i in range(m):
                dominated = any(all(M[k, j] > M[i, j] + 0.5 for j in cols) for k in range(m))
                assert bool(table[S] >> i & 1) == (not dominated)


@pytest.mark.parametrize("shape", [(5, 5), (6, 6), (7, 5), (8, 8)])
def test_pruned_enumeration_equals_vertex_enumeration(shape):
    """Pruning by conditional dominance skips most support pairs and loses no equilibrium."""
    from math import comb

    rng = np.random.default_rng(sum(shape))
    for _ in range(4):
        g = bg.NormalFormGame(rng.normal(size=(*shape, 2)))
        res = support_enumeration(g)
        ref = bg.vertex_enumeration(g)
        assert res.complete and len(res) == len(ref)
        for a, b in zip(res, ref, strict=True):
            for s, t in zip(a.strategies, b.strategies, strict=True):
                np.testing.assert_allclose(s, t, atol=1e-9)
        m, n = res.stats["reduced_rows"], res.stats["reduced_cols"]
        assert res.stats["supports"] < sum(comb(m, k) * comb(n, k) for k in range(1, min(m, n) + 1))


def test_large_payoff_units_give_the_same_answer():
    """Payoffs in the billions: same equilibria, status ok (the feasibility test on
    probabilities does not take the payoff tolerance)."""
    rng = np.random.default_rng(4)
    for _ in range(10):
        u = rng.normal(size=(4, 4, 2))
        ref = support_enumeration(bg.NormalFormGame(u))
        big = support_enumeration(bg.NormalFormGame(u * 1e9))
        assert big.success and big.status == ref.status and len(big) == len(ref)
        for e, f in zip(ref, big, strict=True):
            for s, t in zip(e.strategies, f.strategies, strict=True):
                np.testing.assert_allclose(s, t, atol=1e-9)
