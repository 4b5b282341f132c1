"""Batch solving: every batch answer equals the per-game answer of the single-game solvers."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import blitzgame as bg
from blitzgame.exceptions import InvalidParameterError, UnsupportedGameError
from blitzgame.solvers.batch.solve_batch import DOMINANCE_KINDS, QUESTIONS

xps = pytest.importorskip("array_api_strict")


def _game(u: np.ndarray) -> bg.NormalFormGame:
    """One game of a stack as a NormalFormGame (integer payoffs stay exact)."""
    return bg.NormalFormGame(np.asarray(u))


def _stack(rng: np.random.Generator, shape: tuple[int, ...], B: int, kind: str,
           spread: int = 2) -> np.ndarray:
    n = len(shape)
    if kind == "int":  # small integers: many ties and degenerate games
        return rng.integers(-spread, spread + 1, size=(B, *shape, n))
    return rng.normal(size=(B, *shape, n))


def _eq_set(strategies: tuple[np.ndarray, ...], b: int, count: int
            ) -> list[tuple[np.ndarray, ...]]:
    """The ``count`` equilibria of game ``b`` from the padded (B, K, n_i) arrays."""
    return [tuple(s[b, k] for s in strategies) for k in range(count)]


def _contains(found: list[tuple[np.ndarray, ...]], eq: tuple[np.ndarray, ...]) -> bool:
    return any(all(np.allclose(a, np.asarray(b, float), atol=1e-7) for a, b in zip(f, eq,
                                                                                    strict=True))
               for f in found)


# ---------------------------------------------------------------- pure equilibria
@pytest.mark.parametrize("shape", [(2, 2), (3, 4), (2, 2, 2), (3, 2, 2), (2, 2, 2, 2)],
                         ids=str)
@pytest.mark.parametrize("kind", ["int", "float"])
def test_pure_equals_per_game(shape: tuple[int, ...], kind: str) -> None:
    rng = np.random.default_rng(len(shape) * 10 + shape[0])
    u = _stack(rng, shape, 60, kind)
    res = bg.solve_batch(u, question="pure")
    assert res.mask.shape == (60, *shape)
    for b in range(60):
        expected = {e.pure_profile for e in bg.pure_equilibria(_game(u[b]))}
        got = {tuple(int(a) for a in p) for p in np.argwhere(res.mask[b])}
        assert got == expected
        assert int(res.count[b]) == len(expected)
    assert (res.max_regret <= res.tol).all()


def test_pure_prisoners_dilemma_and_multi_axis_batch() -> None:
    pd = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    u = np.broadcast_to(pd, (3, 4, 2, 2, 2))
    res = bg.solve_batch(u, question="pure")
    assert res.batch_shape == (3, 4) and res.mask.shape == (3, 4, 2, 2)
    assert_array_equal(res.count, np.ones((3, 4), dtype=int))
    assert res.mask[..., 1, 1].all() and res.mask.sum() == 12
    assert res.size == 12


# ---------------------------------------------------------------- dominance
@pytest.mark.parametrize("strict", [True, False])
@pytest.mark.parametrize("shape,player,action", [((2, 2), 0, 1), ((3, 3), 1, 2),
                                                  ((2, 3, 2), 2, 0)], ids=str)
def test_dominant_equals_is_dominant(shape: tuple[int, ...], player: int, action: int,
                                     strict: bool) -> None:
    rng = np.random.default_rng(7)
    u = rng.integers(-1, 2, size=(80, *shape, len(shape)))
    axes = [1] * len(shape)
    axes[player] = shape[player]
    bonus = 3 * (np.arange(shape[player]) == action).reshape(axes)
    u[:20, ..., player] += bonus  # some games with a dominant action
    res = bg.solve_batch(u, question="dominant", player=player, action=action, strict=strict)
    for b in range(80):
        one = bg.is_dominant(_game(u[b]), player, action, strict=strict)
        assert DOMINANCE_KINDS[int(res.kind[b])] == one.kind
        assert bool(res.dominant[b]) == (one.kind == "strict" if strict
                                         else one.kind in ("strict", "weak"))
    assert {DOMINANCE_KINDS[k] for k in res.kind.tolist()} >= {"strict", "none"}
    assert ((res.margin > 0) == (res.kind == 2)).all()


# ---------------------------------------------------------------- all equilibria
def test_all_2x2_literature_games(prisoners_dilemma, battle_of_the_sexes, matching_pennies,
                                  chicken) -> None:
    games = [prisoners_dilemma, battle_of_the_sexes, matching_pennies, chicken]
    u = np.stack([g.float_payoffs for g in games])
    res = bg.solve_batch(u, question="all")
    assert res.count.tolist() == [1, 3, 1, 3]
    assert not res.degenerate.any()
    assert_allclose(res.strategies[0][1, 2], [0.6, 0.4])  # battle of the sexes, mixed
    assert_allclose(res.strategies[1][1, 2], [0.4, 0.6])
    assert_allclose(res.strategies[0][2, 0], [0.5, 0.5])  # matching pennies
    assert_allclose(res.payoffs[2, 0], [0.0, 0.0], atol=1e-15)
    assert_allclose(res.strategies[0][3, 2], [2 / 3, 1 / 3])  # chicken: mixed
    assert_array_equal(res.valid, np.arange(res.valid.shape[1]) < res.count[:, None])


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 3), (4, 4), (3, 5)], ids=str)
@pytest.mark.parametrize("kind", ["int", "float"])
def test_all_equals_vertex_enumeration(shape: tuple[int, int], kind: str) -> None:
    """Generic games: the same set as vertex enumeration; tied games: flagged, still verified."""
    rng = np.random.default_rng(sum(shape))
    u = _stack(rng, shape, 40, kind, spread=2 if shape == (2, 2) else 30)
    res = bg.solve_batch(u, question="all")
    assert (res.max_regret <= res.tol).all()
    n_generic = 0
    for b in range(40):
        game = _game(u[b])
        found = _eq_set(res.strategies, b, int(res.count[b]))
        for eq in found:  # independent verification of every reported equilibrium
            assert game.is_nash(list(eq), tol=1e-9)
        if res.degenerate[b]:
            continue
        n_generic += 1
        with np.errstate(all="ignore"):
            ref = bg.solve(game, method="vertex_enumeration")
        assert len(ref) == len(found)
        for e in ref:
            assert _contains(found, e.strategies)
    assert n_generic > (30 if kind == "float" else 5)


def test_all_flags_degenerate_games() -> None:
    # a pure strategy with two best responses; a game with a continuum of equilibria
    u = np.array([[[[1, 1], [1, 0]], [[1, 0], [0, 1]]],  # A = [[1, 1], [1, 0]]: tie at column 0
                  [[[1, 1], [1, 1]], [[0, 0], [0, 0]]]], dtype=float)
    res = bg.solve_batch(u, question="all")
    assert res.degenerate.all()
    assert (res.max_regret <= res.tol).all()


def test_all_payoffs_equal_expected_payoffs() -> None:
    u = np.random.default_rng(3).normal(size=(20, 3, 3, 2))
    res = bg.solve_batch(u, question="all")
    for b in range(20):
        for k in range(int(res.count[b])):
            x, y = res.strategies[0][b, k], res.strategies[1][b, k]
            assert_allclose(res.payoffs[b, k], [x @ u[b, ..., 0] @ y, x @ u[b, ..., 1] @ y])


# ---------------------------------------------------------------- Lemke-Howson
@pytest.mark.parametrize("n", [2, 5, 12])
def test_lemke_howson_batch(n: int) -> None:
    rng = np.random.default_rng(n)
    u = rng.normal(size=(30, n, n, 2))
    res = bg.solve_batch(u, question="lemke_howson")
    assert res.converged.all()
    assert (res.max_regret <= res.tol).all()
    for b in range(30):
        game = _game(u[b])
        x, y = res.strategies[0][b], res.strategies[1][b]
        assert game.is_nash([x, y])
        ref = bg.lemke_howson(game, initial_label=0)
        assert _contains([(x, y)], ref[0].strategies)


@pytest.mark.filterwarnings("ignore::blitzgame.exceptions.DegenerateGameWarning")
def test_lemke_howson_batch_resolves_cycling_degenerate_games() -> None:
    """Ties everywhere (payoffs in -2..2): the batched pivots (first-row tie rule)
    cycle on some games; numpy batches re-solve those with the lexicographic
    single-game path, so every game converges to a verified equilibrium."""
    from blitzgame.solvers.batch._lemke_howson import lemke_howson as kernel

    u = np.random.default_rng(0).integers(-2, 3, (600, 5, 5, 2)).astype(float)
    raw = kernel(np, u, np.full(600, 1e-9), initial_label=1, max_iter=1250)
    cycled = np.flatnonzero(~np.asarray(raw["converged"]))
    assert len(cycled) > 0                      # the case is exercised
    res = bg.solve_batch(u.reshape(20, 30, 5, 5, 2), question="lemke_howson", initial_label=1)
    assert res.converged.all() and (res.count == 1).all()
    assert (res.max_regret <= res.tol).all()
    for g in cycled:
        at = np.unravel_index(g, (20, 30))
        x, y = res.strategies[0][at], res.strategies[1][at]
        assert _game(u[g]).is_nash([x, y])
        ref = bg.lemke_howson(_game(u[g]), initial_label=1)
        assert_allclose(x, ref[0].strategies[0], atol=1e-12)
        assert_allclose(y, ref[0].strategies[1], atol=1e-12)
        assert_allclose(res.payoffs[at], np.asarray(ref[0].payoffs, float), atol=1e-12)


def test_lemke_howson_initial_label_and_matching_pennies(matching_pennies) -> None:
    u = matching_pennies.float_payoffs[None]
    for label in range(4):
        res = bg.solve_batch(u, question="lemke_howson", initial_label=label)
        assert_allclose(res.strategies[0][0], [0.5, 0.5])
        assert_allclose(res.strategies[1][0], [0.5, 0.5])


# ---------------------------------------------------------------- chunking, array API
@pytest.mark.parametrize("question,shape", [("pure", (3, 2, 2)), ("all", (2, 2)),
                                            ("all", (3, 3)), ("lemke_howson", (4, 4)),
                                            ("dominant", (3, 3))], ids=str)
def test_chunked_equals_unchunked(question: str, shape: tuple[int, ...]) -> None:
    u = np.random.default_rng(11).integers(-3, 4, size=(50, *shape, len(shape))).astype(float)
    opts = {"player": 0, "action": 1} if question == "dominant" else {}
    whole = bg.solve_batch(u, question=question, chunk_size=50, **opts)
    for chunk in (1, 7):
        part = bg.solve_batch(u, question=question, chunk_size=chunk, **opts)
        assert part.chunk_size == chunk
        for field in ("count", "mask", "valid", "degenerate", "converged", "kind",
                      "max_regret", "payoffs"):
            a, b = getattr(whole, field), getattr(part, field)
            if a is None:
                assert b is None
                continue
            k = min(a.shape[1], b.shape[1]) if field in ("valid", "payoffs") else None
            if a.dtype.kind == "f":  # BLAS may round differently for other matrix shapes
                assert_allclose(a[:, :k] if k else a, b[:, :k] if k else b, rtol=1e-12,
                                atol=1e-14)
            else:
                assert_array_equal(a[:, :k] if k else a, b[:, :k] if k else b)
        if whole.strategies is not None:
            for a, b in zip(whole.strategies, part.strategies, strict=True):
                k = min(a.shape[1], b.shape[1]) if question == "all" else a.shape[1]
                assert_allclose(a[:, :k], b[:, :k], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("question,shape", [("pure", (2, 3, 2)), ("all", (2, 2)),
                                            ("all", (3, 4)), ("lemke_howson", (5, 5)),
                                            ("dominant", (2, 3))], ids=str)
def test_array_api_strict_matches_numpy(question: str, shape: tuple[int, ...]) -> None:
    u = np.random.default_rng(5).normal(size=(25, *shape, len(shape)))
    opts = {"player": 1, "action": 0} if question == "dominant" else {}
    ref = bg.solve_batch(u, question=question, **opts)
    res = bg.solve_batch(xps.asarray(u), question=question, chunk_size=10, **opts)
    assert type(res.max_regret if question != "dominant" else res.kind) is type(xps.asarray(1))
    for field in ("count", "mask", "valid", "degenerate", "converged", "kind"):
        a = getattr(ref, field)
        if a is not None:
            assert_array_equal(np.asarray(getattr(res, field)), a)
    if ref.strategies is not None:
        for a, b in zip(ref.strategies, res.strategies, strict=True):
            assert_allclose(np.asarray(b), a, atol=1e-12)


def test_integer_payoffs_compared_exactly() -> None:
    u = np.array([[[[1, 1], [0, 0]], [[1, 0], [0, 1]]]])  # ties everywhere
    res = bg.solve_batch(u, question="pure")
    assert res.tol.dtype.kind == "i" and int(res.tol[0]) == 0
    assert res.count.tolist() == [len(bg.pure_equilibria(_game(u[0])))]


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("kwargs,match", [
    ({"question": "nash"}, "question must be one of"),
    ({"chunk_size": 0}, "chunk_size must be a positive int"),
    ({"tol": -1.0}, "tol must be a non-negative"),
    ({"question": "dominant"}, "needs player= and action="),
    ({"question": "dominant", "player": 2, "action": 0}, "player must be in 0..1"),
    ({"question": "dominant", "player": 0, "action": 5}, "action must be in 0..1"),
    ({"question": "lemke_howson", "initial_label": 4}, "initial_label must be in 0..3"),
])
def test_invalid_options(kwargs: dict, match: str) -> None:
    u = np.zeros((3, 2, 2, 2))
    with pytest.raises(InvalidParameterError, match=match):
        bg.solve_batch(u, **kwargs)


def test_invalid_payoffs() -> None:
    with pytest.raises(InvalidParameterError, match="shape"):
        bg.solve_batch(np.zeros((2, 2, 3)))
    with pytest.raises(InvalidParameterError, match="no games"):
        bg.solve_batch(np.zeros((0, 2, 2, 2)))
    with pytest.raises(InvalidParameterError, match="finite"):
        bg.solve_batch(np.full((1, 2, 2, 2), np.nan), question="all")
    with pytest.raises(InvalidParameterError, match="real numbers"):
        bg.solve_batch(np.zeros((1, 2, 2, 2), dtype=bool))
    with pytest.raises(UnsupportedGameError, match="two-player"):
        bg.solve_batch(np.zeros((1, 2, 2, 2, 3)), question="all")
    with pytest.raises(InvalidParameterError, match="question='dominant'"):
        _ = bg.solve_batch(np.zeros((1, 2, 2, 2))).dominant


def test_questions_and_repr() -> None:
    assert QUESTIONS == ("pure", "dominant", "all", "lemke_howson")
    res = bg.solve_batch([[[[1, 1], [0, 0]], [[0, 0], [1, 1]]]], question="pure")
    assert repr(res).startswith("BatchResult(question='pure', batch_shape=(1,)")
    assert list(itertools.chain(res.count.tolist())) == [2]


def test_benchmark_memory_section_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m benchmarks --quick --only memory`` runs and reports the batch's peak memory."""
    main = pytest.importorskip("benchmarks.__main__").main
    assert main(["--quick", "--only", "memory"]) == 0
    out = capsys.readouterr().out
    assert "peak" in out and "MiB" in out


