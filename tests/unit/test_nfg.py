"""Tests of the Gambit .nfg reader and writer (blitzgame.io.nfg)."""

from __future__ import annotations

import io
import re
import time
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

import blitzgame as bg
from blitzgame.exceptions import GameFormatError, InvalidParameterError
from blitzgame.io import MAX_PLAYERS, MAX_PROFILES
from blitzgame.io.nfg import gambit_labels, read_nfg, write_nfg

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


@pytest.mark.parametrize("outcome_version", [False, True], ids=["payoff", "outcome"])
@pytest.mark.parametrize("payoffs", [
    ([[1, -2], [F(1, 3), 0]], [[0, 5], [F(-7, 2), 1]]),
    ([[0.1, 1 / 3], [2.5, -1e-300]], [[1e300, 0.2], [3.0, -0.0]]),
], ids=["exact", "float"])
def test_round_trip_rule_of_the_readme(payoffs, outcome_version):
    """README "Files": read_nfg(write_nfg(g), exact=g.exact) == g for every game; plain
    read_nfg gives g.to_exact() (the file has no mark for floating point)."""
    g = bg.NormalFormGame.from_bimatrix(*payoffs)
    text = write_nfg(g, outcome_version=outcome_version)
    assert read_nfg(text, exact=g.exact) == g
    assert read_nfg(text) == g.to_exact()
    assert (read_nfg(text) == g) is g.exact  # a float game does not come back by plain read
    assert bg.read_json(bg.write_json(g)) == g  # JSON keeps exactness: lossless either way


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


# --- hostile and corrupt files: every one is a GameFormatError with a position -------------

_HEAD = 'NFG 1 R "" { "a" } { 1 }\n'


def _players(n: int) -> str:
    return ('NFG 1 R "" { ' + " ".join(f'"p{i}"' for i in range(n)) + " } { "
            + "1 " * n + "}\n" + "1 " * n)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (_HEAD + "1" * 5000, r"line 2:1: bad number '1111.*\(5000 characters\) \(more than 4300 "
                             r"digits"),
        (_HEAD + "1/" + "7" * 5000, r"line 2:1: bad number .*more than 4300 digits"),
        (_HEAD + "0." + "0" * 5000 + "1", r"line 2:1: bad number .*more than 4300 digits"),
        ('NFG 1 R "" { "a" } { ' + "9" * 5000 + " }",
         r"line 1:22: expected the strategy count of player 1 .*got a number of 5000 digits"),
        (_HEAD + '{ { "" 1 } }\n' + "9" * 5000,
         r"line 3:1: expected an outcome index .*got a number of 5000 digits"),
        (_HEAD + "1e999999", r"line 2:1: bad number '1e999999' \(exponent beyond \+-4000\)"),
        (_HEAD + "1e4001", r"line 2:1: bad number '1e4001' \(exponent beyond \+-4000\)"),
        (_HEAD + "-1e" + "9" * 5000, r"line 2:1: bad number .*exponent beyond"),
        (_HEAD + "1/0", r"line 2:1: bad number '1/0' \(zero denominator\)"),
        (_HEAD + "-0/0", r"line 2:1: bad number '-0/0' \(zero denominator\)"),
        (_HEAD.replace("1 }", "2 }") + "1 nan", r"line 2:3: expected a number; got 'nan'"),
        (_HEAD.replace("1 }", "2 }") + "1 inf", r"line 2:3: expected a number; got 'inf'"),
        (_HEAD + '{ { "" -Infinity } }', r"line 2:8: expected a number; got '-Infinity'"),
        (_HEAD + "\u0663", r"line 2:1: expected the payoffs \(numbers\) or the outcome list "
                           r"\('\{'\); got '\u0663'"),  # an Arabic-Indic 3 is not a digit
        (_HEAD + "1 2", r"line 2:3: expected end of file after the 1 profiles; got '2'"),
        (_HEAD.replace("1 }", "3 }") + "1 2", r"line 2:4: wrong number of payoffs: expected 3 "
                                             r"\(3 profiles x 1 players\); got 2"),
        (_HEAD, r"line 2:1: expected the payoffs \(numbers\) or the outcome list \('\{'\); got "
                r"end of file"),
        (_HEAD + "x" * 1000, r"got 'xxxx.*' \.\.\. \(1000 characters\)$|got 'x{40}'\.\.\. "
                             r"\(1000 characters\)"),
    ],
    ids=["digits-5000", "denominator-5000", "decimal-5000", "count-5000", "index-5000",
         "exp-999999", "exp-4001", "exp-5000-digits", "zero-den", "zero-over-zero", "nan",
         "inf", "infinity", "unicode-digit", "one-too-many", "one-too-few", "no-payoffs",
         "long-symbol"],
)
def test_bad_numbers_and_counts(text, match):
    with pytest.raises(GameFormatError, match=match):
        read_nfg(text)


