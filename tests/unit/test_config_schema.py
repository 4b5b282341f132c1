"""The one config schema (blitzgame.model.schema) and the model files it checks (issues 14, 18).

Sweep configs use the same rules; their own cases are in test_sweep_cli.py.
"""

from __future__ import annotations

import math
import re

import pytest

from blitzgame.exceptions import InvalidParameterError
from blitzgame.model import Market
from blitzgame.model.config import model_from_dict, model_schema, read_model
from blitzgame.model.presets import two_firm_race
from blitzgame.model.scenarios import Scenario
from blitzgame.model.schema import (
    SHOWN_NAMES,
    Array,
    Boolean,
    Integer,
    Number,
    String,
    Table,
    Tagged,
    Union,
    describe,
    render_path,
    unknown_name,
    validate,
)

FIRM = "[[firms]]\nname = 'a'\ncompute = 5\ncapital = 1\n"


def _refused(data, schema, match, **kw):
    with pytest.raises(InvalidParameterError, match=re.escape(match)):
        validate(data, schema, **kw)


# ------------------------------------------------------------------ the rules
@pytest.mark.parametrize(("path", "table", "expected"), [
    ((), False, "top level"),
    (("rng",), False, "rng"),
    (("market",), True, "[market]"),
    (("market", "prize"), False, "[market].prize"),
    (("grid", "market.sharpness", "num"), False, '[grid."market.sharpness"].num'),
    (("grid", "market.sharpness", 2), False, '[grid]."market.sharpness"[2]'),
    (("grid", "zip", "d"), True, "[grid.zip.d]"),
    (("firms", 0, "postures", 1), False, "[firms[0]].postures[1]"),
    (("firms", 0), True, "[firms[0]]"),
], ids=lambda v: str(v))
def test_key_paths_read_as_toml(path, table, expected):
    assert render_path(path, table=table) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (True, "true (a boolean)"), (3, "3 (an integer)"), (2.5, "2.5 (a float)"),
    (float("nan"), "NaN (a float)"), ("x", '"x" (a string)'), ([1], "[1] (an array)"),
    ({"a": 1}, "{'a': 1} (a table)"),
])
def test_values_are_described_with_their_toml_type(value, expected):
    assert describe(value) == expected


@pytest.mark.parametrize("value", [True, False, "1", None, [1.0], float("nan"), -math.inf])
def test_a_number_is_not_a_boolean_a_string_or_nan(value):
    with pytest.raises(InvalidParameterError, match=r"^x: expected a finite number; got "):
        validate(value, Number(), path=("x",))


def test_number_ranges_and_infinity():
    assert validate(3, Number(0, 5)) == 3 and validate(math.inf, Number(allow_inf=True)) == math.inf
    _refused(-1, Number(0, math.inf), "expected a number in [0, inf); got -1")
    _refused(0.0, Number(0, 1, lo_open=True), "expected a number in (0, 1]; got 0.0")
    _refused(math.inf, Number(0, math.inf), "expected a number in [0, inf); got inf")
    assert Number.from_rule(Market.RULES["leadership_window"]).check(math.inf, None) == math.inf


@pytest.mark.parametrize(("value", "match"), [
    (2.0, "got 2.0 (a float)"), (True, "got true (a boolean)"), ("3", 'got "3" (a string)'),
    (0, "expected an integer in [1, 10]; got 0"), (11, "got 11"),
])
def test_an_integer_is_an_integer(value, match):
    _refused(value, Integer(1, 10), match)


@pytest.mark.parametrize("value", [1, 0, "yes", "true", None])
def test_a_boolean_is_true_or_false(value):
    with pytest.raises(InvalidParameterError, match="expected a boolean"):
        validate(value, Boolean())


def test_unknown_keys_get_a_suggestion_or_a_few_names_never_all():
    table = Table({f"key_{k:02d}": Number() for k in range(30)} | {"sharpness": Number()})
    _refused({"sharpnes": 1}, table, "unknown top-level key 'sharpnes'; did you mean 'sharpness'?")
    with pytest.raises(InvalidParameterError) as info:
        validate({"zzzzzz": 1}, table, source="f.toml", path=("market",))
    msg = str(info.value)
    assert msg.startswith("f.toml: [market]: unknown key 'zzzzzz'; expected one of: ")
    assert msg.count("'key_") == SHOWN_NAMES and "(31 in all)" in msg


