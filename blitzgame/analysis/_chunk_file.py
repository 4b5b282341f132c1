"""Checkpoint chunk files: one finished chunk as a checksummed ``.npz`` that holds no pickle.

A chunk file is an uncompressed NumPy ``.npz`` archive (a zip of ``.npy``
arrays) with these members and no others:

``meta``
    uint8 array: the UTF-8 text of a JSON object with the file format, the
    sweep's fingerprint and seed entropy, the chunk's point range ``[start,
    stop)``, its columns, its errors and warnings (flat point index -> text).
``ok``
    bool array of length ``stop - start``: False where the point failed.
``c0``, ``c1``, ... (and ``m0``, ``m1``, ...)
    quantity ``j`` of the chunk, listed in ``meta["columns"]`` as
    ``[quantity, "c<j>", encoding, codes]``, in one of three encodings:

    * ``"raw"``: the column itself (bool, int, float, complex, fixed-width
      str/bytes or datetime dtype); ``codes`` is ``""``;
    * ``"str"``: an ``object`` column of Python strings and ``None``, as its
      distinct strings (a fixed-width unicode array) plus ``codes = "m<j>"``,
      an int64 array giving each point's string by position (-1: ``None``);
    * ``"json"``: any other ``object`` column, as uint8 UTF-8 JSON with one
      tagged value per point (below); ``codes`` is ``""``.
``sha256``
    uint8 array of 32 bytes: SHA-256 over every other member, in name order,
    of its name, dtype, shape and bytes.

Tagged JSON values: ``null``, ``true``/``false`` and strings stand for
themselves; everything else is a list whose first item names the type:
``["i", "12"]`` int, ``["f", "0.1"]`` float (by ``repr``, so NaN, infinities
and -0.0 survive), ``["c", re, im]`` complex, ``["F", "1/3"]`` Fraction,
``["g", dtype, value]`` a NumPy scalar, ``["t", [...]]`` tuple, ``["l",
[...]]`` list, ``["d", [[key, value], ...]]`` dict and ``["y", hex]`` bytes.
Values of any other type cannot be stored without pickle: :func:`encode`
raises :class:`Unstorable` and that chunk is not checkpointed.

Reading (:func:`read`) never unpickles: members must be stored uncompressed
under the names above, arrays are read with ``allow_pickle=False`` and a
bounded header, and the checksum is checked before anything is decoded.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._sweep_run import ChunkOutput

__all__ = ["FORMAT", "Rejected", "Unstorable", "encode", "read", "to_output"]

FORMAT = 2
_RAW_KINDS = "biufcUSMm"
_MEMBER = re.compile(r"(meta|ok|sha256|[cm][0-9]{1,6})\.npy")
_MAX_DEPTH = 64


class Rejected(Exception):
    """A chunk file must not be used: unreadable, truncated, altered, foreign; says why."""


class Unstorable(Exception):
    """A chunk holds a value that cannot be stored without pickle."""


# ---------------------------------------------------------------------- tagged JSON values
def _enc(v: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        raise Unstorable("values nested too deeply")
    if v is None or type(v) in (bool, str):
        return v
    if isinstance(v, np.generic):
        if v.dtype.kind not in "biufcUS":
            raise Unstorable(f"values of type {type(v).__name__}")
        return ["g", v.dtype.str, _enc(v.item(), depth + 1)]
    if type(v) is int:
        return ["i", str(v)]
    if type(v) is float:
        return ["f", repr(v)]
    if type(v) is complex:
        return ["c", repr(v.real), repr(v.imag)]
    if type(v) is Fraction:
        return ["F", f"{v.numerator}/{v.denominator}"]
    if type(v) is bytes:
        return ["y", v.hex()]
    if type(v) in (tuple, list):
        return ["t" if type(v) is tuple else "l", [_enc(x, depth + 1) for x in v]]
    if type(v) is dict:
        return ["d", [[_enc(k, depth + 1), _enc(x, depth + 1)] for k, x in v.items()]]
    raise Unstorable(f"values of type {type(v).__name__}")


def _dec(x: Any, depth: int = 0) -> Any:
    if x is None or isinstance(x, (bool, str)):
        return x
    if depth > _MAX_DEPTH or not isinstance(x, list) or not x or not isinstance(x[0], str):
        raise Rejected("malformed value")
    tag, rest = x[0], x[1:]
    if tag == "i" and len(rest) == 1:
        return int(rest[0])
    if tag == "f" and len(rest) == 1:
        return float(rest[0])
    if tag == "c" and len(rest) == 2:
        return complex(float(rest[0]), float(rest[1]))
    if tag == "F" and len(rest) == 1:
        return Fraction(rest[0])
    if tag == "y" and len(rest) == 1:
        return bytes.fromhex(rest[0])
    if tag == "g" and len(rest) == 2:
        dtype = np.dtype(rest[0])
        if dtype.kind not in "biufcUS":
            raise Rejected(f"unexpected scalar dtype {rest[0]!r}")
        return dtype.type(_dec(rest[1], depth + 1))
    if tag in ("t", "l") and len(rest) == 1 and isinstance(rest[0], list):
        items = [_dec(v, depth + 1) for v in rest[0]]
        return tuple(items) if tag == "t" else items
    if tag == "d" and len(rest) == 1 and isinstance(rest[0], list):
        return {_dec(k, depth + 1): _dec(v, depth + 1) for k, v in rest[0]}
    raise Rejected(f"unknown value tag {tag!r}")


def _json_bytes(obj: Any) -> NDArray[np.uint8]:
    return np.frombuffer(json.dumps(obj, separators=(",", ":")).encode(), dtype=np.uint8)


def _json_load(arr: NDArray[Any]) -> Any:
    if arr.dtype != np.uint8 or arr.ndim != 1:
        raise Rejected("malformed JSON member")
    return json.loads(arr.tobytes().decode())


def _checksum(arrays: dict[str, NDArray[Any]]) -> bytes:
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}\0{a.dtype.str}\0{a.shape}\0".encode())
        h.update(a.tobytes())
    return h.digest()


# ---------------------------------------------------------------------- writing
def encode(out: ChunkOutput, header: dict[str, Any]) -> bytes:
    """A chunk as the bytes of a chunk file; ``header`` holds the fingerprint and entropy.

    Raises :class:`Unstorable` when a value cannot be stored without pickle.
    """
    arrays: dict[str, NDArray[Any]] = {"ok": np.asarray(out.ok, dtype=bool)}
    columns = []
    for j, (key, col) in enumerate(out.values.items()):
        member = f"c{j}"
        col = np.asarray(col)
        if col.dtype.kind in _RAW_KINDS:
            arrays[member] = col
            columns.append([key, member, "raw", ""])
        elif col.dtype.kind == "O":
            items = col.tolist()
            if set(map(type, items)) <= {str, type(None)}:
                strings = [v for v in dict.fromkeys(items) if v is not None]
                text = np.array(strings, dtype=str)
                if text.tolist() == strings:  # (numpy drops trailing NULs: then use JSON)
                    index: dict[str | None, int] = {v: i for i, v in enumerate(strings)}
                    index[None] = -1
                    arrays[member] = text
                    arrays[f"m{j}"] = np.fromiter(map(index.__getitem__, items),
                                                  dtype=np.int64, count=len(items))
                    columns.append([key, member, "str", f"m{j}"])
                    continue
            try:
                arrays[member] = _json_bytes([_enc(v) for v in items])
            except Unstorable as err:
                raise Unstorable(f"quantity {key!r} holds {err}") from None
            columns.append([key, member, "json", ""])
        else:
            raise Unstorable(f"quantity {key!r} has dtype {col.dtype}")
    meta = {**header, "format": FORMAT, "start": out.start, "stop": out.stop,
            "columns": columns, "errors": {str(k): v for k, v in out.errors.items()},
            "warnings": {str(k): list(v) for k, v in out.warnings.items()},
            "seconds": float(out.seconds)}
    arrays["meta"] = _json_bytes(meta)
    arrays["sha256"] = np.frombuffer(_checksum(arrays), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez(buf, allow_pickle=False, **arrays)
    return buf.getvalue()


# ---------------------------------------------------------------------- reading
def read(path: Path) -> tuple[dict[str, Any], dict[str, NDArray[Any]]]:
    """The metadata and arrays of a chunk file whose structure and checksum are intact.

    Raises :class:`Rejected` (with the reason) for anything else; never unpickles.
    """
    if path.suffix != ".npz":
        raise Rejected(f"not a chunk file of this blitzgame (suffix {path.suffix or 'none'!r}; "
                      f"pickled chunks are never loaded)")
    arrays: dict[str, NDArray[Any]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = [i.filename for i in infos]
            if (len(names) != len(set(names)) or len(names) > 10_000
                    or not {"meta.npy", "ok.npy", "sha256.npy"} <= set(names)
                    or not all(_MEMBER.fullmatch(n) for n in names)):
                raise Rejected("not a blitzgame chunk (unexpected archive members)")
            if any(i.compress_type != zipfile.ZIP_STORED for i in infos):
                raise Rejected("not a blitzgame chunk (compressed members)")
            for info in infos:
                with zf.open(info) as fh:
                    arrays[info.filename[:-4]] = np.lib.format.read_array(fh, allow_pickle=False)
    except Rejected:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError, RuntimeError) as err:
        raise Rejected(f"damaged or truncated ({type(err).__name__}: {err})") from None
    digest = arrays.pop("sha256")
    if digest.dtype != np.uint8 or digest.shape != (32,) or digest.tobytes() != _checksum(arrays):
        raise Rejected("damaged (SHA-256 checksum mismatch)")
    try:
        meta = _json_load(arrays["meta"])
    except (ValueError, RecursionError) as err:
        raise Rejected(f"malformed metadata ({err})") from None
    if not isinstance(meta, dict):
        raise Rejected("malformed metadata")
    return meta, arrays


def to_output(meta: dict[str, Any], arrays: dict[str, NDArray[Any]], n: int) -> ChunkOutput:
    """Decode an intact chunk of a grid of ``n`` points; :class:`Rejected` if inconsistent."""
    try:
        start, stop = meta["start"], meta["stop"]
        if not (type(start) is int and type(stop) is int and 0 <= start < stop <= n):
            raise Rejected(f"point range [{start}, {stop}) outside the grid of {n} points")
        m = stop - start
        ok = arrays["ok"]
        if ok.dtype != bool or ok.shape != (m,):
            raise Rejected("malformed ok array")
        values: dict[str, NDArray[Any]] = {}
        members = {"ok", "meta"}
        for key, member, encoding, mask in meta["columns"]:
            arr = arrays[member]
            members.add(member)
            if encoding == "raw" and arr.dtype.kind in _RAW_KINDS and not mask:
                col = arr
            elif encoding == "str" and arr.dtype.kind == "U" and arr.ndim == 1:
                codes = arrays[mask]
                members.add(mask)
                if (codes.dtype != np.int64 or codes.shape != (m,)
                        or (m and not -1 <= codes.min() <= codes.max() < len(arr))):
                    raise Rejected(f"malformed column {key!r}")
                lookup = np.empty(len(arr) + 1, dtype=object)  # the last one: None
                lookup[:-1] = arr.tolist()
                col = lookup[codes]
            elif encoding == "json" and not mask:
                items = _json_load(arr)
                if not isinstance(items, list):
                    raise Rejected(f"malformed column {key!r}")
                col = np.empty(len(items), dtype=object)
                col[:] = [_dec(v) for v in items]
            else:
                raise Rejected(f"column {key!r} has encoding {encoding!r} and dtype {arr.dtype}")
            if col.shape != (m,) or not isinstance(key, str) or key in values:
                raise Rejected(f"malformed column {key!r}")
            values[key] = col
        if members != set(arrays):
            raise Rejected("members not listed in the metadata")
        errors = {int(k): v for k, v in meta["errors"].items()}
        warns = {int(k): tuple(v) for k, v in meta["warnings"].items()}
        if not all(start <= k < stop and isinstance(v, str) for k, v in errors.items()):
            raise Rejected("malformed errors")
        if not all(start <= k < stop and all(isinstance(w, str) for w in v)
                   for k, v in warns.items()):
            raise Rejected("malformed warnings")
        seconds = float(meta["seconds"])
    except Rejected:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as err:
        raise Rejected(f"malformed metadata ({type(err).__name__}: {err})") from None
    return ChunkOutput(start, stop, values, ok.copy(), errors, warns, seconds)
