"""Tests of NormalFormGame: construction, exactness, addressing, payoffs, structure, errors."""

from __future__ import annotations

import pickle
from fractions import Fraction as F

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.exceptions import InvalidGameError, InvalidParameterError

NFG = bg.NormalFormGame


# ----------------------------------------------------------------- construction
def test_per_player_arrays_tensor_and_bimatrix_agree(prisoners_dilemma):
    A, B = [[3, 0], [5, 1]], [[3, 5], [0, 1]]
    g1 = NFG([A, B])
    g2 = NFG(np.stack([A, B], axis=-1))
    g3 = NFG.from_bimatrix(A, B)
    assert g1 == g2 == g3
    assert g1.shape == (2, 2) and g1.num_players == 2 and g1.num_actions == (2, 2)
    assert g1.players == ("0", "1") and g1.actions == (("0", "1"), ("0", "1"))
    np.testing.assert_array_equal(g1.payoffs[0], A)
    np.testing.assert_array_equal(prisoners_dilemma.payoffs[1], B)


def test_three_player_per_player_arrays(three_player_mixed):
    per = [three_player_mixed.payoffs[i] for i in range(3)]
    assert NFG(per, players=("p0", "p1", "p2")) == three_player_mixed


def test_one_player_decision_problem():
    g = NFG([1, 3, 2])
    assert g.num_players == 1 and g.shape == (3,)
    assert g.payoff_of((1,)) == (3,)
    assert g.best_responses(0, [[1, 0, 0]]) == (1,)
    assert NFG([[1], [3], [2]]) == g
    assert NFG([[1, 3, 2]]) == g  # a list of one per-player array


def test_from_bimatrix_zero_sum_default(matching_pennies):
    g = NFG.from_bimatrix([[1, -1], [-1, 1]], players=("row", "col"),
                          actions=(("H", "T"), ("H", "T")))
    assert g == matching_pennies


# ----------------------------------------------------------------- exactness
def test_exactness_rules():
    assert NFG.from_bimatrix([[1, 2]], [[3, 4]]).exact
    assert NFG.from_bimatrix([[F(1, 2), 2]], [[3, 4]]).exact
    assert not NFG.from_bimatrix([[0.5, 2]], [[3, 4]]).exact
    g = NFG.from_bimatrix([[0.1, 2]], [[3, 4]], exact=True)
    assert g.exact and g.payoff_of((0, 0))[0] == F(1, 10)
    gf = NFG.from_bimatrix([[1, 2]], [[3, 4]], exact=False)
    assert not gf.exact and gf.payoff_array.dtype == np.float64
    mixed = NFG.from_bimatrix([[1, 2]], [[0.5, 4]])  # one float matrix -> float game
    assert not mixed.exact
    assert NFG([np.array([[1, 2]]), np.array([[0.5, 4.0]])]).exact is False
    assert g.to_float().to_exact() == g
    assert g.tol == 0 and gf.tol > 0


def test_payoff_array_read_only(prisoners_dilemma):
    with pytest.raises(ValueError):
        prisoners_dilemma.payoff_array[0, 0, 0] = 7


# ----------------------------------------------------------------- addressing
def test_labels_addressing(chicken):
    assert chicken.player_index("firm_b") == 1 and chicken.player_index(1) == 1
    assert chicken.action_index("firm_a", "blitz") == 1
    assert chicken.action_index(0, 1) == 1
    assert chicken.payoff_of(("blitz", "defend")) == (2, 0)
    assert chicken[("blitz", 0)] == (2, 0)
    assert chicken.best_responses("firm_a", [[0, 1], [0, 1]]) == (0,)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda g: g.player_index(2), "player index 2 out of range"),
        (lambda g: g.player_index("nobody"), "unknown player 'nobody'"),
        (lambda g: g.player_index(True), "player must be an int or a label"),
        (lambda g: g.player_index(1.0), "player must be an int or a label"),
        (lambda g: g.action_index(0, 5), "action index 5 out of range"),
        (lambda g: g.action_index(0, "hide"), "unknown action 'hide'"),
        (lambda g: g.payoff_of(("blitz",)), "one action per player"),
        (lambda g: g.payoff_of("blitz"), "profile must be a sequence"),
    ],
    ids=["p-range", "p-label", "p-bool", "p-float", "a-range", "a-label", "short", "str"],
)
def test_addressing_errors(chicken, call, match):
    with pytest.raises(InvalidParameterError, match=match):
        call(chicken)


