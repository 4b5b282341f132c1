"""Seeded fuzzing of the .nfg and JSON readers: a bad file is a library error, quickly.

A plain ``random.Random(seed)`` mutates the bytes of valid game files (the
``tests/data`` fixtures and ``write_nfg`` / ``write_json`` output of small
games): byte flips, truncations, deletions, duplicated chunks, and insertions
of hostile fragments -- numbers beyond Python's 4,300-digit int limit, huge
exponents, ``1/0``, ``NaN``, brackets nested 2,000 deep, invalid UTF-8, and
strategy blocks that declare 30000 x 30000 or 10^20 strategies. Every mutant
goes to both readers. The only acceptable outcomes are a
:class:`~blitzgame.NormalFormGame` or a :class:`~blitzgame.BlitzgameError`
(in practice :class:`~blitzgame.exceptions.GameFormatError`), within
``TIME_LIMIT`` seconds per parse. A watchdog (:mod:`faulthandler`) ends the
process with a traceback should a parse hang, rather than hanging the run.

A failure message holds the seed, the case number and the mutation, so
``_mutants(seed)`` reproduces the input.
"""

from __future__ import annotations

import faulthandler
import io
import random
import time
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import blitzgame as bg
from blitzgame.exceptions import BlitzgameError
from blitzgame.io import read_json, read_nfg, write_json, write_nfg

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = range(10)
CASES_PER_SEED = 50  # 500 mutants, each read by both readers
TIME_LIMIT = 2.0  # seconds per parse; a small valid file parses in about a millisecond
WATCHDOG = 120.0  # seconds per test before faulthandler ends the process

HOSTILE = [
    b"9" * 5000,  # beyond Python's int-conversion limit
    b"-" + b"1" * 4400,
    b'"' + b"7" * 5000 + b'"',
    b"0." + b"0" * 5000 + b"1",
    b"1/" + b"3" * 5000,
    b"1e999999",
    b"1e4001",
    b"-1e" + b"9" * 30,
    b'"1e999999999"',
    b"1e400",
    b"1/0",
    b'"1/0"',
    b"NaN",
    b"-Infinity",
    b'"nan"',
    b"[" * 2000,
    b"{" * 2000,
    b'{"a": ' * 1500,
    b"[" * 70 + b"1" + b"]" * 70,
    b"{ " * 500,
    b"\xff",
    b"\xc3\x28",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xe2\x82",  # a truncated character
    b"\x00",
    b'"',
    b"\\",
    b"}",
    b",",
    b" { 30000 30000 } ",
    b" { 100000000000000000000 } ",
    b" 100000000000000000000 ",
    b'"\xd9\xa3"',  # an Arabic-Indic digit
]

HEADERS = [  # strategy blocks that declare enormous games
    b'NFG 1 R "" { "a" "b" } { 30000 30000 }\n',
    b'NFG 1 R "" { "a" } { 100000000000000000000 }\n',
    b'NFG 1 R "" { ' + b'"p" ' * 65 + b"} { " + b"1 " * 65 + b"}\n",
    b'NFG 1 R "" { ' + b'"p" ' * 40 + b"} { " + b"9 " * 40 + b"}\n",
    b'NFG 1 R "" { "a" } { ' + b"9" * 5000 + b" }\n",
]


@cache
def _corpus() -> tuple[tuple[str, bytes], ...]:
    """Valid game files: the fixtures, and both formats of a few small games."""
    files = [(p.name, p.read_bytes()) for p in sorted(DATA.glob("*.nfg"))]
    games = {
        "chicken": bg.NormalFormGame.from_bimatrix(
            [[1, 0], [2, -2]], [[1, 2], [0, -2]],
            players=("firm_a", "firm_b"), actions=(("defend", "blitz"), ("defend", "blitz"))),
        "fractions": bg.NormalFormGame.from_bimatrix(
            [[Fraction(1, 3), Fraction(-7, 2), 0]], [[Fraction(10**30, 7), 1, 2]]),
        "floats": bg.NormalFormGame.from_bimatrix([[0.1, 1e-300]], [[-2.5e17, 1 / 3]]),
        "three": bg.NormalFormGame([[[[1, 2, 3], [0, 0, 0]], [[4, 5, 6], [-1, -1, -1]]]] * 2),
    }
    for name, g in games.items():
        files.append((f"{name}.nfg", write_nfg(g, title=name).encode()))
        files.append((f"{name}-outcomes.nfg", write_nfg(g, outcome_version=True).encode()))
        files.append((f"{name}.json", write_json(g, title=name).encode()))
        files.append((f"{name}-indented.json", write_json(g, indent=1).encode()))
    return tuple(files)


