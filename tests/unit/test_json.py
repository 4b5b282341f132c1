"""Tests of lossless JSON (blitzgame.io.json)."""

from __future__ import annotations

import io
import json
import re
import time
from fractions import Fraction as F

import pytest

import blitzgame as bg
from blitzgame.exceptions import GameFormatError, InvalidParameterError
from blitzgame.io import MAX_PLAYERS, MAX_PROFILES
from blitzgame.io.json import game_from_dict, read_json, result_to_dict, write_json


def test_exact_round_trip_and_layout(prisoners_dilemma):
    text = write_json(prisoners_dilemma, title="pd")
    data = json.loads(text)
    assert data["format"] == "blitzgame.game" and data["version"] == 1 and data["exact"] is True
    assert data["players"] == ["row", "col"] and data["actions"] == [["C", "D"], ["C", "D"]]
    assert data["payoffs"][1][0] == ["5", "0"]  # [row D, col C] -> (5, 0)
    assert read_json(text) == prisoners_dilemma


def test_fractions_and_floats_lossless(three_player_mixed):
    g = bg.NormalFormGame.from_bimatrix([[F(1, 3), F(-2, 7)]], [[F(10**30, 3), 0]])
    assert read_json(write_json(g)) == g
    gf = bg.NormalFormGame.from_bimatrix([[0.1, 1 / 3]], [[1e-300, -2.5e17]])
    back = read_json(write_json(gf))
    assert not back.exact and back == gf
    assert read_json(write_json(three_player_mixed)) == three_player_mixed


def test_path_and_file(tmp_path, chicken):
    path = tmp_path / "g.json"
    write_json(chicken, path, indent=2)
    assert read_json(path) == chicken
    assert read_json(str(path)) == chicken
    with open(path) as fh:
        assert read_json(fh) == chicken


def test_hand_written_numbers_and_legacy_tag():
    g = read_json('{"format": "blitzgame.game", "version": 1, "payoffs": [[[1, "1/2"]]]}')
    assert g.exact and g.payoff_of((0, 0)) == (1, F(1, 2))
    gf = read_json('{"format": "blitzgame.game", "payoffs": [[[1, 0.5]]]}')
    assert not gf.exact
    ge = read_json('{"format": "blitzgame.game", "exact": true, "payoffs": [[[1, 0.1]]]}')
    assert ge.payoff_of((0, 0)) == (1, F(1, 10))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"format": "blitzgame.game",\n "payoffs": [1,}', r"line 2:16: invalid JSON"),
        ('{"format": "other"}', "unknown format tag 'other'"),
        ('{"format": "blitzgame.game"}', "missing key 'payoffs'"),
        ('{"format": "blitzgame.game", "payoffs": [[["x", "1"]]]}',
         r"payoffs\[0\]\[0\]\[0\]: expected a number such as 3, \"-3/4\" or \"0.25\"; got 'x' "
         r"\(not a number\)"),
        ('{"format": "blitzgame.game", "payoffs": [[[true, 1]]]}',
         r"payoffs\[0\]\[0\]\[0\]: expected a number .*; got true"),
        ('{"format": "blitzgame.game", "payoffs": [[["1", "1"], ["2"]]]}',
         r"payoffs\[0\]\[1\] has 1 entries; expected an array of 2 entries \(the payoffs must "
         r"be rectangular, of shape \(1, 2, 2\)"),
        ('{"format": "blitzgame.game", "exact": "yes", "payoffs": [["1"]]}', "'exact' must be"),
        ('[1, 2]', "must be a JSON object"),
    ],
    ids=["syntax", "tag", "no-payoffs", "nan-string", "bool", "ragged", "exact-flag", "array"],
)
def test_errors(text, match):
    with pytest.raises(GameFormatError, match=match):
        read_json(text)


def test_bad_arguments():
    with pytest.raises(InvalidParameterError, match="NormalFormGame"):
        write_json([[1]])
    with pytest.raises(InvalidParameterError, match="source"):
        read_json(3)
    with pytest.raises(InvalidParameterError, match="EquilibriumResult"):
        result_to_dict("x")
    with pytest.raises(GameFormatError, match="JSON object"):
        game_from_dict([])


