"""Write ``fingerprints.json``: regression digests of blitzgame's solvers on random games.

Run it against the code to be taken as the reference, e.g. a worktree of a commit::

    git worktree add /tmp/bg_base <commit>
    PYTHONPATH=/tmp/bg_base .venv/bin/python tests/data/regression/make_fingerprints.py
    git worktree remove /tmp/bg_base --force

``tests/integration/test_regression_fingerprints.py`` recomputes every digest with
the installed code. When one differs, print the canonical records of that key with
both versions of the code and diff them::

    PYTHONPATH=/tmp/bg_base .venv/bin/python tests/data/regression/make_fingerprints.py \\
        --dump "solve:lemke_howson|float|4x5" > old.jsonl
    .venv/bin/python tests/data/regression/make_fingerprints.py \\
        --dump "solve:lemke_howson|float|4x5" > new.jsonl

What is fingerprinted, and how, is described in ``_fingerprint.py`` (shared with the test).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

import blitzgame as bg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _fingerprint as fp  # noqa: E402

OUTPUT = Path(__file__).resolve().parent / "fingerprints.json"


def _commit(package_dir: Path) -> str | None:
    """The git commit of the checkout blitzgame was imported from (None if not a checkout)."""
    try:
        out = subprocess.run(["git", "-C", str(package_dir), "rev-parse", "HEAD"],
                             capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "-C", str(package_dir), "status", "--porcelain",
                                "--", "."], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def _dumps(data: dict[str, Any]) -> str:
    """JSON with one line per top-level entry, per batch and per fingerprint (diffable)."""
    def one(v: Any) -> str:
        return json.dumps(v, separators=(", ", ": "))

    parts = []
    for name, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            inner = ",\n".join(f"  {one(v)}" for v in value)
            parts.append(f" {one(name)}: [\n{inner}\n ]")
        elif isinstance(value, dict) and len(value) > 8:
            inner = ",\n".join(f"  {one(k)}: {one(v)}" for k, v in value.items())
            parts.append(f" {one(name)}: {{\n{inner}\n }}")
        else:
            parts.append(f" {one(name)}: {one(value)}")
    text = "{\n" + ",\n".join(parts) + "\n}\n"
    assert json.loads(text) == data
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="default: %(default)s")
    parser.add_argument("--dump", metavar="KEY",
                        help="print the canonical records of one task|mode|batch key instead, "
                             "one line per game: its index, a tab, the record")
    args = parser.parse_args(argv)

    if args.dump:
        task, mode, batch = fp.key_parts(args.dump)
        for i, rec in zip(fp.selected(task, batch), fp.records(task, mode, batch), strict=True):
            print(f"{i}\t{fp.canonical(rec)}")
        return 0

    package_dir = Path(bg.__file__).resolve().parent
    print(f"blitzgame imported from {package_dir}", file=sys.stderr)
    start = time.perf_counter()
    fingerprints = {}
    for key in fp.keys():
        fingerprints[key] = fp.fingerprint(*fp.key_parts(key))
    seconds = time.perf_counter() - start
    data = {
        "format": fp.FORMAT,
        "about": "SHA-256 digests of canonical solver results per task|mode|batch; written by "
                 "tests/data/regression/make_fingerprints.py, checked by "
                 "tests/integration/test_regression_fingerprints.py",
        "reference": {"blitzgame_commit": _commit(package_dir), "blitzgame": bg.__version__,
                      "numpy": np.__version__, "python": platform.python_version()},
        "methods": list(bg.available_methods()),
        "modes": list(fp.MODES),
        "limits": fp.LIMITS,
        "limits_3p": fp.LIMITS_3P,
        "logit_rng": fp.LOGIT_RNG,
        "float_noise": fp.FLOAT_NOISE,
        "batches": list(fp.BATCHES),
        "input_sha256": {b["name"]: fp.input_digest(b["name"]) for b in fp.BATCHES},
        "fingerprints": fingerprints,
    }
    args.output.write_text(_dumps(data))
    games = sum(b["games"] for b in fp.BATCHES)
    print(f"{len(fingerprints)} fingerprints over {games} games (x {len(fp.MODES)} modes) "
          f"in {seconds:.1f} s -> {args.output} ({args.output.stat().st_size} bytes)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