# ---------------------------------------------------------------- numpy fast paths
def _generic_all(u: np.ndarray, kernel: str) -> dict:
    """The array-API kernel run on numpy (the path torch/CuPy take), batch-first."""
    from blitzgame.solvers.batch._support import support_enumeration
    from blitzgame.solvers.batch._two_by_two import closed_form_2x2
    from blitzgame.solvers.batch.kernels import batch_tolerance as _tolerance

    u = np.asarray(u, dtype=float)
    tol = _tolerance(np, u, None)
    if kernel == "2x2":
        r = closed_form_2x2(np, u, tol)
        r.pop("layout")
        def flip(a: np.ndarray) -> np.ndarray:  # batch-last to batch-first
            return np.moveaxis(a, -1, 0) if a.ndim == 2 else np.transpose(a, (2, 1, 0))

        r["valid"], r["payoffs"] = flip(r["valid"]), flip(r["payoffs"])
        r["strategies"] = tuple(flip(s) for s in r["strategies"])
        return r
    return support_enumeration(np, u, tol)


def _assert_same_answers(fast: bg.BatchResult, ref: dict) -> None:
    assert_array_equal(fast.count, ref["count"])
    assert_array_equal(fast.degenerate, ref["degenerate"])
    assert_array_equal(fast.valid, ref["valid"])
    assert_allclose(fast.max_regret, ref["max_regret"], rtol=1e-9, atol=1e-13)
    assert_allclose(fast.payoffs, ref["payoffs"], rtol=1e-12, atol=1e-12)
    for a, b in zip(fast.strategies, ref["strategies"], strict=True):
        assert_allclose(a, b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kind", ["float", "int", "mixed"])
def test_fast_2x2_equals_array_api_kernel(kind: str) -> None:
    """numpy fast path (threads, chunks, degenerate games re-solved) == array-API kernel."""
    rng = np.random.default_rng(21)
    u = rng.normal(size=(3000, 2, 2, 2))
    if kind != "float":
        ints = rng.integers(-2, 3, size=(3000, 2, 2, 2)).astype(float)
        u = ints if kind == "int" else np.where(rng.random((3000, 1, 1, 1)) < 0.2, ints, u)
    ref = _generic_all(u, "2x2")
    for chunk in (None, 257):
        fast = bg.solve_batch(u, question="all", chunk_size=chunk)
        _assert_same_answers(fast, ref)
    assert ref["degenerate"].any() == (kind != "float")


def test_fast_2x2_slot_counts_and_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    from blitzgame.solvers.batch import solve_batch as batch

    pd = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]], dtype=float)
    res = bg.solve_batch(np.broadcast_to(pd, (5, 2, 2, 2)), question="all")
    assert res.strategies[0].shape == (5, 1, 2) and res.count.tolist() == [1] * 5
    # a game with four pure equilibria (all payoffs equal): more slots than the fast path's 3
    u = np.stack([pd, np.zeros((2, 2, 2))])
    res = bg.solve_batch(u, question="all")
    assert res.count.tolist()[0] == 1 and res.degenerate.tolist() == [False, True]
    assert res.valid.shape[1] == int(res.count.max()) >= 4
    assert_array_equal(res.valid, np.arange(res.valid.shape[1]) < res.count[:, None])
    # several threads over many chunks give the answers of one thread
    big = np.random.default_rng(4).normal(size=(5000, 2, 2, 2))
    monkeypatch.setattr(batch, "_workers", lambda n, c: 1)
    one = bg.solve_batch(big, question="all", chunk_size=300)
    monkeypatch.setattr(batch, "_workers", lambda n, c: 3)
    many = bg.solve_batch(big, question="all", chunk_size=300)
    for f in ("count", "valid", "degenerate", "max_regret", "payoffs", "tol"):
        assert_array_equal(getattr(one, f), getattr(many, f))


