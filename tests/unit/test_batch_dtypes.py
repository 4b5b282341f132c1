"""solve_batch on every integer dtype: exact answers equal to the per-game ones, no wrap-around.

Payoff differences of narrow or unsigned integer types used to wrap around (matching
pennies in int8 had four "pure equilibria"; uint8 flipped dominance). Every
question is checked game by game against :func:`blitzgame.pure_equilibria`,
:func:`blitzgame.is_dominant` and :func:`blitzgame.solve` on the same payoffs.
"""

from __future__ import annotations

import array_api_compat.numpy as np_xp
import numpy as np
import pytest

import blitzgame as bg
from blitzgame.exceptions import InvalidParameterError
from blitzgame.solvers.batch.kernels import DOMINANCE_KINDS, exact_integers

DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
IDS = [np.dtype(d).name for d in DTYPES]
MP = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])  # matching pennies (players last)


def _extremes(dtype: type) -> tuple[int, int]:
    info = np.iinfo(dtype)
    return int(info.min), int(info.max)


def _stacks(dtype: type) -> list[np.ndarray]:
    """Stacks drawn from the dtype's whole range, extreme corners first."""
    lo, hi = _extremes(dtype)
    rng = np.random.default_rng(np.iinfo(dtype).bits + (lo < 0))
    out = []
    for shape in [(10, 2, 2, 2), (6, 2, 3, 2), (4, 2, 2, 2, 3)]:
        u = rng.integers(lo, hi, size=shape, dtype=dtype, endpoint=True)
        u[0] = np.where(rng.random(shape[1:]) < 0.5, lo, hi)   # only the two extremes
        u[1] = np.where(rng.random(shape[1:]) < 0.5, lo, lo + 1)  # near the bottom
        out.append(u)
    return out


def _pure(u_b: np.ndarray) -> set[tuple[int, ...]]:
    return {e.pure_profile for e in bg.pure_equilibria(bg.NormalFormGame(u_b))}


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_matching_pennies_at_the_extremes(dtype: type) -> None:
    lo, hi = _extremes(dtype)
    u = np.where(MP > 0, hi, lo).astype(dtype)[None]
    res = bg.solve_batch(u, question="pure")
    assert res.count.tolist() == [0] and not res.mask.any()
    assert len(bg.pure_equilibria(bg.NormalFormGame(u[0]))) == 0
    for player in (0, 1):
        for action in (0, 1):
            dom = bg.solve_batch(u, question="dominant", player=player, action=action)
            assert DOMINANCE_KINDS[int(dom.kind[0])] == "none"


def test_huge_int64_matching_pennies() -> None:
    u = (MP * 2**62).astype(np.int64)[None]   # differences 2**63: past int64
    res = bg.solve_batch(u, question="pure")
    assert res.count.tolist() == [0]
    allres = bg.solve_batch(u, question="all")   # ±2**62 is exact in float64
    assert allres.count.tolist() == [1]
    np.testing.assert_allclose(allres.strategies[0][0, 0], [0.5, 0.5])
    assert exact_integers(np_xp, u).dtype == object   # computed in Python ints


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_pure_and_dominant_equal_the_per_game_answer(dtype: type) -> None:
    for u in _stacks(dtype):
        res = bg.solve_batch(u, question="pure")
        for b in range(u.shape[0]):
            want = _pure(u[b])
            assert {tuple(int(a) for a in p) for p in np.argwhere(res.mask[b])} == want
            assert int(res.count[b]) == len(want) and res.max_regret[b] == 0
        games = [bg.NormalFormGame(u[b]) for b in range(u.shape[0])]
        for player, n in enumerate(u.shape[1:-1]):
            for action in range(n):
                for strict in (True, False):
                    dom = bg.solve_batch(u, question="dominant", player=player, action=action,
                                         strict=strict)
                    for b, g in enumerate(games):
                        one = bg.is_dominant(g, player, action, strict=strict)
                        assert DOMINANCE_KINDS[int(dom.kind[b])] == one.kind
                        assert bool(dom.dominant[b]) == bool(one.strict if strict else one.weak)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_all_equals_the_per_game_answer_or_refuses(dtype: type) -> None:
    for u in _stacks(dtype)[:2]:   # two-player stacks
        exact_in_float = bool(np.all(u.astype(np.float64).astype(object) == u.astype(object)))
        if not exact_in_float:
            with pytest.raises(InvalidParameterError, match=r"payoffs of dtype .* range over"):
                bg.solve_batch(u, question="all")
            continue
        res = bg.solve_batch(u, question="all")
        for b in range(u.shape[0]):
            if res.degenerate[b]:
                continue
            ref = bg.solve(bg.NormalFormGame(u[b]))
            got = sorted(tuple(np.round(np.concatenate([s[b, k] for s in res.strategies]), 9))
                         for k in range(int(res.count[b])))
            want = sorted(tuple(np.round(np.concatenate([np.asarray(s, float)
                                                         for s in e.strategies]), 9))
                          for e in ref)
            assert got == want


def test_small_values_in_every_dtype_agree_with_int64() -> None:
    rng = np.random.default_rng(7)
    base = rng.integers(0, 100, size=(50, 3, 3, 2))
    ref = bg.solve_batch(base, question="pure")
    for dtype in DTYPES:
        res = bg.solve_batch(base.astype(dtype), question="pure")
        assert (res.mask == ref.mask).all()
        for strict in (True, False):
            a = bg.solve_batch(base.astype(dtype), question="dominant", player=1, action=2,
                               strict=strict)
            b = bg.solve_batch(base, question="dominant", player=1, action=2, strict=strict)
            assert (a.kind == b.kind).all() and (a.margin == b.margin).all()


def test_uint64_above_int64_is_shifted_not_wrapped() -> None:
    top = np.iinfo(np.uint64).max
    # player 0 prefers row 0 by 1 everywhere, near the top of uint64
    u = np.array([[[top, 5], [top, 5]], [[top - 1, 7], [top - 1, 3]]], dtype=np.uint64)[None]
    dom = bg.solve_batch(u, question="dominant", player=0, action=0)
    assert dom.kind.tolist() == [2] and dom.margin.tolist() == [1]
    assert bg.is_dominant(bg.NormalFormGame(u[0]), 0, 0).kind == "strict"


def test_integer_tolerance_beyond_the_dtype() -> None:
    u = np.where(MP > 0, 100, -100).astype(np.int8)[None]
    # a tolerance of 1000 makes every action a best response: all four profiles
    assert bg.solve_batch(u, question="pure", tol=1000).count.tolist() == [4]
    assert bg.solve_batch(u, question="pure", tol=2**70).count.tolist() == [4]
    for bad in (float("inf"), 0.5):
        with pytest.raises(InvalidParameterError, match="tol"):
            bg.solve_batch(u, question="pure", tol=bad)


def test_array_api_strict_integers() -> None:
    xps = pytest.importorskip("array_api_strict")
    u = np.where(MP > 0, 127, -128).astype(np.int8)[None]
    res = bg.solve_batch(xps.asarray(u), question="pure")
    assert int(res.count[0]) == 0
    with pytest.raises(InvalidParameterError, match=r"payoffs of dtype .*int64 range over"):
        bg.solve_batch(xps.asarray((MP * 2**62).astype(np.int64)[None]), question="pure")


def test_lemke_howson_refuses_inexact_integers() -> None:
    u = (MP * 2**62 + 1).astype(np.int64)[None]
    with pytest.raises(InvalidParameterError, match="no exact float64 value"):
        bg.solve_batch(u, question="lemke_howson")