# ----------------------------------------------------------------- payoffs
def test_expected_payoffs_regrets_exact(battle_of_the_sexes):
    mixed = [[F(3, 5), F(2, 5)], [F(2, 5), F(3, 5)]]
    assert battle_of_the_sexes.expected_payoffs(mixed) == (F(6, 5), F(6, 5))
    assert battle_of_the_sexes.regrets(mixed) == (0, 0)
    assert battle_of_the_sexes.is_nash(mixed)
    assert battle_of_the_sexes.best_responses(0, mixed) == (0, 1)
    r = battle_of_the_sexes.regrets([[1, 0], [0, 1]])
    assert r == (F(2), F(2)) and battle_of_the_sexes.max_regret([[1, 0], [0, 1]]) == 2
    vals = battle_of_the_sexes.action_values(1, [[F(1, 2), F(1, 2)], [1, 0]])
    assert list(vals) == [F(1), F(3, 2)]


def test_expected_payoffs_float(matching_pennies, three_player_mixed):
    assert matching_pennies.expected_payoffs([[0.5, 0.5], [0.5, 0.5]]) == (0.0, 0.0)
    assert matching_pennies.expected_payoffs([[1, 0], [0.25, 0.75]]) == (-0.5, 0.5)
    half = [F(1, 2), F(1, 2)]
    assert three_player_mixed.is_nash([half] * 3)
    assert not three_player_mixed.is_nash([[1, 0]] * 3)
    # 3-player action values against a pure profile: player 2 wants to mismatch player 0
    assert list(three_player_mixed.action_values(2, [[1, 0], [1, 0], [1, 0]])) == [-1, 1]
    # the expected payoff of player 1 against (e0, e1, *) is the multilinear sum
    assert three_player_mixed.expected_payoffs([[1, 0], [0, 1], half]) == (-1, 0, 0)


def test_prisoners_dilemma_and_chicken_known_values(prisoners_dilemma, chicken):
    assert prisoners_dilemma.is_nash([[0, 1], [0, 1]])
    assert not prisoners_dilemma.is_nash([[1, 0], [1, 0]])
    third = [F(2, 3), F(1, 3)]
    assert chicken.is_nash([third, third])
    assert chicken.expected_payoffs([third, third]) == (F(2, 3), F(2, 3))


# ----------------------------------------------------------------- structure
def test_symmetric_and_zero_sum(chicken, matching_pennies, rock_paper_scissors, three_player_mixed):
    assert chicken.is_symmetric() and not chicken.is_zero_sum()
    assert not matching_pennies.is_symmetric() and matching_pennies.is_zero_sum()
    assert rock_paper_scissors.is_symmetric() and rock_paper_scissors.is_zero_sum()
    assert not three_player_mixed.is_symmetric() and three_player_mixed.is_zero_sum() is False
    assert NFG.from_bimatrix([[1, 2], [3, 4]], [[1, 3], [2, 4.0]]).is_symmetric()
    assert not NFG.from_bimatrix([[1, 2, 0]], [[1, 2, 0]]).is_symmetric()
    assert NFG.from_bimatrix([[1, 2]], [[2, 1]]).is_constant_sum()


def test_symmetric_three_players():
    u = np.zeros((2, 2, 2, 3), dtype=object)
    for a in np.ndindex(2, 2, 2):
        for i in range(3):
            others = sum(a) - a[i]
            u[a + (i,)] = 3 * a[i] - 2 * others + a[i] * others
    assert NFG(u).is_symmetric()
    u[1, 0, 0, 0] += 1
    assert not NFG(u).is_symmetric()