@pytest.mark.parametrize("shape", [(3, 3), (2, 3), (3, 5), (4, 3), (1, 3)], ids=str)
@pytest.mark.parametrize("kind", ["float", "int"])
def test_fast_support_equals_array_api_kernel(shape: tuple[int, int], kind: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """numpy fast path (supports <= 3, one vector per payoff entry) == array-API kernel."""
    from blitzgame.solvers.batch import solve_batch as batch

    rng = np.random.default_rng(sum(shape) + (kind == "int"))
    u = _stack(rng, shape, 400, kind, spread=3).astype(float)
    ref = _generic_all(u, "support")
    monkeypatch.setattr(batch, "_workers", lambda n, c: 2)
    for chunk in (None, 37):
        _assert_same_answers(bg.solve_batch(u, question="all", chunk_size=chunk), ref)
    strict = bg.solve_batch(xps.asarray(u), question="all", chunk_size=100)
    assert_array_equal(np.asarray(strict.count), ref["count"])
    assert_array_equal(np.asarray(strict.degenerate), ref["degenerate"])


def test_fast_support_equals_single_game_solver() -> None:
    u = np.random.default_rng(8).normal(size=(60, 3, 3, 2))
    res = bg.solve_batch(u, question="all", tol=1e-10)
    assert_allclose(res.tol, 1e-10)
    for b in range(60):
        ref = bg.solve(_game(u[b]), method="support_enumeration")
        found = _eq_set(res.strategies, b, int(res.count[b]))
        assert len(ref) == len(found) and not res.degenerate[b]
        for e in ref:
            assert _contains(found, e.strategies)


@pytest.mark.parametrize("shape", [(4, 4), (4, 6), (5, 4), (6, 6)], ids=str)
@pytest.mark.parametrize("kind", ["float", "int"])
def test_pruned_batch_equals_single_game_support_enumeration(shape: tuple[int, int],
                                                             kind: str) -> None:
    """The pruned numpy path (>= 4 actions) is bg.support_enumeration, game by game.

    Same degeneracy flags on tied integer games and the same equilibria, each
    listed once, flagged games included (and, where the game is not flagged, the
    same set as vertex enumeration).
    """
    rng = np.random.default_rng(sum(shape) + (kind == "int"))
    u = _stack(rng, shape, 60, kind, spread=4).astype(float)
    res = bg.solve_batch(u, question="all")
    assert (res.max_regret <= res.tol).all()
    for b in range(60):
        game = bg.NormalFormGame(u[b])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", bg.DegenerateGameWarning)  # flagged, as compared
            ref = bg.support_enumeration(game)
            # an independent complete method (it may see a degeneracy off the equilibria)
            vertex = bg.vertex_enumeration(game) if b % 6 == 0 else None
        found = _eq_set(res.strategies, b, int(res.count[b]))
        for eq in found:
            assert game.is_nash(list(eq), tol=1e-9)
        assert bool(res.degenerate[b]) == (not ref.complete)
        assert len(found) == len(ref)
        assert all(_contains(found, e.strategies) for e in ref)
        if ref.complete and vertex is not None:
            assert len(vertex) == len(found)
    assert res.degenerate.any() == (kind == "int")


@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (4, 4)], ids=str)
def test_all_lists_each_equilibrium_once_on_tied_games(shape: tuple[int, int]) -> None:
    """Tied games reach one equilibrium from several support pairs: listed once, in
    the numpy fast paths and the array-API kernel alike, as support_enumeration does."""
    from blitzgame.solvers.batch._support import support_enumeration
    from blitzgame.solvers.batch.kernels import batch_tolerance as _tolerance

    u = np.random.default_rng(sum(shape)).integers(-1, 2, size=(150, *shape, 2)).astype(float)
    res = bg.solve_batch(u, question="all")
    kernel = support_enumeration(np, u, _tolerance(np, u, None))
    assert_array_equal(res.count, kernel["count"])
    assert res.degenerate.sum() > 100
    for b in range(150):
        found = _eq_set(res.strategies, b, int(res.count[b]))
        P = np.array([np.concatenate(e) for e in found])
        gaps = np.abs(P[:, None] - P[None]).max(axis=-1) + np.eye(len(P))
        assert (gaps > 1e-7).all()                      # no equilibrium twice
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", bg.DegenerateGameWarning)
            ref = bg.support_enumeration(bg.NormalFormGame(u[b]))
        assert len(ref) == len(found) and all(_contains(found, e.strategies) for e in ref)
    assert_array_equal(res.valid, np.arange(res.valid.shape[1]) < res.count[:, None])