def test_each_misspelt_market_key_suggests_itself():
    names = Market.numeric_fields()
    for name in names:
        for typo in (name[:-1], name[1:], name.replace("_", "")):
            if typo not in names:
                msg = unknown_name("key", typo, names)
                assert f"did you mean {name!r}" in msg, msg


def test_required_exactly_one_and_nested_tables():
    schema = Table({"model": Table({"file": String(), "scenario": String(("a", "b"), "scenario")},
                                   exactly_one=("file", "scenario")),
                    "n": Integer(1)}, required=("model", "n"))
    assert validate({"model": {"file": "m.toml"}, "n": 2}, schema) == {
        "model": {"file": "m.toml"}, "n": 2}
    _refused({"n": 1}, schema, "missing table [model]")
    _refused({"model": {"file": "f"}}, schema, "missing key 'n' (an integer >= 1)")
    _refused({"model": {}, "n": 1}, schema, "[model]: give exactly one of 'file' or 'scenario'")
    _refused({"model": {"scenario": "c"}, "n": 1}, schema, "[model].scenario: unknown scenario 'c'")
    _refused({"model": {"file": ""}, "n": 1}, schema, "expected a non-empty string")


def test_free_form_keys_union_and_tagged_tables():
    schema = Table(values=Union((Array(Number(), min_len=1), Table({"num": Integer(1)}))))
    assert validate({"a.b": [1, 2.5], "c": {"num": 3}}, schema) == {"a.b": [1, 2.5],
                                                                    "c": {"num": 3}}
    _refused({"a": "x"}, schema, 'a: expected a non-empty array or a table; got "x" (a string)')
    tagged = Tagged("type", {"Blitz": Table({"type": String(), "scale": Number()})},
                    kind="posture type")
    _refused({"type": "Blit"}, tagged, "unknown posture type 'Blit'; did you mean 'Blitz'?")
    _refused({"scale": 1}, tagged, "missing key 'type' (a posture type)")
    _refused({"type": "Blitz", "scal": 1}, tagged, "key 'scal'; did you mean 'scale'?")