def test_result_to_dict_exact_strings(battle_of_the_sexes):
    res = bg.solve(battle_of_the_sexes, method="pure")
    d = result_to_dict(res)
    json.dumps(d)  # serializable
    assert d["method"] == "pure" and d["exact"] is True and d["status"] == "ok"
    assert [e["strategies"] for e in d["equilibria"]] == [
        [["1", "0"], ["1", "0"]], [["0", "1"], ["0", "1"]]]
    assert [e["payoffs"] for e in d["equilibria"]] == [["3", "2"], ["2", "3"]]
    assert all(e["max_regret"] == "0" for e in d["equilibria"])
    assert game_from_dict(d["game"]) == battle_of_the_sexes


def test_result_to_dict_float(battle_of_the_sexes):
    res = bg.solve(battle_of_the_sexes.to_float(), method="pure")
    d = result_to_dict(res)
    assert d["exact"] is False
    assert d["equilibria"][0]["strategies"][0] == [1.0, 0.0]
    json.dumps(d)


# --- hostile and corrupt files: every one is a GameFormatError naming the place ---------

def _game(payoffs: str, extra: str = "") -> str:
    return '{"format": "blitzgame.game", ' + extra + '"payoffs": ' + payoffs + "}"


def _nested(depth: int, leaf: str) -> str:
    return "[" * depth + leaf + "]" * depth


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (_game("[[" + "1" * 5000 + "]]"),
         r"payoffs\[0\]\[0\]: expected a finite number; got 1{40}\.\.\. \(more than 4300 digits "
         r"\(Python's int-conversion limit\)\)"),
        (_game('[["' + "1" * 5000 + '"]]'),
         r"payoffs\[0\]\[0\]: expected a number such as .*; got '1{40}'\.\.\. \(5000 characters\) "
         r"\(more than 4300 digits"),
        (_game('[["1/' + "3" * 5000 + '"]]'), r"payoffs\[0\]\[0\]: .*more than 4300 digits"),
        (_game("[[NaN]]"), r"payoffs\[0\]\[0\]: expected a finite number; got NaN \(not finite"),
        (_game("[[[1, Infinity]]]"),
         r"payoffs\[0\]\[0\]\[1\]: expected a finite number; got Infinity"),
        (_game("[[-Infinity]]"), r"got -Infinity \(not finite"),
        (_game('[["nan"]]'), r"payoffs\[0\]\[0\]: expected a number .*; got 'nan' \(not finite"),
        (_game('[["-inf"]]'), r"got '-inf' \(not finite"),
        (_game("[[1e999999]]"),
         r"payoffs\[0\]\[0\]: expected a finite number; got 1e999999 \(beyond the float range "
         r"\(write it as a string, e.g. \"1e400\", to keep it exact\)\)"),
        (_game("[[-1e309]]", '"exact": true, '), r"got -1e309 \(beyond the float range"),
        (_game('[["1e999999"]]'),
         r"payoffs\[0\]\[0\]: expected a number .*; got '1e999999' \(exponent beyond \+-4000\)"),
        (_game('[["1e9999999999"]]'), r"exponent beyond \+-4000"),
        (_game('[["1/0"]]'), r"payoffs\[0\]\[0\]: expected a number .*; got '1/0' \(zero "
                             r"denominator\)"),
        (_game('[["1e400"]]', '"exact": false, '),
         r"payoffs\[0\]\[0\]: expected a number in the float range \(\"exact\" is false\); "
         r"got '1e400' \(too large for a float\)"),
        (_game('[[[1.5, "1e400"]]]'),
         r"payoffs\[0\]\[0\]\[1\]: expected a number in the float range \(the game is a float "
         r"game, as it has JSON floats\); got about 10\^400"),
        (_game("[[[0.5, 1" + "0" * 399 + "]]]"), r"payoffs\[0\]\[0\]\[1\]: .*got about 10\^399"),
        (_game('[["\u0663"]]'), r"got '\u0663' \(not a number\)"),
    ],
    ids=["int-5000", "string-5000", "denominator-5000", "NaN", "Infinity", "-Infinity",
         "nan-string", "inf-string", "float-overflow", "float-overflow-exact", "string-exp",
         "string-exp-10-digits", "zero-den", "exact-false-overflow", "float-game-overflow",
         "float-game-big-int", "unicode-digit"],
)
def test_bad_numbers(text, match):
    start = time.perf_counter()
    with pytest.raises(GameFormatError, match=match):
        read_json(text)
    assert time.perf_counter() - start < 2


