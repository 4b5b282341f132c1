"""No silent wrong answers near ties (issue 14): exact near-ties, float near-ties,
payoffs near the float range, and the exact verdict on degeneracy.

* Exact games decide every support, basis, label and dominance question exactly (a
  certified float filter, exact integer arithmetic within its error bounds), so near-ties
  of 1e-12 or 1e-30 never drop an equilibrium and ``complete=True`` is a promise.
* A float result is never empty, and one that rounding may have decided is replaced by
  an exact re-solve of the shortest-decimal payoffs (a PrecisionWarning says so).
* Payoffs near 1e308 (or tiny, or of very different size per player) are decided on a
  per-player power-of-two rescaling; exact payoffs beyond the float range never overflow.
* ``support_enumeration`` of an exact game is ``degenerate`` exactly when some mixed
  strategy with k actions in its support has more than k pure best responses.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.exceptions import DegenerateGameWarning, PrecisionWarning
from blitzgame.solvers._numerics.certified import certified_solve, unit_floats
from blitzgame.solvers.bimatrix import _certified_vertices as cv
from blitzgame.solvers.bimatrix import vertex as vertex_module

TWO_PLAYER = [m for m in bg.available_methods() if m not in ("pure", "zero_sum")]


def _key(eq):
    return tuple(v for s in eq.strategies for v in s)


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        warnings.simplefilter("ignore", PrecisionWarning)
        return func(*args, **kwargs)


def _gambit(A, B):
    """pygambit's rational extreme equilibria (``enummixed_solve(rational=True)``)."""
    gbt = pytest.importorskip("pygambit")
    G = gbt.Game.from_arrays([list(r) for r in A], [list(r) for r in B])
    res = gbt.nash.enummixed_solve(G, rational=True)
    return {tuple(F(str(e[s])) for p in G.players for s in p.strategies) for e in res.equilibria}


# ---------------------------------------------------------------- exact near-ties
E = F(1, 10**12)
#: The 2x4 game of issue 14: not degenerate, one equilibrium; the float labels used to
#: drop it (bg.solve returned none with complete=True).
NEAR_A = [[1 + E, 2 - E, 2, 2], [2 - E, -E, 1 - E, 2 + E]]
NEAR_B = [[E, E, 1 + E, 2 - E], [2, 2 + E, 1 + E, E]]


def test_issue_example_keeps_its_equilibrium():
    g = bg.NormalFormGame.from_bimatrix(NEAR_A, NEAR_B)
    res = bg.solve(g)
    assert res.exact and res.complete and res.success and res.status == bg.Status.OK
    assert len(res) == 1 and res[0].max_regret == 0
    se = bg.support_enumeration(g)
    assert se.complete and se.status == bg.Status.OK and {_key(e) for e in se} == {_key(res[0])}


@pytest.mark.gambit
def test_issue_example_agrees_with_gambit():
    g = bg.NormalFormGame.from_bimatrix(NEAR_A, NEAR_B)
    assert {_key(e) for e in bg.vertex_enumeration(g)} == _gambit(NEAR_A, NEAR_B)


@pytest.mark.parametrize("power", [6, 12, 20, 30])
@pytest.mark.parametrize("path", ["default", "qhull", "bases"])
def test_near_tie_family_is_exact_on_every_path(power, path):
    """The same game with the perturbation 1e-6 .. 1e-30: one equilibrium, on every path
    of vertex enumeration (the qhull path certifies or falls back)."""
    e = F(1, 10**power)
    A = [[1 + e, 2 - e, 2, 2], [2 - e, -e, 1 - e, 2 + e]]
    B = [[e, e, 1 + e, 2 - e], [2, 2 + e, 1 + e, e]]
    g = bg.NormalFormGame.from_bimatrix(A, B)
    patch = {"qhull": ("_QHULL_MIN_BASES", 0), "bases": ("_QHULL_MIN", 10**9)}.get(path)
    if patch is None:
        res = bg.vertex_enumeration(g)
    else:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(vertex_module, *patch)
            res = _quiet(vertex_module.vertex_enumeration, g)
    assert res.exact and res.complete and len(res) == 1 and res[0].max_regret == 0


def _contest(k, r=200):
    """A Tullock contest on the effort grid 1/k..1 with exponent r, float payoffs taken
    as exact Fractions (their shortest decimals): ties and 1e-17 near-ties everywhere."""
    x = np.arange(1, k + 1) / k
    X, Y = np.meshgrid(x, x, indexing="ij")
    p = X**r / (X**r + Y**r)
    return bg.NormalFormGame.from_bimatrix(p - X, (1 - p) - Y).to_exact()


