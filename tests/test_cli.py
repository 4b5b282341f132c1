"""Tests of the command line (blitzgame.cli.main)."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from blitzgame import cli
from blitzgame.cli import solve as cli_solve
from blitzgame.io.json import read_json
from blitzgame.io.nfg import read_nfg, write_nfg

DATA = Path(__file__).resolve().parent / "data"


def test_solve_file_table(capsys):
    assert cli.main(["solve", str(DATA / "prisoners_dilemma.nfg"), "--method", "pure"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "pure: 1 equilibrium (exact, complete), status=ok"
    assert "Prisoner's dilemma" in out
    assert any(line.split()[:3] == ["0", "Row", "2=1"] and line.split()[-1] == "1"
               for line in lines)


def test_solve_example_three_players(capsys):
    assert cli.main(["solve", "--example", "race3", "--method", "pure"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.startswith(" 0 ")]
    assert rows == [["0", p, "blitz=1", "1"] for p in ("A", "B", "C")]


def test_solve_json_and_csv_formats(capsys):
    assert cli.main(["solve", "--example", "chicken", "--method", "pure", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["method"] == "pure" and len(d["equilibria"]) == 2
    assert {tuple(map(tuple, e["strategies"])) for e in d["equilibria"]} == {
        (("1", "0"), ("0", "1")), (("0", "1"), ("1", "0"))}
    assert cli.main(["solve", "--example", "chicken", "--method", "pure", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 8  # 2 equilibria x 2 players x 2 actions
    assert rows[0] == {"equilibrium": "0", "player": "firm_a", "action": "defend",
                       "probability": "1", "payoff": "0"}


def test_solve_float(capsys):
    assert cli.main(["solve", "--example", "chicken", "--method", "pure", "--float"]) == 0
    assert capsys.readouterr().out.startswith("pure: 2 equilibria (float, complete)")


def test_solve_auto_finds_mixed_equilibrium_of_chicken(capsys):
    assert cli.main(["solve", "--example", "chicken", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [["2/3", "1/3"], ["2/3", "1/3"]] in [e["strategies"] for e in d["equilibria"]]


def test_list_examples(capsys):
    assert cli.main(["solve", "--list-examples"]) == 0
    assert {"chicken", "prisoners_dilemma", "race3"} <= set(capsys.readouterr().out.split())
    g = read_nfg(cli_solve.example_path("chicken").read_text())
    assert g.payoff_of(("blitz", "defend")) == (2, 0)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ('NFG 1 R "" { "a" "b" } { 2 2 }\n1 2 3', "line 2:6: wrong number of payoffs"),
        ("hello", "line 1:1: missing header"),
    ],
    ids=["short", "no-header"],
)
def test_malformed_file_exit_2_with_line_column(tmp_path, capsys, content, match):
    path = tmp_path / "bad.nfg"
    path.write_text(content)
    assert cli.main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("blitzgame: error:") and match in err
    assert "Traceback" not in err


def test_bad_inputs_exit_2(tmp_path, capsys):
    assert cli.main(["solve", str(tmp_path / "missing.nfg")]) == 2
    assert "No such file" in capsys.readouterr().err
    assert cli.main(["solve", "--example", "nope"]) == 2
    assert "unknown example 'nope'" in capsys.readouterr().err
    assert cli.main(["solve", "--example", "chicken", "--method", "magic"]) == 2
    assert "unknown method 'magic'" in capsys.readouterr().err
    assert cli.main(["solve"]) == 2
    assert cli.main(["solve", "--example", "chicken", "--format", "xml"]) == 2  # argparse
    assert cli.main([]) == 2
    capsys.readouterr()


def test_method_not_applicable_exit_2(capsys):
    assert cli.main(["solve", "--example", "race3", "--method", "support_enumeration"]) == 2
    assert "player" in capsys.readouterr().err


def test_convert_round_trip(tmp_path, capsys):
    src = DATA / "race3_outcomes.nfg"
    js, nfg = tmp_path / "g.json", tmp_path / "g.nfg"
    assert cli.main(["convert", str(src), str(js)]) == 0
    assert read_json(js) == read_nfg(src)
    assert json.loads(js.read_text())["title"] == "three firms, outcome version"
    assert cli.main(["convert", str(js), str(nfg)]) == 0
    assert read_nfg(nfg) == read_nfg(src)
    assert nfg.read_text().startswith('NFG 1 R "three firms, outcome version"')
    assert cli.main(["convert", str(src), str(tmp_path / "g.txt")]) == 2
    assert "use .nfg or .json" in capsys.readouterr().err


def test_solve_json_input(tmp_path, capsys):
    g = read_nfg(DATA / "exact_numbers.nfg")
    path = tmp_path / "g.json"
    cli.main(["convert", str(DATA / "exact_numbers.nfg"), str(path)])
    assert cli.main(["solve", str(path), "--method", "pure", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    # the column player has one action 'x'; the row player's payoffs 1/10, -3/4, 3/20 -> 'c'
    assert d["equilibria"][0]["strategies"] == [["0", "0", "1"], ["1"]]
    assert d["equilibria"][0]["payoffs"] == ["3/20", "-1/4"]
    assert g.payoff_of(("c", "x")) == (F(3, 20), F(-1, 4))


def test_report_and_sweep_are_registered(capsys):
    for name in ("report", "sweep"):
        assert cli.main([name, "--help"]) == 0
        assert f"usage: blitzgame {name}" in capsys.readouterr().out


def test_version_and_help(capsys):
    assert cli.main(["--version"]) == 0
    assert "blitzgame" in capsys.readouterr().out
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(cmd in out for cmd in ("solve", "convert", "report", "sweep"))


def test_write_nfg_then_cli(tmp_path, capsys, matching_pennies):
    path = tmp_path / "mp.nfg"
    write_nfg(matching_pennies, path)
    assert cli.main(["solve", str(path), "--method", "pure"]) == 0
    assert capsys.readouterr().out.startswith("pure: 0 equilibria (exact")


@pytest.mark.parametrize("content, match", [
    (b'NFG 1 R "\xff" { "a" } { 1 } 1', "invalid UTF-8"),
    (b"[" * 3000 + b"]" * 3000, "deep"),
    (b'{"format": "blitzgame.game", "payoffs": ' + b"[" * 3000, "deep"),
], ids=["utf8", "deep-json-array", "deep-json-object"])
def test_hostile_files_exit_2_with_the_file_name(tmp_path, capsys, content, match):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert cli.main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("blitzgame: error:") and str(path) in err and match in err
    assert err.count("\n") == 1
