"""Checkpoints of a sweep: finished chunks on disk, so an interrupted sweep resumes.

A checkpoint is a directory holding

* ``manifest.json``: the sweep's *fingerprint* (hashes of the model, the grid,
  the measure, the error policy and the random seed) and the seed entropy;
* one ``chunk-<start>-<stop>.pkl`` file per finished chunk, written to a
  temporary name and renamed into place (``os.replace`` is atomic), so a sweep
  killed at any instant leaves only whole chunks behind.

Running the same sweep again loads the finished chunks and computes only the
missing points. A checkpoint whose fingerprint differs from the sweep's is
refused with :class:`~blitzgame.exceptions.InvalidParameterError` naming what
differs; results from different arguments are never mixed. Chunk files are
pickles written by blitzgame: load only checkpoints you wrote yourself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import numpy as np

from ..exceptions import InvalidParameterError
from ._sweep_run import ChunkOutput

__all__ = ["Checkpoint", "canonical", "digest"]

_FORMAT = 1


def canonical(obj: Any, _depth: int = 0) -> Any:
    """A JSON-able, deterministic description of a model-like object.

    Dataclasses are described field by field (fields with ``compare=False``,
    such as caches, are skipped); containers recursively; floats by ``repr``.
    """
    if _depth > 50:
        return repr(obj)
    d = _depth + 1
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return repr(obj)
    if isinstance(obj, (Fraction, np.generic)):
        return repr(obj)
    if isinstance(obj, np.ndarray):
        return ["ndarray", str(obj.dtype), list(obj.shape),
                hashlib.sha256(np.ascontiguousarray(obj).tobytes()
                               if obj.dtype != object else repr(obj.tolist()).encode()).hexdigest()]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [type(obj).__module__ + "." + type(obj).__qualname__,
                {f.name: canonical(getattr(obj, f.name), d)
                 for f in dataclasses.fields(obj) if f.compare}]
    if isinstance(obj, Mapping):
        return ["map", sorted(([canonical(k, d), canonical(v, d)] for k, v in obj.items()),
                              key=repr)]
    if isinstance(obj, (list, tuple)):
        return [canonical(v, d) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((canonical(v, d) for v in obj), key=repr)
    if hasattr(obj, "canonical") and callable(obj.canonical):
        return canonical(obj.canonical(), d)
    state = getattr(obj, "__dict__", None)
    if state is not None:
        return [type(obj).__module__ + "." + type(obj).__qualname__,
                canonical({k: v for k, v in state.items() if not k.startswith("_")}, d)]
    return repr(obj)


def digest(obj: Any) -> str:
    """SHA-256 of :func:`canonical` (hex, 16 characters)."""
    text = json.dumps(canonical(obj), sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Checkpoint:
    """A sweep's checkpoint directory (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str], fingerprint: dict[str, str],
                 entropy: int | None) -> None:
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise InvalidParameterError(
                f"checkpoint must be a directory path; {str(self.path)!r} is a file")
        self.path.mkdir(parents=True, exist_ok=True)
        manifest = self.path / "manifest.json"
        if manifest.exists():
            saved = json.loads(manifest.read_text())
            old = saved.get("fingerprint", {})
            diff = sorted(k for k in set(old) | set(fingerprint)
                          if old.get(k) != fingerprint.get(k))
            if saved.get("format") != _FORMAT or diff:
                raise InvalidParameterError(
                    f"checkpoint {str(self.path)!r} was written by a different sweep "
                    f"(differs in: {', '.join(diff) or 'format'}); resume only with the same "
                    f"model, grid, measure, on_error and rng, or use a new checkpoint path")
            self.entropy = int(saved["entropy"]) if entropy is None else entropy
        else:
            if entropy is None:
                # fresh (an int when no entropy is given), then remembered
                entropy = int(cast(int, np.random.SeedSequence().entropy))
            self.entropy = entropy
            self._atomic_write(manifest, json.dumps(
                {"format": _FORMAT, "fingerprint": fingerprint, "entropy": str(entropy)},
                indent=1).encode())

    def _atomic_write(self, target: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def chunks(self) -> Iterator[ChunkOutput]:
        """The finished chunks on disk."""
        for f in sorted(self.path.glob("chunk-*.pkl")):
            with open(f, "rb") as fh:
                yield pickle.load(fh)

    def write(self, out: ChunkOutput) -> None:
        """Save a finished chunk (atomically)."""
        name = f"chunk-{out.start:012d}-{out.stop:012d}.pkl"
        self._atomic_write(self.path / name, pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