def test_largest_accepted_numbers():
    assert read_json(_game('[["1e4000"]]')).payoff_of((0,)) == (F(10) ** 4000,)
    assert read_json(_game("[[" + "9" * 4300 + "]]")).payoff_of((0,)) == (F(int("9" * 4300)),)
    assert read_json(_game("[[1e-400]]")).payoff_of((0,)) == (0.0,)  # float underflow is fine


@pytest.mark.parametrize("depth", [66, 2_000, 100_000])
def test_deep_nesting(depth):
    with pytest.raises(GameFormatError, match=r"'payoffs' has more than 64 levels of nested "
                                              r"arrays; expected at most 64 \(one per player, at "
                                              r"most 63 players"):
        read_json(_game(_nested(min(depth, 900), "1")))
    msg = (r"line 1:66: JSON nested too deeply: expected at most 65 levels of arrays and objects "
           r"\(a game of 63 players\)")
    if depth > 1000:
        with pytest.raises(GameFormatError, match=msg):
            read_json(_nested(depth, "1"))
        with pytest.raises(GameFormatError, match=msg.replace("1:66", "1:391")):
            read_json('{"a": ' * depth + "1" + "}" * depth)


def test_deep_values_outside_payoffs_never_recurse():
    deep = _nested(900, "")
    assert read_json(_game("[[1]]", f'"title": {deep}, ')).shape == (1,)
    with pytest.raises(GameFormatError, match=r"unknown format tag an array of 1 item; "
                                              r"expected 'blitzgame.game'"):
        read_json('{"format": ' + deep + ', "payoffs": [[1]]}')
    with pytest.raises(GameFormatError, match=r"players\[0\] must be a non-empty string; got an "
                                              r"array of 1 item"):
        read_json(_game("[[1]]", f'"players": {deep}, '))


def test_players_limit():
    n = MAX_PLAYERS
    g = read_json(_game(_nested(n + 1, ", ".join(["1"] * n))))
    assert g.num_players == n == 63
    with pytest.raises(GameFormatError, match=r"'payoffs' has more than 64 levels"):
        read_json(_game(_nested(n + 2, ", ".join(["1"] * (n + 1)))))


def test_size_limit_and_override():
    text = _game('[[["1", "2"], ["3", "4"]], [["5", "6"], ["7", "8"]]]')
    assert read_json(text).shape == (2, 2)
    with pytest.raises(GameFormatError,
                       match=r"'payoffs': the game is too large: 2 x 2 strategies give 4 profiles "
                             r"x 2 players = 8 payoffs; expected at most max_size=7 \(pass "
                             r"read_json\(\.\.\., max_size=\.\.\.\)"):
        read_json(text, max_size=7)
    assert read_json(text, max_size=8).shape == (2, 2)
    with pytest.raises(InvalidParameterError, match="max_size must be a positive int"):
        read_json(text, max_size=0)
    with pytest.raises(GameFormatError, match=r"= 8 payoffs; expected at most max_size=7"):
        read_json(_game("[[[1, 1], [1, 1]], [1]]"), max_size=7)  # before the ragged tail
    assert MAX_PROFILES == 10**7