def _mutate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """One random mutation of ``data`` and its description."""
    kind = rng.choice(["flip", "truncate", "insert", "insert", "insert", "delete", "duplicate",
                       "header", "mix"])
    n = len(data)
    at = rng.randrange(n + 1)
    if kind == "flip":
        out = bytearray(data)
        spots = [rng.randrange(n) for _ in range(rng.randint(1, 4))]
        for i in spots:
            out[i] = rng.randrange(256)
        return bytes(out), f"flip bytes at {spots}"
    if kind == "truncate":
        return data[:at], f"truncate at {at}"
    if kind == "insert":
        k = rng.randrange(len(HOSTILE))
        return data[:at] + HOSTILE[k] + data[at:], f"insert HOSTILE[{k}] at {at}"
    if kind == "delete":
        size = rng.randint(1, 20)
        return data[:at] + data[at + size:], f"delete {size} bytes at {at}"
    if kind == "duplicate":
        size = rng.randint(1, 40)
        return data[:at] + data[at:at + size] * rng.randint(2, 50) + data[at + size:], \
            f"duplicate the {size} bytes at {at}"
    if kind == "header":
        k = rng.randrange(len(HEADERS))
        body = data.split(b"\n", 2)[-1]  # drop the prologue lines of an .nfg file
        return HEADERS[k] + body, f"HEADERS[{k}] + body"
    # mix: a flip and a hostile insertion
    k = rng.randrange(len(HOSTILE))
    out = bytearray(data[:at] + HOSTILE[k] + data[at:])
    i = rng.randrange(len(out))
    out[i] = rng.randrange(256)
    return bytes(out), f"insert HOSTILE[{k}] at {at}, flip byte {i}"


def _mutants(seed: int) -> Iterator[tuple[int, str, bytes, str]]:
    """The reproducible mutants of one seed: (case, source file, bytes, mutation)."""
    rng = random.Random(seed)
    corpus = _corpus()
    for case in range(CASES_PER_SEED):
        name, data = corpus[rng.randrange(len(corpus))]
        mutated, how = _mutate(rng, data)
        yield case, name, mutated, how


def _outcome(reader: Callable[..., Any], data: bytes) -> tuple[str, float]:
    """Read ``data`` and classify the outcome; any other exception propagates."""
    start = time.perf_counter()
    try:
        game = reader(io.BytesIO(data))
    except BlitzgameError as err:
        assert str(err), "an error must have a message"
        outcome = type(err).__name__
    else:
        assert isinstance(game, bg.NormalFormGame)
        outcome = "game"
    return outcome, time.perf_counter() - start


@pytest.fixture
def watchdog() -> Iterator[None]:
    """End the process with a traceback if a test runs past WATCHDOG seconds (a hang)."""
    faulthandler.dump_traceback_later(WATCHDOG, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def test_corpus_is_valid():
    for name, data in _corpus():
        reader = read_json if name.endswith(".json") else read_nfg
        assert isinstance(reader(io.BytesIO(data)), bg.NormalFormGame), name


@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_files_give_a_game_or_a_library_error(seed, watchdog):
    outcomes: dict[str, int] = {}
    for case, name, data, how in _mutants(seed):
        for reader in (read_nfg, read_json):
            where = f"seed {seed}, case {case}: {reader.__name__} of {name} after {how}"
            try:
                outcome, seconds = _outcome(reader, data)
            except Exception as err:  # noqa: BLE001 - the point of the test
                pytest.fail(f"{where} raised {type(err).__name__}: {err}"[:2000])
            assert seconds < TIME_LIMIT, f"{where} took {seconds:.2f} s"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert set(outcomes) <= {"game", "GameFormatError", "InvalidGameError"}, outcomes
    assert outcomes.get("GameFormatError", 0) > 0


@pytest.mark.parametrize("header", range(len(HEADERS)))
@pytest.mark.parametrize("body", ["", "1 2 3 4\n", '{ { "" 1 2 } }\n1 1 1 1\n'],
                         ids=["none", "payoffs", "outcomes"])
def test_giant_declared_dimensions_are_refused_at_once(header, body, watchdog):
    start = time.perf_counter()
    with pytest.raises(bg.GameFormatError, match=r"^line 1:\d+: "):
        read_nfg(io.BytesIO(HEADERS[header] + body.encode()))
    assert time.perf_counter() - start < TIME_LIMIT


@pytest.mark.parametrize("fragment", range(len(HOSTILE)))
def test_each_hostile_fragment_in_each_place(fragment, watchdog):
    """Every hostile fragment, inserted at every 7th byte of a small game in both formats."""
    for name, data in _corpus()[-4:]:  # the "three" game, .nfg and .json
        for at in range(0, len(data) + 1, 7):
            mutated = data[:at] + HOSTILE[fragment] + data[at:]
            for reader in (read_nfg, read_json):
                where = f"{reader.__name__} of {name} with HOSTILE[{fragment}] at {at}"
                try:
                    outcome, seconds = _outcome(reader, mutated)
                except Exception as err:  # noqa: BLE001 - the point of the test
                    pytest.fail(f"{where} raised {type(err).__name__}: {err}"[:2000])
                assert seconds < TIME_LIMIT, f"{where} took {seconds:.2f} s"