def test_grid_contest_keeps_its_equilibrium():
    g = _contest(6)
    ve = _quiet(bg.vertex_enumeration, g)
    assert ve.exact and ve.complete and len(ve) >= 1 and all(e.max_regret == 0 for e in ve)
    se = _quiet(bg.support_enumeration, g)
    # whatever support enumeration lists is among the extreme equilibria, all when complete
    assert {_key(e) for e in se} <= {_key(e) for e in ve}
    assert se.complete == (se.status == bg.Status.OK)
    if se.complete:
        assert {_key(e) for e in se} == {_key(e) for e in ve}


@pytest.mark.gambit
def test_grid_contest_agrees_with_gambit():
    g = _contest(5)
    U = g.payoff_array
    want = _gambit(U[..., 0].tolist(), U[..., 1].tolist())
    assert {_key(e) for e in _quiet(bg.vertex_enumeration, g)} == want


def test_exact_vertices_certify_or_solve_exactly():
    """Every vertex of a near-tie polytope has its exact label set, whatever floats say."""
    rng = np.random.default_rng(3)
    for _ in range(20):
        U = rng.integers(-2, 3, (4, 3)) * 10**15 + rng.integers(-1, 2, (4, 3))
        poly, _ = cv.exact_polytope(U.astype(object), qhull=False)
        rows, _ = cv.integer_polytope(U.astype(object))
        for a, mask in enumerate(poly.masks):
            y = poly.direction(a)
            total = sum(y)
            assert all(v >= 0 for v in y)
            if total == 0:
                continue
            # exact labels of the direction y (z = y / det for some det > 0): recompute
            det = max(sum(r[i] * y[i] for i in range(3)) for r in rows)
            want = sum(1 << i for i in range(3) if y[i] == 0)
            want |= sum(1 << (3 + j) for j, r in enumerate(rows)
                        if sum(r[i] * y[i] for i in range(3)) == det)
            assert mask == want


def test_certified_solve_bounds_the_error():
    rng = np.random.default_rng(0)
    for scale in (1e-3, 1e-8, 1e-13):
        G = rng.uniform(1, 2, (50, 3, 3))
        G[:, 2] = G[:, 1] + scale * rng.uniform(-1, 1, (50, 3))      # ill-conditioned
        z, delta = certified_solve(G, np.ones((1, 3)), 0.0)
        for k in range(50):
            if np.isfinite(delta[k]):
                exact = bg.exact.solve_rational([[F(v) for v in r] for r in G[k]], [1, 1, 1])
                assert max(abs(F(float(a)) - b) for a, b in zip(z[k], exact, strict=True)) \
                    <= F(float(delta[k]))


def test_unit_floats_of_huge_integers():
    U = np.array([[10**400, -(10**400)], [0, 1]], dtype=object)
    F_, lo, s = unit_floats(U)
    assert F_.tolist() == [[2.0, 1.0], [1.5, 1.5]] and s == 2 * 10**400


def test_hull_closure_rejects_an_incomplete_vertex_list():
    M = np.array([[2.0, 1.0], [1.0, 2.0]])
    poly = cv._from_hull([[2, 1], [1, 2]], M)
    assert poly is not None and cv._closed(poly.masks, 2, 2)
    assert not cv._closed(poly.masks[:-1], 2, 2)


# ---------------------------------------------------------------- float near-ties
#: Float payoffs with differences of ~3e-8 (above the tolerance, 2e-9): the float label
#: decisions used to find no equilibrium here (status ok).
FLOAT_NEAR = [
    [[-2.0, -3.1948752669835287e-08, 0.9999999680512474, -0.9999999840256236],
     [-3.1948752669835287e-08, 2.0000000159743765, 1.0000000319487528, -1.0000000319487528],
     [-1.9999999840256237, -2.0000000159743765, -0.9999999680512474, 2.0000000319487525]],
    [[-1.0, 2.0, -0.9999999840256236, 1.0],
     [1.5974376334917643e-08, 1.9999999680512472, 1.5974376334917643e-08, 2.0],
     [2.0000000159743765, 1.0, 0.9999999840256236, 1.9999999680512472]],
]