def test_largest_accepted_numbers():
    g = read_nfg(_HEAD + "1e4000")
    assert g.payoff_of((0,)) == (F(10) ** 4000,)
    assert read_nfg(_HEAD + "-1e-4000").payoff_of((0,)) == (-F(1, 10**4000),)
    assert read_nfg(_HEAD + "9" * 4300).payoff_of((0,)) == (F(int("9" * 4300)),)


def test_exact_false_refuses_numbers_beyond_the_float_range():
    with pytest.raises(GameFormatError,
                       match=r"line 2:1: bad number '1e400' \(too large for a float; read the "
                             r"file with exact=True\)"):
        read_nfg(_HEAD + "1e400", exact=False)
    text = _HEAD + '{ { "" -1e309 } }\n1'
    with pytest.raises(GameFormatError, match=r"line 2:8: bad number '-1e309'"):
        read_nfg(text, exact=False)
    assert read_nfg(text).payoff_of((0,)) == (-F(10) ** 309,)
    assert read_nfg(_HEAD + "1e-400", exact=False).payoff_of((0,)) == (0.0,)


def test_too_many_players():
    assert read_nfg(_players(MAX_PLAYERS)).num_players == MAX_PLAYERS == 63
    for n in (64, 65, 200):
        with pytest.raises(GameFormatError,
                           match=rf"line 1:12: the player list has {n} players; expected at "
                                 rf"most 63"):
            read_nfg(_players(n))


@pytest.mark.parametrize(
    ("counts", "match"),
    [
        ("30000 30000", r"line 1:24: the game is too large: 30000 x 30000 strategies give "
                        r"900000000 profiles x 2 players = 1800000000 payoffs; expected at most "
                        r"max_size=10000000 \(pass read_nfg\(\.\.\., max_size=\.\.\.\)"),
        ("100000000000000000000 1", r"about 10\^20 x 1 strategies give about 10\^20 profiles"),
        ("2 " * 24, r"16777216 profiles x 24 players = 402653184 payoffs"),
        ("9999 " * 40, r"9999 x 9999 x 9999 x 9999 x 9999 x 9999 x \.\.\. \(40 strategy counts\)"),
    ],
    ids=["30000x30000", "1e20", "2^24", "40-players"],
)
def test_declared_size_is_checked_before_allocating(counts, match):
    n = len(counts.split())
    text = ('NFG 1 R "" { ' + '"p" ' * n + "} { " + counts + " }\n1 2 3")
    start = time.perf_counter()
    with pytest.raises(GameFormatError, match=match):
        read_nfg(text)
    assert time.perf_counter() - start < 2


def test_size_limit_on_labelled_strategies_and_override():
    labels = " ".join(f'"s{k}"' for k in range(6))
    text = f'NFG 1 R "" {{ "a" "b" }} {{ {{ {labels} }} {{ "x" "y" }} }}\n' + "1 " * 24
    assert read_nfg(text).shape == (6, 2)
    with pytest.raises(GameFormatError, match=r"line 1:24: the game is too large: 6 x 2 "
                                              r"strategies .* = 24 payoffs; .* max_size=23"):
        read_nfg(text, max_size=23)
    assert read_nfg(text, max_size=24).shape == (6, 2)
    assert MAX_PROFILES == 10**7
    for bad in (0, -1, 2.5, True, "10"):
        with pytest.raises(InvalidParameterError, match=r"max_size must be a positive int"):
            read_nfg(text, max_size=bad)


