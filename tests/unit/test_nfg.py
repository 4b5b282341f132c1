"""Tests of the Gambit .nfg reader and writer (blitzgame.io.nfg)."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.exceptions import GameFormatError, InvalidParameterError
from blitzgame.io.nfg import read_nfg, write_nfg

DATA = Path(__file__).resolve().parents[1] / "data"


def test_prisoners_dilemma_counts_payoff_version(prisoners_dilemma):
    g = read_nfg(DATA / "prisoners_dilemma.nfg")
    assert g.exact
    assert g.players == ("Row", "Column")
    assert g.actions == (("1", "2"), ("1", "2"))
    # column-major profile order: (1,1) (2,1) (1,2) (2,2)
    assert g.payoff_of((0, 0)) == (3, 3)
    assert g.payoff_of((1, 0)) == (5, 0)
    assert g.payoff_of((0, 1)) == (0, 5)
    assert g.payoff_of((1, 1)) == (1, 1)
    assert np.array_equal(g.payoff_array, prisoners_dilemma.payoff_array)


def test_path_as_str_and_text_and_file_object():
    path = DATA / "prisoners_dilemma.nfg"
    g = read_nfg(path)
    assert read_nfg(str(path)) == g
    assert read_nfg(path.read_text()) == g
    with open(path) as fh:
        assert read_nfg(fh) == g


def test_outcome_version_three_players():
    g = read_nfg(DATA / "race3_outcomes.nfg")
    assert g.shape == (2, 2, 2)
    assert g.actions[2] == ("defend", "blitz")
    z, half = F(0), F(-1, 2)
    assert g.payoff_of(("defend",) * 3) == (z, z, z)  # null outcome 0
    assert g.payoff_of(("blitz", "defend", "defend")) == (5, 0, 0)
    assert g.payoff_of(("defend", "blitz", "defend")) == (0, 5, 0)
    assert g.payoff_of(("blitz", "blitz", "defend")) == (5, 0, 0)
    assert g.payoff_of(("defend", "defend", "blitz")) == (0, 0, 5)
    assert g.payoff_of(("blitz", "defend", "blitz")) == (5, 0, 0)
    assert g.payoff_of(("defend", "blitz", "blitz")) == (0, 5, 0)
    assert g.payoff_of(("blitz",) * 3) == (half, half, half)  # -1/2, -0.5, -5e-1


def test_numbers_are_exact_and_strings_unescaped():
    g = read_nfg(DATA / "exact_numbers.nfg")
    assert g.players == ("P 1", 'P "2"')
    assert g.payoff_of(("a", "x")) == (F(1, 10), F(1, 2))
    assert g.payoff_of(("b", "x")) == (F(-3, 4), F(100))
    assert g.payoff_of(("c", "x")) == (F(3, 20), F(-1, 4))
    gf = read_nfg(DATA / "exact_numbers.nfg", exact=False)
    assert not gf.exact and gf.payoff_of(("a", "x")) == (0.1, 0.5)


def test_backslash_kept_verbatim_and_multiline_string():
    g = read_nfg('NFG 1 R "t" { "a\\b" "two\nlines" } { 1 1 } 1 2')
    assert g.players == ("a\\b", "two\nlines")


def test_legacy_d_and_compact_punctuation():
    g = read_nfg('NFG 1 D "x"{"A"}{{"u""v"}}1 2')
    assert g.num_players == 1 and g.payoff_of(("v",)) == (2,)


def test_empty_and_duplicate_labels_are_made_unique():
    g = read_nfg('NFG 1 R "" { "" "p" } { { "a" "a" } { "" "b" } } 1 2 3 4 5 6 7 8')
    assert g.players == ("1", "p")
    assert g.actions == (("a_1", "a"), ("1", "b"))


def test_write_then_read_is_exact(battle_of_the_sexes, three_player_mixed):
    for g in (battle_of_the_sexes, three_player_mixed):
        text = write_nfg(g, title="t")
        assert read_nfg(text) == g
        assert read_nfg(write_nfg(g, outcome_version=True)) == g


def test_write_fractions_and_file(tmp_path):
    g = bg.NormalFormGame.from_bimatrix([[F(1, 3)], [F(2)]], [[F(-7, 2)], [0]])
    path = tmp_path / "g.nfg"
    text = write_nfg(g, path, title='say "hi"', description="a comment")
    assert path.read_text() == text
    assert "1/3" in text and "-7/2" in text and "+" not in text
    assert text.startswith('NFG 1 R "say \\"hi\\"" { "0" "1" }')
    assert read_nfg(path) == g


def test_float_game_written_with_repr_reads_back_exact_decimal():
    g = bg.NormalFormGame.from_bimatrix([[0.1, 1 / 3]], [[2.5, -1e-7]])
    text = write_nfg(g)
    assert "0.1" in text and "0.3333333333333333" in text and "-1e-07" in text
    exact = read_nfg(text)
    assert exact.payoff_of((0, 0)) == (F(1, 10), F(5, 2))
    assert read_nfg(text, exact=False) == g  # repr round-trips floats bit for bit


def test_outcome_version_groups_equal_payoff_vectors(matching_pennies):
    text = write_nfg(matching_pennies, outcome_version=True)
    body = text.split("{\n", 1)[1]
    assert body.count('{ ""') == 2  # (1, -1) and (-1, 1)
    assert read_nfg(text) == matching_pennies


def test_unrepresentable_label_rejected():
    g = bg.NormalFormGame.from_bimatrix([[1]], [[2]], players=("a\\", "b"))
    with pytest.raises(InvalidParameterError, match="backslash"):
        write_nfg(g)
    with pytest.raises(InvalidParameterError, match="NormalFormGame"):
        write_nfg([[1, 2]])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('"x" 1 R { "a" } { 1 } 1', r"line 1:1: missing header"),
        ("NFG 2 R \"\" { \"a\" } { 1 } 1", r"line 1:5: expected format version 1"),
        ('NFG 1 R "unterminated { "a" } { 1 } 1', r"line 1:27: unterminated string"),
        ('NFG 1 R "" { "a" "b" }\n{ 2 2 }\n1 2 3 4 5 6 7',
         r"line 3:14: wrong number of payoffs.*8.*got 7"),
        ('NFG 1 R "" { "a" } { 2 }\n1 2 3', r"line 2:5: expected end of file"),
        ('NFG 1 R "" { "a" } { 2 }\n1 x', r"line 2:3: expected a number; got 'x'"),
        ('NFG 1 R "" { "a" } { 2 }\n1 +2', r"line 2:3: .*leading '\+'"),
        ('NFG 1 R "" { "a" } { 2 }\n1 1/0', r"line 2:3: bad number '1/0'"),
        ('NFG 1 R "" { "a" } { 2 }\n1 1e99999', r"line 2:3: bad number"),
        ('NFG 1 R "" { "a" } { 1 }\n{ { "" 1 } }\n2', r"line 3:1: unknown outcome index 2"),
        ('NFG 1 R "" { "a" "b" } { 1 1 }\n{ { "" 1 } }\n1',
         r"line 2:3: wrong number of payoffs in outcome 1: expected 2; got 1"),
        ('NFG 1 R "" { "a" } { 1 }\n{ { "" 1 2 } }\n1',
         r"line 2:10: wrong number of payoffs in outcome 1"),
        ('NFG 1 R "" { "a" } { 0 }\n', r"line 1:20: player 1 \('a'\) has no strategies"),
        ('NFG 1 R "" { } { }\n', r"player list is empty"),
        ('NFG 1 R "" { "a" } { x }', r"line 1:22: expected the strategy count"),
        ('NFG 1 R "" { "a" } { 1 }\n{ { "" 1 } }\n', r"line 3:1: expected 1 outcome indices"),
        ('NFG 1 R "" { "a" } { 1 }\n}', r"line 2:1: expected the payoffs"),
    ],
    ids=["header", "version", "unterminated", "too-few", "too-many", "symbol", "plus", "zero-den",
         "huge-exp", "outcome-index", "outcome-short", "outcome-long", "no-strategies",
         "no-players", "bad-count", "missing-indices", "bad-body"],
)
def test_malformed_files_report_line_and_column(text, match):
    with pytest.raises(GameFormatError, match=match):
        read_nfg(text)


def test_missing_file_and_bad_source_type(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_nfg(tmp_path / "nope.nfg")
    with pytest.raises(InvalidParameterError, match="source"):
        read_nfg(42)


@pytest.mark.gambit
def test_pygambit_reads_our_file_and_we_read_its_file(chicken, tmp_path):
    gbt = pytest.importorskip("pygambit")
    from blitzgame.interop import from_pygambit

    path = tmp_path / "chicken.nfg"
    write_nfg(chicken, path, title="chicken")
    gg = gbt.read_nfg(str(path))
    assert from_pygambit(gg) == chicken
    # pygambit writes table games in the outcome version
    assert read_nfg(gg.to_nfg()) == chicken