def test_float_near_ties_fall_back_to_an_exact_solve():
    g = bg.NormalFormGame.from_bimatrix(*FLOAT_NEAR)
    with pytest.warns(PrecisionWarning, match="re-solved exactly"):
        res = bg.vertex_enumeration(g)
    assert not res.exact and len(res) == 1 and res.stats["exact_fallback"] == 1
    assert "shortest decimal" in res.message and res.complete and res.success
    exact = bg.vertex_enumeration(g.to_exact())
    np.testing.assert_allclose(np.concatenate(res[0].strategies),
                               np.concatenate(exact[0].strategies).astype(float), atol=1e-12)
    for method in ("support_enumeration", "lemke_howson"):
        assert len(_quiet(bg.solve, g, method=method)) >= 1


def test_empty_float_result_is_resolved_exactly(monkeypatch):
    """Whatever made the float pass come back empty, the answer is the exact one."""
    g = bg.NormalFormGame.from_bimatrix([[3.0, 0.0, 1.0], [0.0, 2.0, 0.5], [1.0, 1.5, 0.0]],
                                        [[2.0, 0.0, 1.5], [0.5, 3.0, 0.0], [0.0, 1.0, 2.5]])
    want = len(bg.vertex_enumeration(g))
    real = vertex_module._enumerate
    monkeypatch.setattr(vertex_module, "_enumerate", lambda game, *a, **k: (
        real(game, *a, **k) if game.exact else ([], False, {"vertices_p": 0, "vertices_q": 0})))
    with pytest.warns(PrecisionWarning, match="found no equilibrium"):
        res = vertex_module.vertex_enumeration(g)
    assert len(res) == want and res.stats["exact_fallback"] == 1 and res.complete


def test_even_float_count_is_resolved_exactly(monkeypatch):
    g = bg.NormalFormGame.from_bimatrix([[3.0, 0.0, 1.0], [0.0, 2.0, 0.5], [1.0, 1.5, 0.0]],
                                        [[2.0, 0.0, 1.5], [0.5, 3.0, 0.0], [0.0, 1.0, 2.5]])
    want = len(bg.vertex_enumeration(g))
    real = vertex_module._enumerate

    def drop_one(game, *args, **kwargs):        # the float pass loses one equilibrium
        cands, degenerate, stats = real(game, *args, **kwargs)
        return (cands if game.exact else cands[1:]), degenerate, stats

    monkeypatch.setattr(vertex_module, "_enumerate", drop_one)
    with pytest.warns(PrecisionWarning, match="odd"):
        res = vertex_module.vertex_enumeration(g)
    assert len(res) == want and res.stats["exact_fallback"] == 1


# ---------------------------------------------------------------- huge magnitudes
M = 1.7e308
HUGE = [
    ([[1e308, -1e308], [0, 1.0]], [[1, 0], [0, 1.0]], 3),            # the issue's example
    ([[M, -M], [-M, M]], [[-M, M], [M, -M]], 1),                     # matching pennies
    ([[M / 2, -M], [M, -M / 2]], [[M / 2, M], [-M, -M / 2]], 1),     # prisoner's dilemma
    ([[3e-300, 0], [0, 2e-300]], [[2e-300, 0], [0, 3e-300]], 3),     # tiny
]


@pytest.mark.parametrize("case", range(len(HUGE)))
@pytest.mark.parametrize("exact", [False, True])
def test_extreme_magnitudes_give_the_right_equilibria(case, exact):
    A, B, count = HUGE[case]
    g = bg.NormalFormGame.from_bimatrix(A, B)
    g = g.to_exact() if exact else g
    want = sorted(_key(e) for e in bg.vertex_enumeration(g.to_exact()))
    assert len(want) == count
    for method in ("vertex_enumeration", "support_enumeration"):
        res = _quiet(bg.solve, g, method=method)
        assert res.success and res.complete and len(res) == count
        got = sorted(tuple(float(v) for v in _key(e)) for e in res)
        np.testing.assert_allclose(got, [[float(v) for v in k] for k in want], atol=1e-12)
    lh = _quiet(bg.lemke_howson, g)
    assert lh.success and 1 <= len(lh) <= count
    assert _quiet(bg.solve, g, method="logit_qre").equilibria
    pure = bg.pure_equilibria(g)
    assert len(pure) == sum(1 for k in want if all(v in (0, 1) for v in k))