# ------------------------------------------------------------------ model files
def _model_error(tmp_path, text):
    path = tmp_path / "m.toml"
    path.write_text(text)
    with pytest.raises(InvalidParameterError) as info:
        read_model(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: "), msg  # every error names the file
    return msg


@pytest.mark.parametrize(("text", "match"), [
    ("[market]\nsharpnes = 2\n" + FIRM,
     "[market]: unknown key 'sharpnes'; did you mean 'sharpness'?"),
    ("[markt]\nprize = 2\n" + FIRM, "unknown top-level key 'markt'; did you mean 'market'?"),
    ("[[firm]]\nname = 'a'\ncompute = 5\ncapital = 1\n",
     "unknown top-level key 'firm'; did you mean 'firms'?"),
    (FIRM + "capitl = 3\n", "[firms[0]]: unknown key 'capitl'; did you mean 'capital'?"),
    (FIRM + "postures = ['Blizt']\n",
     "[firms[0]].postures[0]: unknown posture 'Blizt'; did you mean 'Blitz'?"),
    (FIRM + "postures = [{type = 'Blitz', scal = 2.0}]\n",
     "[firms[0].postures[0]]: unknown key 'scal'; did you mean 'scale'?"),
    (FIRM + "postures = [{type = 'Nich'}]\n",
     "[firms[0].postures[0]].type: unknown posture type 'Nich'; did you mean 'Niche'?"),
    (FIRM + "[[scenarios]]\nname = 'x'\nprobabilty = 1.0\n",
     "[scenarios[0]]: unknown key 'probabilty'; did you mean 'probability'?"),
], ids=["market-key", "section", "firms", "firm-key", "posture", "posture-key", "posture-type",
        "scenario-key"])
def test_model_typos_are_refused_with_a_suggestion(tmp_path, text, match):
    assert match in _model_error(tmp_path, text)


@pytest.mark.parametrize(("text", "match"), [
    ("[[firms]]\nname = 'a'\ncompute = true\ncapital = 1\n",
     "[firms[0]].compute: expected a number in [0, inf); got true (a boolean)"),
    ("[[firms]]\nname = 'a'\ncompute = 5\ncapital = '1'\n",
     '[firms[0]].capital: expected a number in [0, inf); got "1" (a string)'),
    ("[[firms]]\nname = 'a'\ncompute = -5\ncapital = 1\n",
     "[firms[0]].compute: expected a number in [0, inf); got -5"),
    ("[[firms]]\nname = 'a'\ncompute = nan\ncapital = 1\n", "got NaN"),
    ("[[firms]]\nname = 3\ncompute = 5\ncapital = 1\n",
     "[firms[0]].name: expected a string; got 3 (an integer)"),
    ("[[firms]]\nname = 'a'\ncompute = 5\n", "[firms[0]]: missing key 'capital'"),
    ("[market]\nprize = true\n" + FIRM, "[market].prize: expected a number in [0, inf); got true"),
    ("[market]\nwaste = 1.0\n" + FIRM, "[market].waste: expected a number in [0, 1); got 1.0"),
    ("[market]\nleadership_window = inf\n" + FIRM + "[[firms]]\nname = 'b'\ncompute = 1\n"
     "capital = 1\nefficiency = inf\n", "[firms[1]].efficiency: expected a number in (0, inf)"),
    (FIRM + "postures = 'Blitz'\n",
     '[firms[0]].postures: expected a non-empty array; got "Blitz" (a string)'),
    (FIRM + "postures = [{type = 'Blitz', speed = 2.0}]\n",
     "[firms[0].postures[0]].speed: expected a number in (0, 1]; got 2.0"),
    (FIRM + "[[scenarios]]\nname = 'x'\nprobability = 0.5\n",
     "[scenarios]: scenario probabilities must sum to 1"),
    ("firms = []\n", "firms: expected at least 1 item"),
    ("market = 3\n" + FIRM, "market: expected a table; got 3 (an integer)"),
    (FIRM + FIRM, "firm names must be distinct"),
], ids=["bool-compute", "str-capital", "negative", "nan", "int-name", "missing", "bool-prize",
        "waste-range", "inf", "postures-str", "posture-range", "probabilities", "no-firms",
        "market-int", "duplicates"])
def test_model_wrong_types_and_values(tmp_path, text, match):
    assert match in _model_error(tmp_path, text)


def test_a_sweep_config_is_not_a_model_file(tmp_path):
    msg = _model_error(tmp_path, "[model]\nscenario = 'gpu_race'\n[grid]\n'market.prize' = [1.0]\n")
    assert "this is a sweep config" in msg and "blitzgame sweep" in msg


def test_the_model_schema_covers_every_model_field():
    schema = model_schema()
    assert set(schema.keys["market"].keys) == set(Market.numeric_fields())
    assert set(schema.keys["scenarios"].item.keys) == {"name", *Scenario.RULES}
    m = model_from_dict({"firms": [{"name": "a", "compute": 1, "capital": 1.0,
                                    "postures": ["Blitz", {"type": "SpeedScale", "speed": 0.5,
                                                           "scale": 2.0, "name": "mid"}]}],
                         "scenarios": [{"name": "only", "probability": 1.0, "sharpness": 1.0}]})
    assert m.actions == (("Blitz", "mid"),) and m.scenarios.names == ("only",)


def test_with_params_suggests_instead_of_listing_every_parameter():
    with pytest.raises(InvalidParameterError) as info:
        two_firm_race().with_params({"market.sharpnes": 1.0})
    msg = str(info.value)
    assert msg == "unknown parameter 'market.sharpnes'; did you mean 'market.sharpness'?"
    with pytest.raises(InvalidParameterError) as info:
        two_firm_race().with_params({"zzz": 1.0})
    assert str(info.value).count("'market.") == SHOWN_NAMES
