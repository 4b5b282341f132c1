"""Fast paths of the two-player solvers against their reference paths.

* vertex enumeration: the qhull path (polar polytopes) against the base
  enumeration on random generic games, float and exact, and the fallback on
  degenerate games;
* Lemke-Howson: the condensed in-place float tableau against the full tableau;
* the fraction-free integer solver and the lean two-player verification.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as F
from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import blitzgame as bg
from blitzgame.exceptions import DegenerateGameWarning
from blitzgame.solvers._numerics.bareiss import bareiss_solve
from blitzgame.solvers._verify import eval_two_player as _eval_two_player
from blitzgame.solvers._verify import make_equilibrium
from blitzgame.solvers.bimatrix import lemke_howson as lh_module
from blitzgame.solvers.bimatrix import vertex as vertex_module
from blitzgame.solvers.bimatrix._polar import hull_vertices
from blitzgame.solvers.bimatrix.vertex import _vertices


def _random_game(m, n, seed, exact=False):
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    if exact:
        A, B = rng.integers(-50, 50, (m, n)), rng.integers(-50, 50, (m, n))
    return bg.NormalFormGame.from_bimatrix(A, B)


def _base(game):
    with mock.patch.object(vertex_module, "_QHULL_MIN", 10**9), warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return vertex_module.vertex_enumeration(game)


def _qhull(game):
    """Vertex enumeration trying the qhull path on games of any size."""
    with mock.patch.object(vertex_module, "_QHULL_MIN_BASES", 0), warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return vertex_module.vertex_enumeration(game)


def _as_set(res, digits=9):
    return sorted(tuple(np.round(np.concatenate([np.asarray(s, float) for s in e.strategies]),
                                 digits)) for e in res)


@pytest.mark.parametrize("shape", [(3, 3), (4, 6), (6, 6), (7, 5), (8, 8)])
@pytest.mark.parametrize("seed", range(4))
def test_qhull_path_matches_base_enumeration_float(shape, seed):
    g = _random_game(*shape, seed)
    fast = _qhull(g)
    reduced = sorted((fast.stats["reduced_rows"], fast.stats["reduced_cols"]))
    assert fast.stats["qhull"] == int(reduced[0] >= 2 and reduced[1] <= 4 * reduced[0])
    assert fast.status == bg.Status.OK
    default = bg.vertex_enumeration(g)   # qhull only where it is the faster path
    assert default.stats["qhull"] == int(vertex_module.use_qhull(*reduced))
    assert _as_set(default) == _as_set(fast)
    slow = _base(g)
    assert slow.stats["qhull"] == 0
    assert _as_set(fast) == _as_set(slow)
    assert all(e.max_regret <= g.float_tol for e in fast)
    assert len(fast) % 2 == 1  # non-degenerate: odd number (Wilson)


@pytest.mark.parametrize("shape", [(3, 4), (5, 5), (6, 6)])
@pytest.mark.parametrize("seed", range(3))
def test_qhull_path_matches_base_enumeration_exact(shape, seed):
    g = _random_game(*shape, 100 + seed, exact=True)
    fast = _qhull(g)
    slow = _base(g)
    assert fast.exact and slow.exact
    assert list(fast.equilibria) == list(slow.equilibria)  # exact Equilibrium.__eq__
    assert all(e.max_regret == 0 for e in fast)
    assert fast.status == slow.status
    reduced = sorted((fast.stats["reduced_rows"], fast.stats["reduced_cols"]))
    if fast.status == bg.Status.OK and reduced[0] >= 2 and reduced[1] <= 4 * reduced[0]:
        assert fast.stats["qhull"] == 1  # exactly re-checked vertices kept the fast path


def test_degenerate_game_falls_back_and_stays_complete():
    # von Stengel's degenerate example family: a duplicated column for the row player and
    # ties make the polytopes non-simple; qhull must not be trusted there.
    A = [[3, 3], [2, 5], [0, 6]]
    B = [[3, 3], [2, 6], [3, 1]]
    g = bg.NormalFormGame.from_bimatrix(A, B)
    with pytest.warns(DegenerateGameWarning):
        res = bg.vertex_enumeration(g)
    assert res.stats["qhull"] == 0 and res.status == bg.Status.DEGENERATE and res.complete
    slow = _base(g)
    assert list(res.equilibria) == list(slow.equilibria)
    # the extreme equilibria of von Stengel (2007), ch. 3, Fig. 3.2's game
    assert ((F(1), F(0), F(0)), (F(1), F(0))) in [
        tuple(tuple(s.tolist()) for s in e.strategies) for e in res]


def test_rock_paper_scissors_on_both_paths(rock_paper_scissors):
    res = _qhull(rock_paper_scissors)
    assert res.stats["qhull"] == 1 and len(res) == 1
    assert [list(s) for s in res[0].strategies] == [[F(1, 3)] * 3] * 2
    default = bg.vertex_enumeration(rock_paper_scissors)  # 3x3: 20 bases, enumerated
    assert default.stats["qhull"] == 0 and list(default.equilibria) == list(res.equilibria)


def test_hull_vertices_agree_with_base_vertices():
    rng = np.random.default_rng(7)
    M = rng.uniform(1, 2, (5, 4))
    Z, zero, tight, bases = hull_vertices(M, 1e-9)
    Zb, zb, tb, _ = _vertices(M, 1e-9)
    assert np.allclose(Z[0], 0) and np.allclose(Zb[0], 0)
    key = lambda Z: sorted(map(tuple, np.round(Z, 10)))  # noqa: E731
    assert key(Z) == key(Zb)
    assert ((zero.sum(axis=1) + tight.sum(axis=1)) == 4).all()
    S, T = bases[3]
    assert len(S) == len(T) and np.allclose(M[np.ix_(T, S)] @ Z[3][S], 1)


def test_hull_vertices_refuses_degenerate_polytopes():
    # two identical rows: every vertex on that facet has an extra label
    M = np.array([[1.5, 1.2], [1.5, 1.2], [1.1, 1.9]])
    assert hull_vertices(M, 1e-9) is None


@pytest.mark.parametrize("n", [5, 12, 30])
def test_condensed_lemke_howson_matches_full_tableau(n):
    rng = np.random.default_rng(n)
    A, B = rng.standard_normal((n, n + 1)), rng.standard_normal((n, n + 1))
    Ap, Bp = lh_module._positive(A, B)
    for label in (0, n, 2 * n):
        x1, y1, piv1, _ = lh_module._path_float(Ap, Bp, label, 10**5)
        x2, y2, piv2, _ = lh_module._path(A, B, label, False, 10**5)
        assert piv1 == piv2
        np.testing.assert_allclose(x1, x2, atol=1e-10)
        np.testing.assert_allclose(y1, y2, atol=1e-10)
    g = bg.NormalFormGame.from_bimatrix(A, B)
    res = bg.lemke_howson(g)
    assert res.success and all(e.max_regret <= g.float_tol for e in res)


def test_condensed_lemke_howson_lexicographic_ties(degenerate_continuum):
    # ties in the ratio test: the lexicographic rule rebuilt from the condensed tableau
    A = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0]])
    Ap, Bp = lh_module._positive(A, A.T.copy())
    for label in range(6):
        x1, y1, piv1, tie1 = lh_module._path_float(Ap, Bp, label, 10**4)
        x2, y2, piv2, tie2 = lh_module._path(A, A.T.copy(), label, False, 10**4)
        assert (piv1, tie1) == (piv2, tie2) and tie1
        np.testing.assert_allclose(x1, x2, atol=1e-12)
        np.testing.assert_allclose(y1, y2, atol=1e-12)


@given(st.integers(1, 6).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.integers(-20, 20), min_size=k, max_size=k), min_size=k, max_size=k),
    st.lists(st.integers(-20, 20), min_size=k, max_size=k))))
def test_bareiss_solve_is_exact(system):
    M, b = system
    out = bareiss_solve(M, b)
    det = round(np.linalg.det(np.array(M, dtype=float)))
    if out is None:
        assert det == 0
        return
    y, d = out
    assert d > 0 and abs(det) == d
    assert [sum(F(a, 1) * F(v, d) for a, v in zip(row, y, strict=True)) for row in M] == b


def test_lean_verification_matches_tensor_contraction(battle_of_the_sexes):
    rng = np.random.default_rng(3)
    g = _random_game(4, 5, 3)
    for _ in range(5):
        x, y = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(5))
        payoffs, regret = _eval_two_player(g, x, y, False)
        np.testing.assert_allclose(payoffs, g.expected_payoffs([x, y]), rtol=1e-12)
        assert regret == pytest.approx(g.max_regret([x, y]), abs=1e-12)
    ge = bg.NormalFormGame.from_bimatrix([[F(1, 3), 2], [F(-5, 7), 1]], [[1, F(1, 6)], [0, 3]])
    x = np.array([F(1, 4), F(3, 4)], dtype=object)
    y = np.array([F(2, 5), F(3, 5)], dtype=object)
    eq = make_equilibrium(ge, (x, y))
    assert eq.exact and eq.payoffs == ge.expected_payoffs([x, y])
    assert eq.max_regret == ge.max_regret([x, y]) and isinstance(eq.max_regret, F)
