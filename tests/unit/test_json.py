"""Tests of lossless JSON (blitzgame.io.json)."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

import blitzgame as bg
from blitzgame.exceptions import GameFormatError, InvalidParameterError
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
         r"payoffs\[0\]\[0\]\[0\] is not a number: 'x'"),
        ('{"format": "blitzgame.game", "payoffs": [[[true, 1]]]}', "must be a number"),
        ('{"format": "blitzgame.game", "payoffs": [[["1", "1"], ["2"]]]}', "invalid game"),
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