def test_drop_repeats_compacts_slots_in_order() -> None:
    from blitzgame.solvers.batch._support import drop_repeats

    e = np.eye(3)
    x = np.array([[e[0], e[0], e[1], e[0]], [e[2], e[1], e[0], e[0]]])   # game 0: 0 repeats
    y = x.copy()
    y[0, 1] = e[0] + 1e-9                                              # within tolerance
    valid = np.array([[True, True, True, False], [True, True, True, True]])
    pay = np.arange(16.0).reshape(2, 4, 2)
    for xp in (np, xps):
        count, v, xs, ys, ps = drop_repeats(xp, xp.asarray(valid.sum(1)), xp.asarray(valid),
                                            xp.asarray(x), xp.asarray(y), xp.asarray(pay))
        assert np.asarray(count).tolist() == [2, 3]
        assert np.asarray(v).tolist() == [[True, True, False], [True, True, True]]
        assert_array_equal(np.asarray(xs)[0, :2], [e[0], e[1]])
        assert_array_equal(np.asarray(ps)[0, :2], pay[0, [0, 2]])  # the first of a repeat
        assert_array_equal(np.asarray(xs)[1], x[1, :3])               # slot 3 repeats slot 2
        assert_array_equal(np.asarray(ps)[1], pay[1, :3])