def test_restrict_and_permute(chicken, rock_paper_scissors):
    sub = rock_paper_scissors.restrict([["P", "S"], [0]])
    assert sub.shape == (2, 1) and sub.actions == (("P", "S"), ("R",))
    assert sub.payoff_of(("S", "R")) == (-1, 1)
    perm = rock_paper_scissors.permute_actions("row", [2, 0, 1])
    assert perm.actions[0] == ("S", "R", "P")
    assert perm.payoff_of(("S", "P")) == rock_paper_scissors.payoff_of(("S", "P"))
    swapped = chicken.permute_players([1, 0])
    assert swapped.players == ("firm_b", "firm_a")
    assert swapped.payoff_of(("defend", "blitz")) == (0, 2)
    with pytest.raises(InvalidParameterError, match="permutation"):
        chicken.permute_actions(0, [0, 0])
    with pytest.raises(InvalidParameterError, match="permutation"):
        chicken.permute_players([0])
    with pytest.raises(InvalidParameterError, match="must keep an action"):
        chicken.restrict([[], [0]])
    with pytest.raises(InvalidParameterError, match="repeats an action"):
        chicken.restrict([[0, 0], [0]])
    with pytest.raises(InvalidParameterError, match="each of the 2 players"):
        chicken.restrict([[0]])


def test_with_labels(chicken):
    g = chicken.with_labels(players=("x", "y"))
    assert g.players == ("x", "y") and g.actions == chicken.actions
    assert np.array_equal(g.payoff_array, chicken.payoff_array)


# ----------------------------------------------------------------- dunders
def test_pickle_equality_hash(chicken, matching_pennies):
    back = pickle.loads(pickle.dumps(chicken))
    assert back == chicken and hash(back) == hash(chicken)
    assert back.exact and back.players == chicken.players
    f = chicken.to_float()
    assert pickle.loads(pickle.dumps(f)) == f and not pickle.loads(pickle.dumps(f)).exact
    assert chicken != f  # exact and float games differ
    assert chicken != matching_pennies
    assert chicken != chicken.with_labels(players=("a", "b"))
    assert len({chicken, back, f}) == 2
    assert chicken.__eq__("x") is NotImplemented


def test_reprs(chicken):
    assert repr(chicken) == ("NormalFormGame(players=('firm_a', 'firm_b'), shape=(2, 2), "
                             "exact=True)")
    text = str(chicken)
    assert "blitz" in text and "-2, -2" in text
    latex = chicken._repr_latex_()
    assert latex.startswith("$\\begin{array}") and "\\text{blitz}" in latex


def test_html_escapes_and_truncates():
    g = NFG.from_bimatrix([[1, 2]], [[3, 4]], players=("<b>", "a&b"),
                          actions=(("<script>",), ("x", "y")))
    html = g._repr_html_()
    assert "&lt;b&gt;" in html and "&lt;script&gt;" in html and "a&amp;b" in html
    assert "<script>" not in html
    big = NFG.from_bimatrix(np.zeros((25, 22), dtype=int), np.ones((25, 22), dtype=int))
    html = big._repr_html_()
    assert "showing 20&times;20 of 25&times;22" in html
    assert html.count("<tr>") == 21  # header + 20 rows
    assert big._repr_latex_() is None
    three = NFG(np.zeros((2, 2, 2, 3), dtype=int), players=("<p>", "q", "r"))
    assert "&lt;p&gt;" in three._repr_html_()


