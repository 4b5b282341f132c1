"""The solve() dispatcher and finalize(): method names, errors, verification, provenance."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.solvers._verify import finalize, rationalize, refine_two_player


def test_unknown_method_lists_valid_ones(prisoners_dilemma):
    with pytest.raises(bg.InvalidParameterError,
                       match="unknown method 'lemke'.*support_enumeration"):
        bg.solve(prisoners_dilemma, method="lemke")


def test_unknown_option_is_reported(prisoners_dilemma):
    with pytest.raises(bg.InvalidParameterError, match="pure"):
        bg.solve(prisoners_dilemma, method="pure", bogus=1)


def test_each_method_is_the_public_function_of_its_name():
    from typing import get_args

    from blitzgame.solvers import _METHODS, Method

    assert bg.available_methods() == get_args(Method)
    for name in bg.available_methods():
        func = _METHODS[name]
        public = "pure_equilibria" if name == "pure" else name
        assert func is getattr(bg, public) and func.__name__ == public


def test_options_are_checked_against_the_signature(prisoners_dilemma):
    with pytest.raises(bg.InvalidParameterError, match=r"takes no option\(s\) 'max_iter'.*tol"):
        bg.solve(prisoners_dilemma, method="support_enumeration", max_iter=3)


def test_result_provenance(prisoners_dilemma):
    res = bg.solve(prisoners_dilemma, method="pure")
    assert res.method == "pure" and res.version and "seconds" in res.stats
    assert "pure" in repr(res) and "status='ok'" in repr(res)
    assert "D=1" in str(res)
    html = res._repr_html_()
    assert "<table" in html and "row" in html


def test_refine_two_player_recovers_exact_mixed(battle_of_the_sexes):
    x = np.array([0.6, 0.4])
    y = np.array([0.4, 0.6])
    xe, ye = refine_two_player(battle_of_the_sexes, x, y)
    assert list(xe) == [Fraction(3, 5), Fraction(2, 5)]
    assert list(ye) == [Fraction(2, 5), Fraction(3, 5)]


def test_refine_rejects_a_non_equilibrium(battle_of_the_sexes):
    half = np.array([0.5, 0.5])
    assert refine_two_player(battle_of_the_sexes, half, half) is None


def test_rationalize_three_player(three_player_mixed):
    prof = rationalize(three_player_mixed, [np.array([0.5, 0.5])] * 3)
    assert prof is not None and all(list(p) == [Fraction(1, 2)] * 2 for p in prof)


def test_finalize_drops_unverified_candidates_and_reports(matching_pennies):
    g = matching_pennies.to_float()
    with pytest.warns(bg.PrecisionWarning, match="failed verification"):
        res = finalize(g, "test", [[np.array([1.0, 0.0]), np.array([1.0, 0.0])],
                                  [np.array([0.5, 0.5]), np.array([0.5, 0.5])]], complete=False)
    assert len(res) == 1 and not res.success and res.status == bg.Status.FAILED
    assert res.warnings and "failed verification" in res.message


def test_finalize_exact_game_gives_exact_equilibria(matching_pennies):
    res = finalize(matching_pennies, "test", [[np.array([0.5, 0.5]), np.array([0.5, 0.5])]],
                   complete=True)
    assert res.exact and res[0].max_regret == 0
    assert res[0].strategies[0].dtype == object


def test_finalize_dedupes(matching_pennies):
    c = [np.array([0.5, 0.5]), np.array([0.5, 0.5])]
    res = finalize(matching_pennies.to_float(), "test", [c, c], complete=True)
    assert len(res) == 1


def test_repeats_and_order_of_mixed_exact_and_float_equilibria():
    """Exact equilibria are merged only when equal, never by the tolerance; a float one
    near a kept one (exact or float) is dropped; pure ones come first, then by
    descending probabilities, whatever the input order."""
    from blitzgame.solvers._verify import _unique_sorted, make_equilibrium

    g = bg.NormalFormGame.from_bimatrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]],
                                        [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    h = Fraction(1, 10**9)

    def ex(*p):
        return make_equilibrium(g, (np.array(p, dtype=object), np.array(p, dtype=object)))

    def fl(*p):
        return make_equilibrium(g, (np.array(p, float), np.array(p, float)))

    a = ex(Fraction(1, 2), Fraction(1, 2), Fraction(0))
    b = ex(Fraction(1, 2) + h, Fraction(1, 2) - h, Fraction(0))  # exact, 1e-9 from a
    eqs = [fl(0.5, 0.5, 0.0), a, b, ex(Fraction(1, 2), Fraction(1, 2), Fraction(0)),
           fl(0.0, 0.0, 1.0), ex(Fraction(1), Fraction(0), Fraction(0)),
           fl(1 - 1e-9, 1e-9, 0.0)]
    got = _unique_sorted(eqs)
    # the float (1/2, 1/2, 0) is kept first, so a and b (both within 1e-7 of it) repeat it;
    # (1 - 1e-9, 1e-9, 0) repeats the exact pure (1, 0, 0)
    assert got == [eqs[5], eqs[4], eqs[0]]
    got = _unique_sorted([a, b, eqs[0], eqs[4]])
    assert got == [eqs[4], b, a]  # both exact kept, the float one dropped; b first (0.5+1e-9)


@pytest.mark.parametrize("method", ["support_enumeration", "vertex_enumeration"])
def test_equilibrium_set_does_not_depend_on_payoff_scale(method):
    """Distinct equilibria stay distinct on rescaled payoffs: duplicates are judged on
    probabilities with a fixed tolerance, never with the payoff tolerance."""
    u = np.random.default_rng(1).normal(size=(60, 4, 7, 2))[48]  # equilibria 0.007 apart
    ref = bg.solve(bg.NormalFormGame(u), method=method)
    assert len(ref) == 7
    for scale in (1e6, 1e8):
        res = bg.solve(bg.NormalFormGame(u * scale), method=method)
        assert len(res) == len(ref)
        for e, f in zip(ref, res, strict=True):
            for s, t in zip(e.strategies, f.strategies, strict=True):
                np.testing.assert_allclose(s, t, atol=1e-9)


def test_finalize_degenerate_warns(degenerate_continuum):
    with pytest.warns(bg.DegenerateGameWarning):
        res = finalize(degenerate_continuum, "test", [], complete=True, degenerate=True)
    assert res.status == bg.Status.DEGENERATE and res.success


def test_to_frame_is_tidy(battle_of_the_sexes):
    pytest.importorskip("pandas")
    res = bg.solve(battle_of_the_sexes, method="pure")
    df = res.to_frame()
    assert list(df.columns) == ["equilibrium", "player", "action", "probability", "payoff"]
    assert len(df) == 2 * 2 * 2
    assert df["probability"].dtype == float
    exact = res.to_frame(exact=True)
    assert isinstance(exact["payoff"].iloc[0], Fraction)
