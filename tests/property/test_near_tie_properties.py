"""Properties near ties (issue 14): exact answers stay exact and complete under payoff
near-ties of 1e-4 .. 1e-30, float answers agree with them and are never empty, payoff
scale changes nothing, and planted degeneracy is always reported.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import blitzgame as bg
from blitzgame.exceptions import DegenerateGameWarning, PrecisionWarning
from blitzgame.testing import strategies as bst

FLOAT_METHODS = ("vertex_enumeration", "support_enumeration", "lemke_howson")


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        warnings.simplefilter("ignore", PrecisionWarning)
        return func(*args, **kwargs)


def _key(eq):
    return tuple(v for s in eq.strategies for v in s)


def _rows(res):
    return np.array([[float(v) for v in _key(e)] for e in res])


def _same_sets(a, b, atol):
    """Every row of ``a`` is within ``atol`` of a row of ``b`` and vice versa."""
    if len(a) == 0 or len(b) == 0:
        return len(a) == len(b)
    d = np.abs(a[:, None, :] - b[None, :, :]).max(axis=2)
    return bool((d.min(axis=1) <= atol).all() and (d.min(axis=0) <= atol).all())


@st.composite
def near_tie_games(draw, max_actions=4):
    """Small integer games plus ``eps * k`` (``k`` in -2..2) on every payoff, ``eps = 10**-p``,
    ``p`` in 4..30, as Fractions: ties broken by perturbations far below float resolution."""
    base = draw(bst.bimatrix_games(min_actions=2, max_actions=max_actions, min_value=-2,
                                   max_value=2))
    power = draw(st.integers(4, 30))
    m, n = base.shape
    pert = draw(st.lists(st.integers(-2, 2), min_size=2 * m * n, max_size=2 * m * n))
    eps = Fraction(1, 10**power)
    u = base.payoff_array + np.array([eps * k for k in pert], dtype=object).reshape(m, n, 2)
    return bg.NormalFormGame(u), power


@pytest.mark.gambit
@settings(deadline=None)
@given(case=near_tie_games())
def test_exact_answers_match_gambit(case):
    """Exact vertex enumeration lists exactly pygambit's rational extreme equilibria, and an
    exact support enumeration that says it is complete lists the same set."""
    gbt = pytest.importorskip("pygambit")
    game, _ = case
    U = game.payoff_array
    G = gbt.Game.from_arrays(U[..., 0].tolist(), U[..., 1].tolist())
    want = {tuple(Fraction(str(e[s])) for p in G.players for s in p.strategies)
            for e in gbt.nash.enummixed_solve(G, rational=True).equilibria}
    ve = _quiet(bg.vertex_enumeration, game)
    assert ve.exact and ve.complete and {_key(e) for e in ve} == want
    assert all(e.max_regret == 0 for e in ve)
    se = _quiet(bg.support_enumeration, game)
    assert se.exact and {_key(e) for e in se} <= want
    if se.complete:
        assert se.status == bg.Status.OK and {_key(e) for e in se} == want
        assert len(want) % 2 == 1


@settings(deadline=None)
@given(case=near_tie_games())
def test_exact_answers_are_verified_and_consistent(case):
    """Without an outside oracle: regret exactly 0, an odd count for non-degenerate
    games, and support enumeration never claims completeness the vertices deny."""
    game, _ = case
    ve = _quiet(bg.vertex_enumeration, game)
    assert len(ve) >= 1 and all(e.exact and e.max_regret == 0 for e in ve)
    assert all(game.max_regret(e.strategies) == 0 for e in ve)
    se = _quiet(bg.support_enumeration, game)
    if ve.status == bg.Status.OK:
        assert len(ve) % 2 == 1
    if se.complete:
        assert {_key(e) for e in se} == {_key(e) for e in ve}
    else:
        assert se.status == bg.Status.DEGENERATE


@settings(deadline=None)
@given(case=near_tie_games())
def test_float_answers_agree_with_exact_ones(case):
    """The float path never comes back empty; where floats can see the perturbation
    (1e-4 .. 1e-6 on payoffs of order 1) its equilibria are the exact ones."""
    game, power = case
    fl = game.to_float()
    exact = _quiet(bg.vertex_enumeration, game)
    for method in FLOAT_METHODS:
        res = _quiet(bg.solve, fl, method=method)
        assert len(res) >= 1 and not res.exact
        assert all(e.max_regret <= fl.float_tol for e in res)
        if method == "vertex_enumeration" and power <= 6 and exact.status == bg.Status.OK:
            assert _same_sets(_rows(res), _rows(exact), 1e-6)


SCALES = [1e-9, 1e-4, 1.0, 1e3, 1e100, 1e300]


@settings(deadline=None)
@given(game=bst.bimatrix_games(min_actions=2, max_actions=4, min_value=-5, max_value=5),
       c0=st.sampled_from(SCALES), c1=st.sampled_from(SCALES))
def test_scaling_changes_no_equilibrium(game, c0, c1):
    """Each player's payoffs times 1e-9 .. 1e300: exact games give identical equilibria,
    float games the same ones (to 1e-9) -- also when the factors differ per player.
    (Support enumeration of a degenerate float game lists what rounding lets it find,
    so it is compared only where it is complete.)"""
    u = game.payoff_array
    scaled = np.stack([u[..., 0] * Fraction(c0), u[..., 1] * Fraction(c1)], axis=-1)
    exact = bg.NormalFormGame(scaled)
    base = _quiet(bg.vertex_enumeration, game)
    again = _quiet(bg.vertex_enumeration, exact)
    assert [_key(e) for e in again] == [_key(e) for e in base]
    assert again.status == base.status
    ref_f = {m: _quiet(bg.solve, game.to_float(), method=m) for m in FLOAT_METHODS[:2]}
    fl = bg.NormalFormGame(np.stack([u[..., 0].astype(float) * c0, u[..., 1].astype(float) * c1],
                                    axis=-1))
    for method, ref in ref_f.items():
        if not ref.complete:
            continue
        res = _quiet(bg.solve, fl, method=method)
        assert len(res) == len(ref) and res.status == ref.status
        assert _same_sets(_rows(res), _rows(ref), 1e-9)


@settings(deadline=None)
@given(game=bst.bimatrix_games(min_actions=1, max_actions=4, payoffs="float", min_value=-3,
                               max_value=3),
       eps=st.sampled_from([0.0, 1e-13, 1e-10, 1e-8, 3e-8]),
       scale=st.sampled_from([1e-12, 1.0, 1e150, 1e307]),
       data=st.data())
def test_float_path_is_never_empty(game, eps, scale, data):
    """Float games with ties, near-ties just above or below the tolerance, and payoffs of
    any size: every two-player method returns at least one verified equilibrium."""
    m, n = game.shape
    pert = np.array(data.draw(st.lists(st.integers(-2, 2), min_size=2 * m * n,
                                       max_size=2 * m * n))).reshape(m, n, 2)
    u = (game.float_payoffs + eps * pert) * scale / 4
    g = bg.NormalFormGame(u)
    for method in FLOAT_METHODS:
        res = _quiet(bg.solve, g, method=method)
        assert len(res) >= 1 and all(e.max_regret <= g.float_tol for e in res)


@st.composite
def planted_degenerate_games(draw):
    """Games where a mixed strategy ``x`` of the row player with ``k`` actions (1 or 2) in its
    support has ``k + 1`` pure best responses (so the game is degenerate by definition)."""
    m, n = draw(st.integers(2, 4)), draw(st.integers(3, 4))
    A = np.array(draw(st.lists(st.integers(-5, 5), min_size=m * n, max_size=m * n)),
                 dtype=object).reshape(m, n)
    B = np.array(draw(st.lists(st.integers(-5, 5), min_size=m * n, max_size=m * n)),
                 dtype=object).reshape(m, n)
    k = draw(st.integers(1, min(2, m)))
    rows = draw(st.permutations(range(m)))[:k]
    cols = draw(st.permutations(range(n)))[:k + 1]
    p = Fraction(draw(st.integers(1, 9)), 10) if k == 2 else Fraction(1)
    top = Fraction(draw(st.integers(6, 9)))
    for j in range(n):
        if j in cols:       # x B_j = top on the k + 1 chosen columns
            if k == 1:
                B[rows[0], j] = top
            else:
                B[rows[0], j] = Fraction(draw(st.integers(-5, 9)))
                B[rows[1], j] = (top - p * B[rows[0], j]) / (1 - p)
        else:               # and lower elsewhere
            for i in rows:
                B[i, j] = top - 1 - draw(st.integers(0, 3))
    return bg.NormalFormGame.from_bimatrix(A, B)


@settings(deadline=None)
@given(game=planted_degenerate_games())
def test_planted_degeneracy_is_always_reported(game):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = bg.support_enumeration(game)
    assert res.status == bg.Status.DEGENERATE and not res.complete
    assert any(issubclass(w.category, DegenerateGameWarning) for w in caught)
    assert all(e.max_regret == 0 for e in res)