def test_pruned_batch_chunks_threads_and_generic_kernel(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """Chunked, threaded and one-chunk runs agree; so does the array-API kernel."""
    from blitzgame.solvers.batch import solve_batch as batch
    from blitzgame.solvers.batch._support import support_enumeration
    from blitzgame.solvers.batch.kernels import batch_tolerance as _tolerance

    u = np.random.default_rng(12).normal(size=(200, 5, 5, 2))
    one = bg.solve_batch(u, question="all", chunk_size=200)
    monkeypatch.setattr(batch, "_workers", lambda n, c: 3)
    for chunk in (1, 37):
        part = bg.solve_batch(u, question="all", chunk_size=chunk)
        for f in ("count", "valid", "degenerate", "tol"):
            assert_array_equal(getattr(one, f), getattr(part, f))
        for f in ("max_regret", "payoffs"):  # other stack sizes may round differently
            assert_allclose(getattr(one, f), getattr(part, f), rtol=1e-12, atol=1e-14)
        for a, b in zip(one.strategies, part.strategies, strict=True):
            assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    ref = support_enumeration(np, u, _tolerance(np, u, None))
    k = one.valid.shape[1]
    assert_array_equal(one.count, ref["count"])
    assert_array_equal(one.degenerate, ref["degenerate"])
    assert_allclose(one.payoffs, ref["payoffs"][:, :k], atol=1e-12)
    for a, b in zip(one.strategies, ref["strategies"], strict=True):
        assert_allclose(a, b[:, :k], atol=1e-12)


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 4), (4, 4), (5, 5)], ids=str)
def test_all_does_not_depend_on_payoff_units(shape: tuple[int, int]) -> None:
    """Rescaled payoffs (dollars vs billions): the same equilibria and flags. The
    payoff tolerance reaches probabilities divided by the payoff scale."""
    u = np.random.default_rng(len(shape) + shape[1]).normal(size=(200, *shape, 2))
    ref = bg.solve_batch(u, question="all")
    assert not ref.degenerate.any()
    for scale in (1e6, 1e9):
        res = bg.solve_batch(u * scale, question="all")
        assert_array_equal(res.count, ref.count)
        assert_array_equal(res.degenerate, ref.degenerate)
        for a, b in zip(res.strategies, ref.strategies, strict=True):
            assert_allclose(a, b, atol=1e-9)
        assert_allclose(res.payoffs, ref.payoffs * scale, rtol=1e-9, atol=1e-6 * scale)


