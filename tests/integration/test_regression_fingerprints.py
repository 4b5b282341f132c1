"""Regression: solver results on ~2,000 random small games equal the stored reference.

``tests/data/regression/fingerprints.json`` holds one SHA-256 digest per
(task, mode, batch of games), computed from a reference commit by
``tests/data/regression/make_fingerprints.py``; each test case recomputes one
digest with the installed code. Only the public ``blitzgame`` API is used
(through ``tests/data/regression/_fingerprint.py``, shared with the generator),
so the test survives moves of internal modules.

A mismatch means some result changed: equilibria (values to 9 significant
digits, or their order), counts, status, completeness, errors or warnings.
To see which games differ, dump the key's canonical records with the reference
code and with the current code and diff them (see ``make_fingerprints.py``).
If the change is intended, regenerate the data from the new code.

Float values are compared to 9 significant digits, so a float key can in rare
cases fail on a value that lies at a rounding boundary (the dump shows it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import blitzgame as bg

_DIR = Path(__file__).resolve().parent.parent / "data" / "regression"
if str(_DIR) not in sys.path:
    sys.path.insert(0, str(_DIR))

import _fingerprint as fp  # noqa: E402

_DATA = json.loads((_DIR / "fingerprints.json").read_text())
_STORED = _DATA["fingerprints"]
_REGENERATE = ("regenerate it with tests/data/regression/make_fingerprints.py "
               "(see its docstring)")


def test_reference_data_matches_the_fingerprint_code():
    """The stored data was made with the current batches, limits and record format."""
    assert _DATA["format"] == fp.FORMAT, f"fingerprints.json has an old format; {_REGENERATE}"
    assert _DATA["batches"] == [dict(b) for b in fp.BATCHES], \
        f"the batches in _fingerprint.py changed since fingerprints.json was written; {_REGENERATE}"
    assert (_DATA["limits"], _DATA["limits_3p"]) == (fp.LIMITS, fp.LIMITS_3P), \
        f"the LIMITS in _fingerprint.py changed; {_REGENERATE}"
    assert (_DATA["logit_rng"], _DATA["float_noise"]) == (fp.LOGIT_RNG, fp.FLOAT_NOISE), \
        f"LOGIT_RNG or FLOAT_NOISE in _fingerprint.py changed; {_REGENERATE}"


def test_available_methods_unchanged():
    assert list(bg.available_methods()) == _DATA["methods"], (
        "bg.available_methods() differs from the reference; if a method was added or "
        f"renamed on purpose, {_REGENERATE}")
    assert sorted(fp.keys()) == sorted(_STORED), "the set of task|mode|batch keys differs"


@pytest.mark.parametrize("batch", [b["name"] for b in fp.BATCHES])
def test_input_games_unchanged(batch):
    """The random games themselves (a failure here is numpy's generator, not blitzgame)."""
    assert fp.input_digest(batch) == _DATA["input_sha256"][batch], (
        f"the random payoffs of batch {batch!r} differ from the reference ones: numpy's "
        "random stream changed, so every fingerprint of this batch is meaningless; "
        f"{_REGENERATE} from the reference commit")


def _id(key: str) -> str:
    task, mode, batch = fp.key_parts(key)
    return f"{task.replace(':', '-')}-{mode}-{batch}"


# ~20 s of CPU in all (-n 0), 40 s on a busy two-core machine: hence "slow"
@pytest.mark.slow
@pytest.mark.parametrize("key", list(_STORED), ids=_id)
def test_fingerprint(key):
    task, mode, batch = fp.key_parts(key)
    expected = _STORED[key]
    got = fp.fingerprint(task, mode, batch)
    if got["sha256"] != expected["sha256"]:
        counts = sorted(set(expected["counts"]) | set(got["counts"]))
        diff = "\n".join(f"    {c}: reference {expected['counts'].get(c, 0)}, "
                         f"now {got['counts'].get(c, 0)}" for c in counts)
        pytest.fail(
            f"results differ from the reference for task={task!r} mode={mode!r} "
            f"batch={batch!r} ({BATCH_DESC[batch]})\n"
            f"  counts (any difference shows here; equal counts mean values or order):\n{diff}\n"
            f"  to find the games: run make_fingerprints.py --dump {key!r} with the reference "
            "code and with this code, and diff the outputs",
            pytrace=False)


BATCH_DESC = {b["name"]: f"{b['games']} games of shape {'x'.join(map(str, b['shape']))}, "
                         f"payoffs in [{b['low']}, {b['high']}]"
                         + (", zero-sum" if b["zero_sum"] else "")
              for b in fp.BATCHES}
