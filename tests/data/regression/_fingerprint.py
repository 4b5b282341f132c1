"""Regression fingerprints of blitzgame's solvers on a fixed set of random small games.

Shared by ``make_fingerprints.py`` (which writes ``fingerprints.json`` from a
reference checkout) and ``tests/integration/test_regression_fingerprints.py``
(which recomputes every digest with the installed code and compares).

Only the public API (``import blitzgame as bg``) is used, so the fingerprints
survive moves of blitzgame's internal modules; exceptions and warnings are
recorded by class name only, never by module path.

What is fingerprinted
---------------------
Games come in *batches* (``BATCHES``): one shape, one integer payoff range and
one seed each. Every game exists in two *modes*: ``exact`` (the integer payoffs,
so blitzgame computes with Fractions) and ``float`` (the same payoffs as float64,
with a small normal noise added to about half of the entries, so some ties and
degeneracies survive in float mode too).

For every (task, mode, batch) one canonical JSON line per game (``records``,
``canonical``) is fed, in order, into one SHA-256 digest. A *task* is
``solve:<method>`` for the methods of ``bg.available_methods()`` (two-player
methods on two-player batches only; ``logit_qre`` with a fixed ``rng``, since it
perturbs degenerate games randomly), ``is_dominant``,
``iterated_elimination:pure`` / ``:mixed`` (pure or mixed dominators) or
``solve_batch:<question>``. The slow tasks run on the first games of each batch
only (``LIMITS``).

Canonical numbers: Fractions as ``"p/q"``; Python/numpy ints as ``"int:k"``;
floats rounded to 9 significant digits (``"0"`` below 1e-10 in absolute value),
so BLAS rounding noise does not change a digest; bools as JSON bools. Timings,
messages, parameters and ``version`` are not fingerprinted.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np

import blitzgame as bg

#: Bump when the record layout below changes (the data must then be regenerated).
FORMAT = 1
MODES = ("exact", "float")
#: Tasks run on the first games of each batch only, since they are slow (~50-250 ms a game
#: for ``logit_qre``, ~20 ms to 2 s for elimination with mixed dominators, exact LPs being
#: the slow ones); ``zero_sum`` runs on every game of the zero-sum batches but only on the
#: first ones of the others (where it raises UnsupportedGameError).
LIMITS = {"solve:logit_qre": 1, "iterated_elimination:mixed": 2, "solve:zero_sum": 10}
#: ... except on three-player batches, where ``logit_qre`` is the only mixed method.
LIMITS_3P = {"solve:logit_qre": 3}
#: The fixed ``rng`` passed to ``logit_qre`` (it perturbs degenerate games randomly).
LOGIT_RNG = 12345
#: Standard deviation of the noise added to about half of the payoffs in float mode.
FLOAT_NOISE = 1e-3

# name, shape (actions per player), number of games, payoffs drawn from [low, high], zero-sum,
# seed. Small integer ranges make ties (degenerate games) common; "binary" ones very common.
BATCHES: tuple[dict[str, Any], ...] = tuple(
    {"name": name, "shape": list(shape), "games": games, "low": low, "high": high,
     "zero_sum": zero_sum, "seed": seed}
    for name, shape, games, low, high, zero_sum, seed in (
        ("2x2", (2, 2), 400, -3, 3, False, 1001),
        ("2x2-binary", (2, 2), 120, 0, 1, False, 1002),
        ("2x3", (2, 3), 160, -3, 3, False, 1003),
        ("3x2", (3, 2), 80, -3, 3, False, 1004),
        ("3x3", (3, 3), 250, -3, 3, False, 1005),
        ("3x3-binary", (3, 3), 80, 0, 1, False, 1006),
        ("2x4", (2, 4), 80, -3, 3, False, 1007),
        ("4x3", (4, 3), 80, -3, 3, False, 1008),
        ("4x4", (4, 4), 160, -3, 3, False, 1009),
        ("2x5", (2, 5), 60, -3, 3, False, 1010),
        ("5x3", (5, 3), 60, -3, 3, False, 1011),
        ("4x5", (4, 5), 80, -3, 3, False, 1012),
        ("5x5", (5, 5), 120, -3, 3, False, 1013),
        ("zs-2x2", (2, 2), 80, -3, 3, True, 1014),
        ("zs-3x3", (3, 3), 80, -3, 3, True, 1015),
        ("zs-4x5", (4, 5), 40, -3, 3, True, 1016),
        ("2x2x2", (2, 2, 2), 120, -3, 3, False, 1017),
    )
)
BATCH_BY_NAME = {b["name"]: b for b in BATCHES}

TWO_PLAYER_METHODS = ("support_enumeration", "vertex_enumeration", "lemke_howson", "zero_sum")


# ---------------------------------------------------------------------------------- games
def _one_game(spec: dict[str, Any], index: int) -> tuple[np.ndarray, np.ndarray]:
    """Game ``index`` of a batch, (int64, float64) payoffs, from its own random stream."""
    shape = (*spec["shape"], len(spec["shape"]))
    rng = np.random.default_rng([spec["seed"], index])
    u = rng.integers(spec["low"], spec["high"], size=shape, endpoint=True, dtype=np.int64)
    noise = rng.normal(0.0, FLOAT_NOISE, size=shape) * (rng.random(size=shape) < 0.5)
    uf = u.astype(np.float64) + noise
    if spec["zero_sum"]:
        u[..., 1] = -u[..., 0]
        uf[..., 1] = -uf[..., 0]
    return u, uf


@cache
def payoff_arrays(batch: str) -> tuple[np.ndarray, np.ndarray]:
    """The batch's payoffs, shape ``(games, n_0, ..., n_{N-1}, N)``: (int64, float64).

    Each game has its own random stream (seeded by the batch's seed and its index),
    so changing a batch's size keeps its first games.
    """
    spec = BATCH_BY_NAME[batch]
    pairs = [_one_game(spec, i) for i in range(spec["games"])]
    u = np.stack([p[0] for p in pairs])
    uf = np.stack([p[1] for p in pairs])
    u.setflags(write=False)
    uf.setflags(write=False)
    return u, uf


@cache
def games(batch: str, mode: str) -> tuple[Any, ...]:
    """The batch's games as ``bg.NormalFormGame`` objects in the given mode."""
    u = payoff_arrays(batch)[MODES.index(mode)]
    if u.shape[-1] == 2:  # two players: the bimatrix constructor
        return tuple(bg.NormalFormGame.from_bimatrix(g[..., 0], g[..., 1]) for g in u)
    return tuple(bg.NormalFormGame(g) for g in u)


def input_digest(batch: str) -> str:
    """SHA-256 of the batch's payoffs (both modes): detects a changed random generator."""
    h = hashlib.sha256()
    for arr in payoff_arrays(batch):
        h.update(str(arr.dtype).encode() + str(arr.shape).encode())
        h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()


# ------------------------------------------------------------------------- serialisation
def num(x: Any) -> Any:
    """A canonical JSON value for one number (see the module docstring)."""
    if isinstance(x, (float, np.floating)):
        return _float(float(x))
    if isinstance(x, Fraction):
        return f"{x.numerator}/{x.denominator}"
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return f"int:{int(x)}"
    if x is None:
        return None
    raise TypeError(f"cannot fingerprint a {type(x).__name__}: {x!r}")


def _float(x: float) -> str:
    if not math.isfinite(x):
        return repr(x)
    return "0" if abs(x) < 1e-10 else format(x, ".9g")


def nums(values: Any) -> list[Any]:
    """Canonical values of a vector (array or sequence)."""
    if isinstance(values, np.ndarray):
        if values.dtype == np.float64:  # the common case, without num's type tests
            return [_float(x) for x in values.tolist()]
        values = values.tolist() if values.dtype != object else list(values)
    return [num(v) for v in values]


#: Human-readable counts of the (task, mode, batch) being fingerprinted, updated while its
#: records are made (errors, warnings, statuses, equilibria, ...); reset by ``fingerprint``.
_counts: Counter[str] = Counter()


def _call(func: Callable[[], Any], describe: Callable[[Any], Any]) -> dict[str, Any]:
    """Run one call, recording its description or its exception, and its warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = {"ok": describe(func())}
        except Exception as err:  # errors are behaviour too (recorded by class name)
            out = {"error": type(err).__name__}
            _counts[f"error:{out['error']}"] += 1
    if caught:
        out["warnings"] = [w.category.__name__ for w in caught]
        _counts.update(f"warning:{w}" for w in out["warnings"])
    return out


def _equilibrium_result(res: Any) -> dict[str, Any]:
    _counts["equilibria"] += len(res)
    _counts[f"status:{res.status.value}"] += 1
    return {
        "method": res.method, "exact": bool(res.exact), "complete": bool(res.complete),
        "success": bool(res.success), "status": str(res.status.value), "n": len(res),
        "eq": [{"s": [nums(s) for s in e.strategies], "p": nums(e.payoffs)}
               for e in res.equilibria],
    }


def _dominance(res: Any) -> dict[str, Any]:
    _counts[f"kind:{res.kind}"] += 1
    return {"kind": res.kind, "witness": None if res.witness is None else nums(res.witness),
            "better": num(res.better_action), "answer": bool(res)}


def _elimination_result(res: Any) -> dict[str, Any]:
    _counts["solved"] += bool(res.solved)
    _counts["eliminated"] += len(res.eliminated)
    return {
        "remaining": [list(map(int, r)) for r in res.remaining],
        "eliminated": [[int(rnd), int(p), str(label), nums(by)]
                       for rnd, p, label, by in res.eliminated],
        "rounds": int(res.rounds), "solved": bool(res.solved),
        "shape": list(res.game.shape),
    }


# ------------------------------------------------------------------------------ tasks
def tasks_for(batch: str) -> tuple[str, ...]:
    """The tasks fingerprinted on a batch."""
    n_players = len(BATCH_BY_NAME[batch]["shape"])
    methods = [m for m in bg.available_methods()
               if n_players == 2 or m not in TWO_PLAYER_METHODS]
    out = [f"solve:{m}" for m in methods]
    out += ["is_dominant", "iterated_elimination:pure", "iterated_elimination:mixed",
            "solve_batch:pure", "solve_batch:dominant"]
    if n_players == 2:
        out += ["solve_batch:all", "solve_batch:lemke_howson"]
    return tuple(out)


def keys() -> list[str]:
    """Every ``task|mode|batch`` key, in a fixed order."""
    return [f"{t}|{m}|{b['name']}" for b in BATCHES for t in tasks_for(b["name"]) for m in MODES]


def key_parts(key: str) -> tuple[str, str, str]:
    """``(task, mode, batch)`` of a key."""
    task, mode, batch = key.split("|")
    return task, mode, batch


def selected(task: str, batch: str) -> list[int]:
    """Indices of the games a task runs on."""
    spec = BATCH_BY_NAME[batch]
    n = spec["games"]
    limits = LIMITS_3P if len(spec["shape"]) == 3 and task in LIMITS_3P else LIMITS
    if task in limits and not (task == "solve:zero_sum" and spec["zero_sum"]):
        n = min(n, limits[task])
    return list(range(n))


def _solve(g: Any, method: str) -> dict[str, Any]:
    options = {"rng": LOGIT_RNG} if method == "logit_qre" else {}
    return _call(lambda: bg.solve(g, method=method, **options), _equilibrium_result)


def _dominant(g: Any) -> dict[str, Any]:
    # strict=True only: ``kind``, ``witness`` and ``better_action`` do not depend on the
    # question asked, and solve_batch's "dominant" asks both
    return {f"{p}/{a}": _call(lambda p=p, a=a: bg.is_dominant(g, p, a), _dominance)
            for p, n in enumerate(g.shape) for a in range(n)}


def _elimination(g: Any, mixed: bool) -> dict[str, Any]:
    return {str(int(strict)): _call(
                lambda s=strict: bg.iterated_elimination(g, strict=s, mixed=mixed),
                _elimination_result)
            for strict in (True, False)}


def _batch_records(u: np.ndarray, question: str) -> Iterator[dict[str, Any]]:
    """One record per game of ``bg.solve_batch(u, question=...)`` (a few calls for "dominant")."""
    shape = u.shape[1:-1]
    if question == "dominant":
        calls = {f"{p}/{a}/{int(s)}": {"player": p, "action": a, "strict": s}
                 for p, n in enumerate(shape) for a in range(n) for s in (True, False)}
    else:
        calls = {"": {}}
    per_call = {}
    for name, kw in calls.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = bg.solve_batch(u, question=question, **kw)
        warned = [w.category.__name__ for w in caught]
        _counts.update(f"warning:{w}" for w in warned)
        per_call[name] = (res, warned, res.dominant if question == "dominant" else None)
    for b in range(u.shape[0]):
        rec: dict[str, Any] = {}
        for name, (r, _, dominant) in per_call.items():
            if question == "pure":
                one = {"count": int(r.count[b]),
                       "profiles": np.argwhere(np.asarray(r.mask[b])).tolist()}
            elif question == "dominant":
                one = {"kind": int(r.kind[b]), "dominant": bool(dominant[b]),
                       "margin": num(r.margin[b])}
                _counts[f"kind_code:{one['kind']}"] += 1
            elif question == "all":
                k = int(r.count[b])
                one = {"count": k, "degenerate": bool(r.degenerate[b]),
                       "valid": np.asarray(r.valid[b]).tolist(),
                       "s": [[nums(s[b, j]) for s in r.strategies] for j in range(k)],
                       "p": [nums(r.payoffs[b, j]) for j in range(k)]}
            else:  # lemke_howson
                one = {"count": int(r.count[b]), "converged": bool(r.converged[b]),
                       "s": [nums(s[b]) for s in r.strategies], "p": nums(r.payoffs[b])}
            one["tol"] = num(r.tol[b])
            for flag in ("degenerate", "converged"):
                _counts[flag] += one.get(flag, False)
            _counts["count"] += one.get("count", 0)
            rec[name] = one
        if b == 0:  # warnings belong to a whole call: recorded once, with the first game
            rec["warnings"] = {name: w for name, (_, w, _) in per_call.items() if w}
        yield rec


def records(task: str, mode: str, batch: str) -> Iterator[dict[str, Any]]:
    """The canonical records, one per selected game, of one (task, mode, batch)."""
    if task.startswith("solve_batch:"):
        yield from _batch_records(payoff_arrays(batch)[MODES.index(mode)],
                                  task.split(":", 1)[1])
        return
    gs = games(batch, mode)
    for i in selected(task, batch):
        if task.startswith("solve:"):
            yield _solve(gs[i], task.split(":", 1)[1])
        elif task == "is_dominant":
            yield _dominant(gs[i])
        elif task.startswith("iterated_elimination:"):
            yield _elimination(gs[i], mixed=task.endswith(":mixed"))
        else:
            raise ValueError(f"unknown task {task!r}")


def canonical(record: dict[str, Any]) -> str:
    """One record as one canonical JSON line."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def fingerprint(task: str, mode: str, batch: str) -> dict[str, Any]:
    """Digest and summary counts of one (task, mode, batch)."""
    h = hashlib.sha256()
    _counts.clear()
    for rec in records(task, mode, batch):
        h.update(canonical(rec).encode() + b"\n")
        _counts["records"] += 1
    counts = {k: v for k, v in sorted(_counts.items()) if v}
    _counts.clear()
    return {"sha256": h.hexdigest(), "counts": counts}