@pytest.mark.parametrize("namespace", ["numpy", "array_api_strict"])
@pytest.mark.parametrize("shape", [(3, 3), (2, 3), (4, 4)], ids=str)
def test_all_does_not_depend_on_a_payoff_shift(shape: tuple[int, int], namespace: str) -> None:
    """Payoffs near 1e6 with differences of order 1 (a fixed tol): the same
    equilibria as the unshifted games. Cramer's determinants of the raw payoffs
    lost the digits that separate them; each player's payoffs are shifted first."""
    u = np.random.default_rng(7).random((300, *shape, 2))
    ref = bg.solve_batch(u, question="all", tol=1e-6)
    assert not ref.degenerate.any()
    for shift in (1e6, 1e8):
        v = u + shift
        res = bg.solve_batch(v if namespace == "numpy" else xps.asarray(v), question="all",
                             tol=1e-6)
        assert_array_equal(np.asarray(res.count), ref.count)
        assert_array_equal(np.asarray(res.degenerate), ref.degenerate)
        for a, b in zip(res.strategies, ref.strategies, strict=True):
            assert_allclose(np.asarray(a), b, atol=1e-6)
        pay = np.where(ref.valid[..., None], ref.payoffs + shift, 0.0)
        assert_allclose(np.asarray(res.payoffs), pay, rtol=1e-12)
    one = u[:1] + 1e6
    kept = one.copy()
    bg.solve_batch(one, question="all")
    assert_array_equal(one, kept)   # the caller's array is not shifted in place


