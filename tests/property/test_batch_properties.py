"""Properties of batch solving on random stacks of games (hypothesis).

* per-game agreement: batch answers equal the single-game solvers' answers,
  degenerate and tied games included (pure equilibria, dominance, the
  equilibria of 2x2 / small games that are not flagged degenerate);
* validity: every reported equilibrium has regret <= tol, checked independently;
* chunk invariance: any chunk size gives the same answers;
* oddness (Wilson): a game not flagged degenerate has an odd number of equilibria;
* affine invariance: a positive affine transform of one player's payoffs changes nothing;
* the games drawn one at a time by ``blitzgame.testing.strategies`` give the same
  answers when stacked.
"""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

import blitzgame as bg
from blitzgame.solvers.batch.solve_batch import DOMINANCE_KINDS
from blitzgame.testing import strategies as bst


@st.composite
def stacks(draw, *, players: int | None = None, max_actions: int = 3, max_games: int = 6,
           spread: int = 3) -> np.ndarray:
    """Integer payoff stacks (B, n_0..n_{N-1}, N): small values, so many ties."""
    n = draw(st.integers(2, 3)) if players is None else players
    shape = tuple(draw(st.integers(1 if players is None else 2, max_actions)) for _ in range(n))
    B = draw(st.integers(1, max_games))
    return draw(hnp.arrays(np.int64, (B, *shape, n), elements=st.integers(-spread, spread)))


def _game(u: np.ndarray) -> bg.NormalFormGame:
    return bg.NormalFormGame(np.asarray(u))


def _vertex(game: bg.NormalFormGame) -> bg.EquilibriumResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bg.solve(game, method="vertex_enumeration")


def _same_set(found: list[tuple[np.ndarray, np.ndarray]], ref: bg.EquilibriumResult) -> bool:
    if len(found) != len(ref):
        return False
    return all(any(np.allclose(x, np.asarray(e.strategies[0], float), atol=1e-7)
                   and np.allclose(y, np.asarray(e.strategies[1], float), atol=1e-7)
                   for x, y in found) for e in ref)


@given(stacks())
def test_pure_batch_equals_per_game(u: np.ndarray) -> None:
    res = bg.solve_batch(u, question="pure")
    for b in range(u.shape[0]):
        expected = {e.pure_profile for e in bg.pure_equilibria(_game(u[b]))}
        assert {tuple(int(a) for a in p) for p in np.argwhere(res.mask[b])} == expected
    assert (res.max_regret == 0).all()  # integer payoffs: exact comparisons


@given(stacks(), st.data())
def test_dominance_batch_equals_per_game(u: np.ndarray, data: st.DataObject) -> None:
    n = u.shape[-1]
    player = data.draw(st.integers(0, n - 1))
    action = data.draw(st.integers(0, u.shape[1 + player] - 1))
    strict = data.draw(st.booleans())
    res = bg.solve_batch(u, question="dominant", player=player, action=action, strict=strict)
    for b in range(u.shape[0]):
        assert DOMINANCE_KINDS[int(res.kind[b])] == bg.is_dominant(
            _game(u[b]), player, action, strict=strict).kind


@given(stacks(players=2, max_actions=2, spread=2))
def test_all_2x2_batch_equals_per_game(u: np.ndarray) -> None:
    """Closed form vs exact vertex enumeration; tied games are flagged and still verified."""
    res = bg.solve_batch(u, question="all")
    for b in range(u.shape[0]):
        game = _game(u[b])
        c = int(res.count[b])
        found = [(res.strategies[0][b, k], res.strategies[1][b, k]) for k in range(c)]
        for x, y in found:
            assert game.is_nash([x, y], tol=1e-12)
        ref = _vertex(game)
        if not res.degenerate[b]:
            assert c % 2 == 1
            assert _same_set(found, ref)
        else:  # 2x2: flagged exactly when some pure strategy has two best responses
            A, B = u[b, ..., 0], u[b, ..., 1]
            assert (A[0] == A[1]).any() or (B[:, 0] == B[:, 1]).any() or c % 2 == 0


@given(stacks(players=2, max_actions=4, max_games=4, spread=20))
def test_all_small_batch_equals_per_game(u: np.ndarray) -> None:
    res = bg.solve_batch(u, question="all")
    assert (res.max_regret <= res.tol).all()
    for b in range(u.shape[0]):
        game = _game(u[b])
        c = int(res.count[b])
        found = [(res.strategies[0][b, k], res.strategies[1][b, k]) for k in range(c)]
        for x, y in found:
            assert game.is_nash([x, y], tol=1e-9)
        ref = _vertex(game)
        if not res.degenerate[b] and ref.status != bg.Status.DEGENERATE:
            assert c % 2 == 1
            assert _same_set(found, ref)


@given(stacks(max_games=8), st.integers(1, 8), st.sampled_from(["pure", "all", "lh"]))
def test_chunk_size_does_not_change_answers(u: np.ndarray, chunk: int, question: str) -> None:
    if question != "pure":
        u = u[..., :2] if u.shape[-1] == 2 else np.zeros((2, 2, 2, 2), dtype=np.int64)
        question = "all" if question == "all" else "lemke_howson"
    whole = bg.solve_batch(u, question=question)
    part = bg.solve_batch(u, question=question, chunk_size=chunk)
    assert_array_equal(whole.count, part.count)
    if question == "pure":
        assert_array_equal(whole.mask, part.mask)
    else:
        for a, b in zip(whole.strategies, part.strategies, strict=True):
            k = min(a.shape[1], b.shape[1]) if question == "all" else a.shape[1]
            assert_allclose(a[:, :k], b[:, :k], rtol=1e-12, atol=1e-14)


@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 3),
                                        st.integers(2, 3), st.just(2)),
                  elements=st.floats(-10, 10, allow_nan=False, width=32)),
       st.floats(0.5, 4), st.floats(-3, 3))
def test_affine_invariance(u: np.ndarray, scale: float, shift: float) -> None:
    v = u.copy()
    v[..., 0] = scale * u[..., 0] + shift
    a = bg.solve_batch(u, question="all", tol=1e-9)
    b = bg.solve_batch(v, question="all", tol=1e-9 * scale)
    keep = ~a.degenerate & ~b.degenerate
    assert_array_equal(a.count[keep], b.count[keep])
    for s, t in zip(a.strategies, b.strategies, strict=True):
        k = min(s.shape[1], t.shape[1])
        assert_allclose(s[keep][:, :k], t[keep][:, :k], atol=1e-6)


@given(st.lists(bst.games(num_players=2, min_actions=3, max_actions=3, payoffs="float",
                          generic=True), min_size=1, max_size=5))
def test_stacked_public_strategy_games(games: list[bg.NormalFormGame]) -> None:
    """Games drawn one by one with the library's own strategies, solved as one stack."""
    u = np.stack([g.float_payoffs for g in games])
    res = bg.solve_batch(u, question="lemke_howson")
    for b, game in enumerate(games):
        if res.converged[b]:
            assert game.is_nash([res.strategies[0][b], res.strategies[1][b]])
    allres = bg.solve_batch(u, question="all")
    for b, game in enumerate(games):
        for k in range(int(allres.count[b])):
            assert game.is_nash([allres.strategies[0][b, k], allres.strategies[1][b, k]])