def test_exact_payoffs_beyond_the_float_range():
    g = bg.NormalFormGame.from_bimatrix([[10**400, -(10**400), 3], [0, 1, 2]],
                                        [[1, 0, 3], [0, 1, 2]])
    for method in TWO_PLAYER:
        res = _quiet(bg.solve, g, method=method)
        assert len(res) >= 1 and all(e.max_regret == 0 for e in res if e.exact)
    assert bg.vertex_enumeration(g).complete
    assert np.isfinite(g.float_payoffs).all() and np.isfinite(g.float_tol)


def test_zero_sum_near_the_float_range():
    g = bg.NormalFormGame.from_bimatrix([[M, -M], [-M, M]])
    res = bg.zero_sum(g)
    assert res.success and [list(s) for s in res[0].strategies] == [[0.5, 0.5]] * 2


def test_dominance_and_spe_near_the_float_range():
    pd = bg.NormalFormGame.from_bimatrix([[M / 2, -M], [M, -M / 2]], [[M / 2, M], [-M, -M / 2]])
    assert bg.is_dominant(pd, 0, 1).kind == "strict" and bg.is_dominant(pd, 1, 1).kind == "strict"
    A = np.array([[3.0, -3.0], [-3.0, 3.0], [-1.0, -1.0]]) * (M / 3)
    assert bg.is_dominated(bg.NormalFormGame.from_bimatrix(A, -A), 0, 2).kind == "strict"
    base = bg.NormalFormGame.from_bimatrix([[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]])
    big = bg.NormalFormGame.from_bimatrix(base.payoffs[0] * (M / 5), base.payoffs[1] * (M / 5))
    small = bg.spe_payoffs(bg.RepeatedGame(base, discount=0.9))
    large = bg.spe_payoffs(bg.RepeatedGame(big, discount=0.9))
    assert large.success and not large.empty
    np.testing.assert_allclose(np.asarray(large.outer) / (M / 5), small.outer, rtol=1e-9)


# ---------------------------------------------------------------- exact degeneracy
def _planted(dominated: bool):
    """A 3x3 game where x = (1/3, 2/3, 0) has three pure best responses (k = 2 < 3).

    With ``dominated``, row 1 of x's support is strictly dominated by row 2 for the row
    player, so the degeneracy lies among actions that iterated dominance removes.
    """
    A = [[4, 0, 1], [0, 2, 3], [1, 3, 0]]
    if dominated:
        A = [[4, 0, 1], [0, 1, 0], [1, 3, 2]]
    B = [[3, 0, 1], [0, F(3, 2), 1], [2, 2, 0]]          # x B = (1, 1, 1)
    return bg.NormalFormGame.from_bimatrix(A, B)


@pytest.mark.parametrize("dominated", [False, True])
def test_planted_degeneracy_is_detected_exactly(dominated):
    g = _planted(dominated)
    x = np.array([F(1, 3), F(2, 3), F(0)], dtype=object)
    vals = x @ g.payoff_array[..., 1]
    assert list(vals).count(max(vals)) == 3
    with pytest.warns(DegenerateGameWarning):
        res = bg.support_enumeration(g)
    assert res.status == bg.Status.DEGENERATE and not res.complete and res.exact
    assert "degenerate" in res.message
    assert all(e.max_regret == 0 for e in res)


def test_mixed_domination_game_is_degenerate():
    """A 4x4 zero-sum game whose row strategy (1/3, 0, 0, 2/3) has three pure best
    responses (the kind of game Gambit's catalog ships as needing mixed domination)."""
    A = np.array([[6, 2, 1, 4], [7, 1, 2, 5], [5, 4, 6, 7], [1, 3, 7, 2]])
    g = bg.NormalFormGame.from_bimatrix(A, -A)
    with pytest.warns(DegenerateGameWarning):
        res = bg.support_enumeration(g)
    assert res.status == bg.Status.DEGENERATE and not res.complete


def test_generic_games_stay_complete():
    rng = np.random.default_rng(1)
    for shape in [(3, 3), (4, 4), (5, 3), (6, 6)]:
        A = rng.permutation(np.arange(-500, 500))[:shape[0] * shape[1]].reshape(shape)
        B = rng.permutation(np.arange(-500, 500))[:shape[0] * shape[1]].reshape(shape)
        g = bg.NormalFormGame.from_bimatrix(A, B)
        se, ve = bg.support_enumeration(g), bg.vertex_enumeration(g)
        assert se.status == ve.status == bg.Status.OK and se.complete
        assert {_key(e) for e in se} == {_key(e) for e in ve} and len(se) % 2 == 1