# ----------------------------------------------------------------- invalid input
@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: NFG([[[1, 2], [3]], [[1, 2], [3, 4]]]), "rectangular"),
        (lambda: NFG([np.zeros((2, 2)), np.zeros((2, 3))]), r"player 1 have shape \(2, 3\)"),
        (lambda: NFG.from_bimatrix([[1, 2]], [[1, 2, 3]]), r"B has shape \(1, 3\)"),
        (lambda: NFG.from_bimatrix([[np.nan, 1]], [[1, 1]]), "finite"),
        (lambda: NFG.from_bimatrix([[np.inf, 1]], [[1, 1]]), "finite"),
        (lambda: NFG.from_bimatrix([[float("nan"), 1]], [[1, 1]], exact=True), "finite"),
        (lambda: NFG.from_bimatrix([["a", 1]], [[1, 1]]), "must be numbers"),
        (lambda: NFG.from_bimatrix([[True, 1]], [[1, 1]]), "boolean|must be numbers"),
        (lambda: NFG(np.zeros((0, 2, 2))), "at least one action"),
        (lambda: NFG(np.zeros((2, 0, 2))), "at least one action"),
        (lambda: NFG([]), "must not be empty"),
        (lambda: NFG(5), "at least one axis"),
        (lambda: NFG(np.zeros((2, 2, 3))), r"shape \(2, 2, 3\)"),
        (lambda: NFG.from_bimatrix([1, 2], [1, 2]), "2-D"),
        (lambda: NFG.from_bimatrix([[1]], [[1]], players=("a", "a")), "distinct"),
        (lambda: NFG.from_bimatrix([[1]], [[1]], players=("a",)), "must have 2 labels"),
        (lambda: NFG.from_bimatrix([[1]], [[1]], players="ab"), "sequence of 2 labels"),
        (lambda: NFG.from_bimatrix([[1]], [[1]], players=("a", "")), "non-empty strings"),
        (lambda: NFG.from_bimatrix([[1]], [[1]], players=("a", 3)), "non-empty strings"),
        (lambda: NFG.from_bimatrix([[1, 2]], [[1, 2]], actions=(("x",), ("y", "y"))), "distinct"),
        (lambda: NFG.from_bimatrix([[1, 2]], [[1, 2]], actions=(("x",), ("y",))),
         r"actions\[1\] must have 2 labels"),
        (lambda: NFG.from_bimatrix([[1, 2]], [[1, 2]], actions=(("x",),)), "one label sequence"),
        (lambda: NFG.from_bimatrix([[1, 2]], [[1, 2]], actions="xy"), "sequence of 2 label"),
    ],
    ids=["ragged", "mismatched", "bimatrix-mismatch", "nan", "inf", "nan-exact", "string", "bool",
         "empty-0", "empty-1", "empty-seq", "scalar", "bad-last-axis", "1d-bimatrix", "dup-players",
         "few-players", "str-players", "empty-label", "int-label", "dup-actions", "few-actions",
         "actions-count", "str-actions"],
)
def test_invalid_games(make, match):
    with pytest.raises(InvalidGameError, match=match):
        make()


@pytest.mark.parametrize(
    ("profile", "match"),
    [
        ([[1, 0]], "one probability vector per player"),
        ([[1, 0], [1, 0, 0]], r"profile\[1\] .* has shape \(3,\); expected \(2,\)"),
        ([[F(3, 2), F(-1, 2)], [1, 0]], "negative entries"),
        ([[F(1, 2), F(1, 3)], [1, 0]], "sums to 5/6; expected 1"),
        ([[0.5, 0.6], [1, 0]], "sums to"),
        ([[np.nan, 1], [1, 0]], "finite"),
        ([["a", "b"], [1, 0]], "must be numbers"),
        ("ab", "sequence of 2 probability vectors"),
    ],
    ids=["count", "length", "negative", "sum-exact", "sum-float", "nan", "strings", "string"],
)
def test_invalid_profiles(chicken, profile, match):
    with pytest.raises(InvalidParameterError, match=match):
        chicken.expected_payoffs(profile)


def test_many_labels_are_checked_in_linear_time():
    import time

    n = 100_000
    labels = [str(k) for k in range(n)]
    t = time.perf_counter()
    g = bg.NormalFormGame([np.zeros(n)], actions=[labels])
    assert g.actions[0][-1] == str(n - 1)
    with pytest.raises(bg.InvalidGameError, match=r"distinct; got duplicates \['1', '2'\]"):
        bg.NormalFormGame([np.zeros(n)], actions=[labels[:-2] + ["1", "2"]])
    assert time.perf_counter() - t < 10  # was quadratic: minutes
