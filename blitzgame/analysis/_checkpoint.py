"""Checkpoints of a sweep: finished chunks on disk, so an interrupted sweep resumes.

A checkpoint is a directory holding

* ``chunk-<start>-<stop>.npz``: one file per finished chunk of grid points
  ``[start, stop)``, in the format of :mod:`blitzgame.analysis._chunk_file`:
  the chunk's values, failures and warnings, the sweep's *fingerprint* and
  seed entropy, and a SHA-256 checksum. Nothing in it is pickled. Each file is
  written to a temporary name and renamed into place (``os.replace`` is
  atomic), so a sweep killed at any instant leaves only whole chunks behind;
* ``manifest.json``: the fingerprint and seed entropy again, for people and
  for the refusal described below;
* ``rejected/``: chunk files that were not used, moved aside for inspection.

What is trusted
---------------
Every chunk file is checked on its own, so chunks validate themselves even
when the manifest is gone. A chunk is used only if

1. it is an ``.npz`` of the format above, read with ``allow_pickle=False``
   (a ``chunk-*.pkl`` -- from an older blitzgame, or planted -- is never
   opened);
2. its SHA-256 checksum matches (bit flips, truncation);
3. its fingerprint equals the sweep's: digests of the model (its parameters
   and, for a model class defined outside blitzgame, the code of its
   methods), of the grid, of the measure with its options (and the code of a
   measure function defined outside blitzgame), ``on_error``, the ``rng``
   argument, whether the sweep is vectorized, the blitzgame version -- and
   the seed entropy;
4. its points lie in the grid, match its file name, and overlap no chunk
   already loaded.

A chunk that fails a check is *rejected*: a
:class:`~blitzgame.exceptions.SweepWarning` names the file and the reason,
``SweepResult.stats["checkpoint_rejected"]`` maps its name to the reason, the
file moves to ``rejected/``, and its points are computed again. A chunk that
passes is used as it is and never recomputed. The checksum detects damage,
not forgery: whoever can write to the directory can plant well-formed wrong
values (but cannot run code through them), so keep checkpoints where only
you write.

The manifest
------------
A manifest whose fingerprint differs from the sweep's in model, grid,
measure, ``on_error``, ``rng`` or vectorization means the directory belongs to
another sweep: :class:`~blitzgame.exceptions.InvalidParameterError`, naming
what differs. A manifest from another blitzgame version or file format gives
a warning (its chunks are then rejected by rule 3) and is rewritten, as is a
missing or unreadable one. With ``rng=None`` the seed entropy, drawn fresh on
the first run, is kept in the manifest and in every chunk; if the manifest is
lost it is recovered from the valid chunks that match the sweep in everything
else (the entropy covering most points wins; chunks with another are
rejected).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
import types
from collections.abc import Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import numpy as np

from ..exceptions import InvalidParameterError
from ._chunk_file import FORMAT, Rejected, Unstorable, encode, read, to_output
from ._sweep_run import ChunkOutput, warn_user

__all__ = ["Checkpoint", "canonical", "digest", "fingerprint", "chunk_name"]

#: Fingerprint entries that name the sweep's arguments: a manifest differing in one is refused.
_ARGUMENTS = ("model", "grid", "measure", "on_error", "rng", "vectorized")
_MAX_WARNINGS = 10


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


def _code(code: types.CodeType, depth: int = 0) -> list[Any]:
    """A description of compiled code that ignores file names and line numbers."""
    consts = [_code(c, depth + 1) if isinstance(c, types.CodeType) and depth < 20 else canonical(c)
              for c in code.co_consts]
    return [code.co_name, code.co_code.hex(), list(code.co_names), list(code.co_varnames), consts]


def _user_code(obj: Any, depth: int = 0) -> list[Any]:
    """The code of a function or class defined outside blitzgame (its version covers its own).

    A function is described by its code, its defaults and the values it closes
    over; a ``functools.partial`` by its function and arguments; a class (or an
    instance's class) by the code of its methods.
    """
    if obj is None or depth > 10:
        return []
    if isinstance(obj, functools.partial):
        return [_user_code(obj.func, depth + 1), _value(obj.args, depth),
                _value(obj.keywords, depth)]
    if not isinstance(obj, (type, types.FunctionType)):
        obj = type(obj)
    if isinstance(obj, types.FunctionType):
        if _ours(obj):
            return []
        cells = []
        for cell in obj.__closure__ or ():
            try:
                cells.append(_value(cell.cell_contents, depth))
            except ValueError:  # an empty cell
                cells.append(None)
        return [_code(obj.__code__), _value(obj.__defaults__, depth),
                _value(obj.__kwdefaults__, depth), cells]
    out = []
    for cls in obj.__mro__:
        if cls is object or _ours(cls):
            continue
        for name, attr in sorted(vars(cls).items()):
            fn = getattr(attr, "__func__", attr)  # staticmethod / classmethod
            if isinstance(fn, types.FunctionType):
                out.append([cls.__qualname__, name, _code(fn.__code__)])
    return out


def _value(v: Any, depth: int) -> Any:
    if isinstance(v, (types.FunctionType, functools.partial)):
        return _user_code(v, depth + 1)
    return canonical(v)


def _ours(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module == "blitzgame" or module.startswith("blitzgame.")


def fingerprint(model: Any, grid_canonical: Any, measure: Any, *, on_error: str,
                rng: str, vectorized: bool, version: str) -> dict[str, str]:
    """The sweep's identity, as stored in every chunk (see the module docstring)."""
    func = getattr(measure, "func", None)  # a measure given as a function
    ident = ([measure.canonical(), _user_code(measure)] if func is None else
             [getattr(func, "__module__", None), getattr(func, "__qualname__", None),
              type(func).__qualname__, _user_code(func)])
    return {"model": digest([canonical(model), _user_code(model)]),
            "grid": digest(grid_canonical),
            "measure": digest(ident),
            "on_error": on_error, "rng": rng, "vectorized": str(vectorized),
            "blitzgame": version}


def chunk_name(start: int, stop: int) -> str:
    """The file name of the chunk of points ``[start, stop)``."""
    return f"chunk-{start:012d}-{stop:012d}.npz"


class Checkpoint:
    """A sweep's checkpoint directory (see the module docstring).

    Parameters
    ----------
    path : path
        The directory (created if missing).
    fingerprint : dict
        The sweep's :func:`fingerprint`.
    entropy : int or None
        The seed entropy, or None for a fresh one (kept by the checkpoint).
    n : int
        Number of grid points.
    """

    def __init__(self, path: str | os.PathLike[str], fingerprint: dict[str, str],
                 entropy: int | None, n: int) -> None:
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise InvalidParameterError(
                f"checkpoint must be a directory path; {str(self.path)!r} is a file")
        self.path.mkdir(parents=True, exist_ok=True)
        self.fingerprint = dict(fingerprint)
        self.n = n
        self.rejected: dict[str, str] = {}
        self._unstorable = False
        self._manifest_ok = False
        saved = self._read_manifest()
        if saved is not None:
            old = saved.get("fingerprint")
            old = old if isinstance(old, dict) else {}
            same_format = (saved.get("format") == FORMAT
                           and old.get("blitzgame") == fingerprint["blitzgame"])
            diff = [k for k in _ARGUMENTS if old.get(k) != fingerprint.get(k)]
            if same_format and diff:
                raise InvalidParameterError(
                    f"checkpoint {str(self.path)!r} was written by a different sweep "
                    f"(differs in: {', '.join(diff)}); resume only with the same model, grid, "
                    f"measure, on_error and rng, or use a new checkpoint path")
            if not same_format:
                warn_user(f"checkpoint {str(self.path)!r} was written by blitzgame "
                          f"{old.get('blitzgame', '(an older version)')} (checkpoint format "
                          f"{saved.get('format')!r}); it is rewritten, and chunks written by "
                          f"another version are not used")
            self._manifest_ok = same_format
            if entropy is None and same_format:
                try:
                    entropy = int(saved["entropy"])
                except (KeyError, TypeError, ValueError):
                    self._manifest_ok = False
        self.entropy = entropy

    # ------------------------------------------------------------------ manifest
    def _read_manifest(self) -> dict[str, Any] | None:
        manifest = self.path / "manifest.json"
        if not manifest.exists():
            return None
        try:
            saved = json.loads(manifest.read_text())
        except (OSError, ValueError) as err:
            warn_user(f"checkpoint manifest {str(manifest)!r} is unreadable ({err}); it is "
                      f"rewritten and every chunk is checked on its own")
            return None
        if not isinstance(saved, dict):
            warn_user(f"checkpoint manifest {str(manifest)!r} is malformed; it is rewritten")
            return None
        return saved

    def _write_manifest(self) -> None:
        self._atomic_write(self.path / "manifest.json", json.dumps(
            {"format": FORMAT, "fingerprint": self.fingerprint, "entropy": str(self.entropy)},
            indent=1).encode())
        self._manifest_ok = True

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

    # ------------------------------------------------------------------ chunks
    def _files(self) -> list[Path]:
        return sorted(p for p in self.path.glob("chunk-*") if p.is_file())

    def _matches(self, meta: dict[str, Any]) -> bool:
        return meta.get("format") == FORMAT and meta.get("fingerprint") == self.fingerprint

    def _recover_entropy(self, files: list[Path]) -> int | None:
        """The entropy of the valid, otherwise matching chunks that cover most points."""
        cover: dict[str, int] = {}
        for f in files:
            try:
                meta, arrays = read(f)
                out = to_output(meta, arrays, self.n)
            except Rejected:
                continue
            if self._matches(meta) and isinstance(meta.get("entropy"), str):
                cover[meta["entropy"]] = cover.get(meta["entropy"], 0) + out.stop - out.start
        for text in sorted(cover, key=lambda e: (-cover[e], e)):
            try:
                return int(text)
            except ValueError:
                continue
        return None

    def _load_one(self, f: Path) -> ChunkOutput:
        meta, arrays = read(f)
        if meta.get("format") != FORMAT:
            raise Rejected(f"chunk format {meta.get('format')!r}; expected {FORMAT}")
        fp = meta.get("fingerprint")
        if not isinstance(fp, dict):
            raise Rejected("malformed metadata (no fingerprint)")
        diff = sorted(k for k in set(fp) | set(self.fingerprint)
                      if fp.get(k) != self.fingerprint.get(k))
        if diff:
            raise Rejected(f"from a different sweep (differs in: {', '.join(diff)})")
        if meta.get("entropy") != str(self.entropy):
            raise Rejected("from a different sweep (differs in: seed entropy)")
        out = to_output(meta, arrays, self.n)
        if f.name != chunk_name(out.start, out.stop):
            raise Rejected(f"its name does not match its points [{out.start}, {out.stop})")
        return out

    def _reject(self, f: Path, reason: str) -> None:
        self.rejected[f.name] = reason
        if len(self.rejected) <= _MAX_WARNINGS:
            warn_user(f"checkpoint chunk {f.name!r} in {str(self.path)!r} is not used: {reason}; "
                      f"its points are computed again")
        try:
            aside = self.path / "rejected"
            aside.mkdir(exist_ok=True)
            os.replace(f, aside / f.name)
        except OSError:  # pragma: no cover - read-only checkpoint: leave it, it stays unused
            pass

    def load(self) -> Iterator[ChunkOutput]:
        """The valid finished chunks; rejects (and reports) every other chunk file."""
        files = self._files()
        if self.entropy is None:
            self.entropy = self._recover_entropy(files)
        if self.entropy is None:  # a fresh sweep: fresh entropy, then remembered
            self.entropy = int(cast(int, np.random.SeedSequence().entropy))
        reach = 0
        for f in files:
            try:
                out = self._load_one(f)
            except Rejected as err:
                self._reject(f, str(err))
                continue
            if out.start < reach:
                self._reject(f, f"overlaps points already loaded (up to {reach})")
                continue
            reach = out.stop
            yield out
        if len(self.rejected) > _MAX_WARNINGS:
            warn_user(f"{len(self.rejected) - _MAX_WARNINGS} more checkpoint chunks in "
                      f"{str(self.path)!r} are not used (see SweepResult.stats"
                      f"['checkpoint_rejected'])")
        if not self._manifest_ok:
            self._write_manifest()

    def write(self, out: ChunkOutput) -> None:
        """Save a finished chunk (atomically); one that cannot be stored without pickle is not."""
        try:
            data = encode(out, {"fingerprint": self.fingerprint, "entropy": str(self.entropy)})
        except Unstorable as err:
            if not self._unstorable:
                self._unstorable = True
                warn_user(f"a chunk is not checkpointed: {err}, which cannot be stored without "
                          f"pickle; such chunks are computed again on resume")
            return
        self._atomic_write(self.path / chunk_name(out.start, out.stop), data)