def test_shape_errors_name_expected_and_received():
    cases = {
        _game("[]"): r"payoffs is an empty array; every player needs at least one action",
        _game("[[[]]]"): r"payoffs\[0\]\[0\] is an empty array",
        _game('"12"'): r"'payoffs' must be a nested array .*; got '12'",
        _game("[[1, 2], [3, 4]]"): r"'payoffs' has shape \(2, 2\); expected \(n_0, \.\.\., "
                                   r"n_\(N-1\), N\) with N = 1 payoffs per profile .*got 2",
        _game("[[[1, 2]], [3]]"): r"payoffs\[1\]\[0\] is 3; expected an array of 2 entries "
                                  r"\(the payoffs must be rectangular, of shape \(2, 1, 2\)",
        _game("[[[1, 2]], [[3, 4], [5, 6]]]"): r"payoffs\[1\] has 2 entries; expected an array "
                                               r"of 1 entries",
        _game("[[1], [[2]]]"): r"payoffs\[1\]\[0\]: expected a number .*; got an array of 1 item",
        _game("[[1]]", '"players": ["a", "b"], '): r"'players' must be an array of 1 player "
                                                   r"labels; got an array of 2 items",
        _game("[[1]]", '"actions": [["x"], ["y"]], '): r"'actions' must be an array of 1 arrays",
        _game("[[1]]", '"actions": [["x", "y"]], '): r"'actions\[0\]' must be an array of 1 "
                                                     r"action labels of player 0; got an array "
                                                     r"of 2 items",
        _game("[[1]]", '"players": [3], '): r"players\[0\] must be a non-empty string; got 3",
        _game("[[1]]", '"version": 2, '): r"unsupported version 2; expected 1",
        _game("[[1]]", '"version": true, '): r"unsupported version true; expected 1",
        _game("[[1]]", '"exact": NaN, '): r"'exact' must be true or false; got NaN",
    }
    for text, match in cases.items():
        with pytest.raises(GameFormatError, match=match):
            read_json(text)


def test_duplicate_labels_found_in_linear_time():
    n = 100_000
    labels = json.dumps([f"a{k}" for k in range(n - 1)] + ["a7"])
    text = _game("[" + ", ".join(["[1]"] * n) + "]", f'"actions": [{labels}], ')
    start = time.perf_counter()
    with pytest.raises(GameFormatError, match=r"actions\[0\]\[99999\] repeats the label 'a7'; "
                                              r"expected distinct labels"):
        read_json(text)
    assert time.perf_counter() - start < 5


def test_invalid_utf8_and_file_names(tmp_path):
    data = _game('[["1"]]', '"title": "caf\xe9", ').encode("latin-1")
    msg = r"line 1:43: invalid UTF-8 \(invalid continuation byte at byte 0xe9\)"
    with pytest.raises(GameFormatError, match=msg):
        read_json(io.BytesIO(data))
    path = tmp_path / "latin1.json"
    path.write_bytes(data)
    with pytest.raises(GameFormatError, match=re.escape(str(path)) + ": " + msg):
        read_json(path)
    path.write_text(_game('[["x"]]'))
    with pytest.raises(GameFormatError, match=re.escape(str(path)) + r": payoffs\[0\]\[0\]: "):
        read_json(str(path))
    path.write_text('{"format": "blitzgame.game",\n "payoffs": [[1]')
    with pytest.raises(GameFormatError,
                       match=re.escape(str(path)) + r": line 2:17: invalid JSON: Expecting ','"):
        read_json(path)


def test_truncated_files_are_format_errors(chicken):
    text = write_json(chicken, indent=1)
    for cut in range(1, len(text) - 1):
        with pytest.raises(GameFormatError, match=r"^line \d+:\d+: invalid JSON: "):
            read_json(io.StringIO(text[:cut]))


def test_game_from_dict_python_values():
    g = game_from_dict({"format": "blitzgame.game", "payoffs": [[F(1, 3)], [2]]})
    assert g.exact and g.payoff_of((0,)) == (F(1, 3),)
    for bad in (float("nan"), float("inf")):
        with pytest.raises(GameFormatError, match=r"payoffs\[0\]\[0\]: expected a finite number; "
                                                  r"got (nan|inf)"):
            game_from_dict({"format": "blitzgame.game", "exact": True, "payoffs": [[bad]]})
    with pytest.raises(InvalidParameterError, match="max_size"):
        game_from_dict({"format": "blitzgame.game", "payoffs": [[1]]}, max_size=-5)