def test_invalid_utf8_names_file_line_and_column(tmp_path):
    data = b'NFG 1 R "caf\xc3\xa9" { "a" }\n{ 1 }\n"d\xe9j\xe0 vu" 1\n'
    msg = (r"line 3:3: invalid UTF-8 \(invalid continuation byte at byte 0xe9\); expected a "
           r"UTF-8 encoded file")
    with pytest.raises(GameFormatError, match=msg):
        read_nfg(io.BytesIO(data))
    path = tmp_path / "latin1.nfg"
    path.write_bytes(data)
    with pytest.raises(GameFormatError, match=re.escape(str(path)) + ": " + msg):
        read_nfg(path)
    with open(path, encoding="utf-8") as fh, pytest.raises(GameFormatError, match=msg):
        read_nfg(fh)
    with pytest.raises(GameFormatError, match=r"line 1:1: invalid UTF-8 \(invalid start byte at "
                                              r"byte 0xff\)"):
        read_nfg(io.BytesIO(b"\xffNFG"))
    with pytest.raises(GameFormatError, match=r"line 1:5: invalid UTF-8 \(unexpected end of data"):
        read_nfg(io.BytesIO(b"NFG \xe2\x82"))


def test_binary_file_and_crlf_path(tmp_path):
    text = (DATA / "exact_numbers.nfg").read_text()
    assert read_nfg(io.BytesIO(text.encode())) == read_nfg(text)
    path = tmp_path / "crlf.nfg"
    path.write_bytes(b'NFG 1 R "" { "two\r\nlines" }\r\n{ 2 }\r\n1 x')
    with pytest.raises(GameFormatError, match=re.escape(f"{path}: line 4:3: expected a number; "
                                                        "got 'x'")):
        read_nfg(path)
    path.write_bytes(b'NFG 1 R "" { "two\r\nlines" }\r\n{ 1 }\r\n1\r\n')
    assert read_nfg(path).players == ("two\nlines",)  # universal newlines, as before


def test_file_name_in_every_error(tmp_path):
    path = tmp_path / "short.nfg"
    path.write_text('NFG 1 R "" { "a" "b" }\n{ 2 2 }\n1 2 3')
    with pytest.raises(GameFormatError, match=re.escape(str(path)) +
                       r": line 3:6: wrong number of payoffs: expected 8 .*; got 3"):
        read_nfg(path)
    with pytest.raises(InvalidParameterError, match=r"embedded null byte"):
        read_nfg("no\x00such")


def test_truncated_files_report_a_position():
    text = (DATA / "race3_outcomes.nfg").read_text()
    for cut in range(len(text.rstrip())):
        with pytest.raises(GameFormatError, match=r"^line \d+:\d+: "):
            read_nfg(text[:cut] if text[:cut].lstrip().startswith("NFG") else io.StringIO(
                text[:cut]))


def test_label_normalization_is_linear_and_unique():
    start = time.perf_counter()
    out = gambit_labels(["s"] * 100_000)
    assert time.perf_counter() - start < 5  # was cubic: ~26 s for 2,000 labels
    assert out[:3] == ("s_1", "s_2", "s_3") and out[-1] == "s"
    assert len(set(out)) == 100_000
    out = gambit_labels([""] * 50_000 + ["1"] * 50_000)
    assert len(set(out)) == 100_000 and out[0] == "1_1" and out[-1] == "1"
    # the rule: the first of lab, lab_1, lab_2, ... that is neither taken nor a later raw label
    assert gambit_labels(["a", "a_1", "a", ""]) == ("a_2", "a_1", "a", "4")
    assert gambit_labels(["a", "a", "a_1"]) == ("a_2", "a", "a_1")


def test_many_duplicate_strategy_labels_read_quickly():
    n = 3000
    text = ('NFG 1 R "" { "a" } { { ' + '"s" ' * n + '} }\n' + "1 " * n)
    start = time.perf_counter()
    g = read_nfg(text)
    assert time.perf_counter() - start < 10
    assert len(set(g.actions[0])) == n and g.actions[0][-1] == "s"