@pytest.mark.parametrize("namespace", ["numpy", "array_api_strict"])
def test_pure_equilibrium_payoffs_are_the_table_entries(namespace: str) -> None:
    """The indifference systems run on shifted payoffs; the payoffs reported for a
    pure equilibrium are still the payoff-table entries themselves, bit for bit."""
    u = np.random.default_rng(0).random((300, 3, 3, 2))
    u[:, 0, 0, 0] = -1e6
    res = bg.solve_batch(u if namespace == "numpy" else xps.asarray(u), question="all")
    x, y = (np.asarray(s) for s in res.strategies)
    pay, count = np.asarray(res.payoffs), np.asarray(res.count)
    seen = 0
    for g in range(len(u)):
        for k in range(count[g]):
            i, j = np.flatnonzero(x[g, k] == 1.0), np.flatnonzero(y[g, k] == 1.0)
            if len(i) == len(j) == 1:
                assert_array_equal(pay[g, k], u[g, i[0], j[0]])
                seen += 1
    assert seen > 100


def test_lemke_howson_batch_does_not_depend_on_payoff_units() -> None:
    """The pivots run on payoffs mapped onto [1, 2], as the single-game solver does."""
    u = np.random.default_rng(0).standard_normal((200, 4, 4, 2))
    ref = bg.solve_batch(u, question="lemke_howson")
    assert ref.converged.all()
    for scale in (1e-3, 1e12, 1e15):
        res = bg.solve_batch(u * scale, question="lemke_howson")
        assert_array_equal(res.converged, ref.converged)
        for a, b in zip(res.strategies, ref.strategies, strict=True):
            assert_allclose(a, b, atol=1e-9)
