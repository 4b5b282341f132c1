"""``python -m benchmarks [--quick] [--only SECTION]``: blitzgame vs nashpy, pygambit, quantecon.

Every library solves the *same* seeded games in the same process. Calls
alternate between libraries round by round (the order rotates each round), so
load on a shared machine hits all of them alike; quantecon's numba functions
are compiled on a warm-up game first. Each row gives the median time per game,
the peer's median, and ``ratio = peer / blitzgame`` (above 1: blitzgame is
faster). Every answer is verified (regret <= 1e-6 on the blitzgame game object)
and compared with blitzgame's on these generic games; the ``check`` column
counts agreements and names any disagreement or unverified answer.
"""

from __future__ import annotations

import argparse
import os
import pickle
import select
import signal
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from fractions import Fraction
from typing import Any

import numpy as np

from . import SECTIONS
from ._peers import Solver, blitzgame_solver, gambit_solver, make, nashpy_solver, quantecon_solver

ROWS: list[tuple[str, ...]] = []
DEADLINE = [float("inf")]
CALL_LIMIT = [10.0]  # seconds one solver may spend on one game


def fmt(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale or unit == "µs":
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds:.3g} s"


def row(section: str, case: str, ours: str, t_ours: float, peer: str, t_peer: float,
        check: str) -> None:
    ratio = f"{t_peer / t_ours:.3g}x" if t_ours == t_ours and t_peer == t_peer else "-"
    r = (section, case, ours, fmt(t_ours), peer, fmt(t_peer), ratio, check)
    ROWS.append(r)
    print("  ".join(f"{c:<{w}}" for c, w in zip(r, (7, 9, 30, 10, 34, 10, 9, 0), strict=True)),
          flush=True)


def note(section: str, text: str) -> None:
    ROWS.append((section, text))
    print(f"{section:<7}  {text}", flush=True)


# ------------------------------------------------------------------------ verification
def game_of(u: np.ndarray, exact: bool = False) -> Any:
    import blitzgame as bg

    return bg.NormalFormGame(u.astype(np.int64) if exact else u)


def verified(game: Any, answer: list[tuple[np.ndarray, ...]], exact: bool = False) -> bool:
    for prof in answer:
        if exact:
            strategies = [np.asarray(s, dtype=object) for s in prof]
        else:  # peers may return round-off negatives such as -3e-17: clip them, if tiny
            raw = [np.asarray(s, dtype=float) for s in prof]
            if min(float(s.min()) for s in raw) < -1e-9:
                return False
            strategies = [np.maximum(s, 0) / np.maximum(s, 0).sum() for s in raw]
        r = game.max_regret(strategies)
        if (r != 0) if exact else not float(r) <= 1e-6:
            return False
    return True


def same_set(a: list[tuple[np.ndarray, ...]], b: list[tuple[np.ndarray, ...]],
             exact: bool = False) -> bool:
    def eq(p: tuple[np.ndarray, ...], q: tuple[np.ndarray, ...]) -> bool:
        if exact:
            return all(list(map(Fraction, x)) == list(map(Fraction, y))
                       for x, y in zip(p, q, strict=True))
        return all(np.allclose(np.asarray(x, float), np.asarray(y, float), atol=1e-6)
                   for x, y in zip(p, q, strict=True))
    return len(a) == len(b) and all(any(eq(p, q) for q in b) for p in a)


# ------------------------------------------------------------------------ timing
class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def timed_call(func: Any, arg: Any, limit: float) -> tuple[float, Any]:
    """(seconds, answer) of ``func(arg)``; (nan, None) if it runs past ``limit`` seconds.

    Uses SIGALRM, which interrupts Python code (e.g. a cycling pivot loop); a call
    stuck inside a C extension returns when it returns.
    """
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            ans = func(arg)
            return time.perf_counter() - t0, ans
    except _Timeout:
        return float("nan"), None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def isolated_call(func: Any, arg: Any, limit: float, warm: Any = None) -> tuple[float, Any]:
    """Like :func:`timed_call`, in a forked child that is killed after ``limit`` seconds.

    For C extensions that a signal cannot interrupt (pygambit's LCP can run for
    minutes on some 100x100 games). The child times the call itself, so the fork
    costs nothing in the result; with ``warm`` (a small game) the child solves
    that first, untimed, so the copy-on-write page faults of the fork fall there
    and not on the timed call.
    """
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:
            if warm is not None:
                timed_call(func, warm, limit)
            data = pickle.dumps(timed_call(func, arg, limit))
        except BaseException:
            data = pickle.dumps((float("nan"), None))
        with os.fdopen(w, "wb") as f:
            f.write(data)
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        if not select.select([f], [], [], limit + 1.0)[0]:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return float("nan"), None
        data = f.read()
    os.waitpid(pid, 0)
    return pickle.loads(data) if data else (float("nan"), None)


def alternate(solvers: list[Solver], games: list[np.ndarray], *, budget: float,
              max_rounds: int, isolate: bool = False) -> tuple[list[list[float]], list[list[Any]]]:
    """Per-solver lists of per-game times, and the first round's answers.

    Rounds go over every game with each solver in turn (the order rotating), until
    ``max_rounds``; a solver sits out the later rounds once it has spent ``budget``
    seconds, so a slow peer does not cut the samples of the fast ones. A solver
    that runs past ``CALL_LIMIT`` on a game gets time nan and answer None there
    and is not called again.
    """
    prepared = [[s.prepare(u) for u in games] for s in solvers]
    n = games[0].shape[-1]
    small = np.random.default_rng(0).normal(size=(2,) * n + (n,)) * 5
    warm = [s.prepare(small) for s in solvers]
    for s, pw in zip(solvers, warm, strict=True):  # lazy imports and first-call costs
        timed_call(s.solve, pw, CALL_LIMIT[0])      # happen here, in this process
    times: list[list[float]] = [[] for _ in solvers]
    answers: list[list[Any]] = [[] for _ in solvers]
    spent = [0.0] * len(solvers)
    dead = [False] * len(solvers)
    for rnd in range(max_rounds):
        order = list(range(len(solvers)))
        order = order[rnd % len(order):] + order[:rnd % len(order)]
        active = [i for i in order if not dead[i] and spent[i] <= budget]
        if not active or time.perf_counter() > DEADLINE[0]:
            break
        for i in active:
            for pg in prepared[i]:
                if dead[i]:
                    dt, ans = float("nan"), None
                elif isolate:
                    dt, ans = isolated_call(solvers[i].solve, pg, CALL_LIMIT[0], warm[i])
                else:
                    dt, ans = timed_call(solvers[i].solve, pg, CALL_LIMIT[0])
                dead[i] = dead[i] or dt != dt
                times[i].append(dt)
                spent[i] += dt if dt == dt else CALL_LIMIT[0]
                if rnd == 0:
                    answers[i].append(ans)
    return times, answers


def median(values: list[float]) -> float:
    finite = [v for v in values if v == v]
    return statistics.median(finite) if finite else float("nan")


def compare(section: str, case: str, ours: list[Solver], peers: list[Solver | str],
            games: list[np.ndarray], *, budget: float, max_rounds: int,
            agree: bool = True, exact: bool = False, isolate: bool = False) -> None:
    """Time ``ours`` (the fastest blitzgame method is the reference) against every peer."""
    avail = [s for s in ours if isinstance(s, Solver)]
    for s in ours:
        if isinstance(s, str):
            note(section, f"{case}: blitzgame {s}")
    if not avail:
        return
    peer_ok = [p for p in peers if isinstance(p, Solver)]
    for p in peers:
        if isinstance(p, str):
            note(section, f"{case}: {p}")
    try:
        times, answers = alternate(avail + peer_ok, games, budget=budget, max_rounds=max_rounds,
                                   isolate=isolate)
    except ImportError as err:
        note(section, f"{case}: not available ({err})")
        return
    med = [median(t) for t in times]
    best = min(range(len(avail)), key=lambda i: med[i] if med[i] == med[i] else float("inf"))
    gms = [game_of(u, exact) for u in games]
    ref = answers[len(avail) - 1]  # the last blitzgame method listed is the complete one
    bad = [f"{avail[i].method}" for i in range(len(avail))
           if not all(a is None or verified(g, a, exact)
                      for g, a in zip(gms, answers[i], strict=True))]
    slow = [f"{avail[i].method}" for i in range(len(avail)) if any(a is None for a in answers[i])]
    for j, p in enumerate(peer_ok, start=len(avail)):
        done = [(g, a, r) for g, a, r in zip(gms, answers[j], ref, strict=True) if a is not None]
        ok = [verified(g, a, exact) for g, a, _ in done]
        if agree:
            same = [r is not None and same_set(a, r, exact) for _, a, r in done]
            check = f"agree {sum(same)}/{len(same)}"
            fewer = sum(r is not None and len(a) < len(r) for _, a, r in done)
            if fewer:
                check += f" (peer found fewer equilibria on {fewer})"
        else:
            check = "verified" if ok and all(ok) else ("no answer" if not ok else "")
        if not all(ok):
            check += f"; peer wrong on {len(ok) - sum(ok)}"
        if len(done) < len(games):
            check += f"; peer timed out (> {CALL_LIMIT[0]:g} s) on a game"
        if bad:
            check += f"; OURS UNVERIFIED ({', '.join(bad)})"
        if slow:
            check += f"; OURS TIMED OUT (> {CALL_LIMIT[0]:g} s: {', '.join(slow)})"
        row(section, case, avail[best].method, med[best], f"{p.library} {p.method}", med[j],
            check)
    if not peer_ok:
        row(section, case, avail[best].method, med[best], "-", float("nan"),
            "OURS UNVERIFIED" if bad else "verified")


def games_for(shape: tuple[int, ...], count: int, seed: int, *, integer: bool = False
              ) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    n = len(shape)
    if integer:
        return [rng.integers(-9, 10, size=(*shape, n)).astype(float) for _ in range(count)]
    return [rng.normal(size=(*shape, n)) for _ in range(count)]


def warm_quantecon() -> None:
    try:
        import quantecon.game_theory as gt
    except ImportError:
        return
    from ._peers import _qe_game

    t0 = time.perf_counter()
    for u in games_for((3, 3), 1, 0) + games_for((2, 2, 2), 1, 0):
        g = _qe_game(u)
        if u.ndim == 3:
            gt.support_enumeration(g)
            gt.vertex_enumeration(g)
            gt.lemke_howson(g)
        gt.pure_nash_brute(g)
    note("setup", f"quantecon JIT warm-up took {time.perf_counter() - t0:.1f} s (not timed)")


# ------------------------------------------------------------------------ sections
def section_import(quick: bool) -> None:
    def median_import(module: str, reps: int) -> float:
        code = f"import time; t = time.perf_counter(); import {module}; " \
               "print(time.perf_counter() - t)"
        out = []
        for _ in range(reps):
            res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            if res.returncode != 0:
                return float("nan")
            out.append(float(res.stdout.strip().splitlines()[-1]))
        return statistics.median(out)

    reps = 3 if quick else 5
    ours = median_import("blitzgame", reps)
    for peer in ("nashpy", "pygambit", "quantecon"):
        row("import", "import", "import blitzgame", ours, f"import {peer}",
            median_import(peer, 1 if quick else 3), "target < 0.5 s" if ours < 0.5 else
            "OVER 0.5 s TARGET")


def section_all(quick: bool) -> None:
    for n in ((2, 4, 6) if quick else (2, 4, 6, 8, 10)):
        ours = [make(blitzgame_solver, "vertex_enumeration")]
        peers: list[Solver | str] = [make(quantecon_solver, "vertex_enumeration"),
                                     make(gambit_solver, "enummixed_solve")]
        if n <= 6:
            ours.insert(0, make(blitzgame_solver, "support_enumeration"))
            peers.insert(0, make(quantecon_solver, "support_enumeration"))
            peers.append(make(nashpy_solver, "support_enumeration"))
            peers.append(make(nashpy_solver, "vertex_enumeration"))
        compare("all", f"{n}x{n}", ours, peers, games_for((n, n), 3 if quick else 5, n),
                budget=0.2 if quick else 1.5, max_rounds=20 if quick else 200)


def section_lh(quick: bool) -> None:
    for n in ((10, 50) if quick else (10, 50, 100, 200)):
        peers: list[Solver | str] = [make(quantecon_solver, "lemke_howson"),
                                     make(gambit_solver, "lcp_solve")]
        if n <= 100:
            peers.append(make(nashpy_solver, "lemke_howson"))
        ours = [make(blitzgame_solver, "lemke_howson", initial_label=0)]
        compare("lh", f"{n}x{n}", ours, peers, games_for((n, n), 3, 100 + n),
                budget=0.3 if quick else 2.0, max_rounds=20 if quick else (100 if n < 100 else 10),
                agree=False, isolate=n >= 100)


def section_pure(quick: bool) -> None:
    for players, actions in (((3, 10),) if quick else ((3, 10), (4, 8), (5, 6))):
        peers = [make(gambit_solver, "enumpure_solve"), make(quantecon_solver, "pure_nash_brute")]
        compare("pure", f"{players}x{actions}", [make(blitzgame_solver, "pure_equilibria")],
                peers, games_for((actions,) * players, 3, players, integer=True),
                budget=0.3 if quick else 2.0, max_rounds=20 if quick else 100)


def _loop_rate(solver: Solver, u: np.ndarray, count: int) -> tuple[float, float, list[Any]]:
    """Games/s of a Python loop over the first ``count`` games: solving prebuilt game
    objects, and building each game from its payoff slice then solving it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        prepared = [solver.prepare(u[b]) for b in range(count)]
        t1 = time.perf_counter()
        answers = [solver.solve(p) for p in prepared]
        t2 = time.perf_counter()
    return count / (t2 - t1), count / (t2 - t0), answers


def section_batch(quick: bool) -> None:
    import blitzgame as bg

    cases = (((2, 10**5), (3, 10**3), (6, 10**2)) if quick
             else ((2, 10**6), (3, 10**4), (6, 10**3)))
    for n, B in cases:
        u = np.random.default_rng(n).normal(size=(B, n, n, 2))
        bg.solve_batch(u[:100], question="all")
        runs = []
        for _ in range(2 if quick else 6):
            t0 = time.perf_counter()
            res = bg.solve_batch(u, question="all")
            runs.append(time.perf_counter() - t0)
        # the first full-size call also pays the OS for fresh result memory (page
        # faults); the row is the median of the calls after it, the first is noted
        rate = B / statistics.median(runs[1:])
        note("batch", f"{n}x{n}: first call {B / runs[0]:.3g} games/s (fresh memory), then "
             f"median {rate:.3g} games/s over {len(runs) - 1} calls")
        ok = bool((res.max_regret <= res.tol).all())
        subset = {2: 4000, 3: 2000, 6: 300}[n] // (10 if quick else 1)
        peers = [make(quantecon_solver, "support_enumeration"),
                 make(gambit_solver, "enummixed_solve"),
                 make(nashpy_solver, "support_enumeration"),
                 make(blitzgame_solver, "support_enumeration")]
        for p in peers:
            if isinstance(p, str):
                note("batch", f"{n}x{n}: {p}")
                continue
            count = subset if p.library in ("quantecon",) else max(10, subset // 20)
            prate, brate, answers = _loop_rate(p, u, count)
            same = [same_set([(res.strategies[0][b, k], res.strategies[1][b, k])
                              for k in range(int(res.count[b]))], answers[b])
                    for b in range(count) if not res.degenerate[b]]
            check = f"agree {sum(same)}/{len(same)}" + ("" if ok else "; OURS UNVERIFIED")
            fewer = sum(len(answers[b]) < int(res.count[b]) for b in range(count)
                        if not res.degenerate[b])
            if fewer:
                check += f" (peer found fewer equilibria on {fewer})"
            label = f"{p.library} {p.method} loop"
            row("batch", f"{B:.0e} {n}x{n}", f"solve_batch ({rate:.3g} games/s)", 1 / rate,
                f"{label} ({prate:.3g}/s)", 1 / prate, check)
            if p.library == "quantecon":  # what a user with a payoff array runs
                row("batch", f"{B:.0e} {n}x{n}", f"solve_batch ({rate:.3g} games/s)",
                    1 / rate, f"{label}, building each game ({brate:.3g}/s)", 1 / brate,
                    check)


def section_exact(quick: bool) -> None:
    for n in ((2, 4) if quick else (2, 4, 6)):
        games = games_for((n, n), 3 if quick else 5, 200 + n, integer=True)
        ours = [make(blitzgame_solver, m, exact=True) for m in
                ("support_enumeration", "vertex_enumeration")]
        compare("exact", f"{n}x{n}", ours, [make(gambit_solver, "enummixed_solve", exact=True)],
                games, budget=0.3 if quick else 2.0, max_rounds=20 if quick else 100,
                exact=True)
        floats = [make(blitzgame_solver, m) for m in ("support_enumeration",
                                                     "vertex_enumeration")]
        ours_ok = [s for s in ours + floats if isinstance(s, Solver)]
        if len(ours_ok) < 4:
            continue
        times, _ = alternate(ours_ok, games, budget=0.3 if quick else 1.0, max_rounds=50)
        med = [median(t) for t in times]
        for i, m in enumerate(("support_enumeration", "vertex_enumeration")):
            row("exact", f"{n}x{n}", f"{m} (exact)", med[i], f"blitzgame {m} (float)",
                med[i + 2], "target: exact within 2x of float (ratio >= 0.5)")


def section_memory(quick: bool) -> None:
    import blitzgame as bg

    B = 10**5 if quick else 10**6
    u = np.random.default_rng(0).normal(size=(B, 2, 2, 2))
    bg.solve_batch(u[:10], question="all")
    tracemalloc.start()
    res = bg.solve_batch(u, question="all")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out = sum(a.nbytes for a in (res.count, res.valid, res.degenerate, res.max_regret,
                                 res.payoffs, *res.strategies))
    note("memory", f"solve_batch(question='all') on {B:.0e} 2x2 games: peak {peak / 2**20:.0f} MiB "
                   f"traced (input {u.nbytes / 2**20:.0f} MiB not counted, result "
                   f"{out / 2**20:.0f} MiB, chunk_size={res.chunk_size})")


def section_sweep_memory(quick: bool) -> None:
    """Peak memory of a 10^6-point sweep of a 2-firm, 4-posture race (issue 5)."""
    import blitzgame as bg
    from blitzgame.model import Blitz, Firm, Moat, Niche, RaceModel, Steady
    from blitzgame.model.presets import GPU_UNIT_COST, seed_market

    postures = (Blitz(), Steady(), Niche(), Moat())
    model = RaceModel([Firm("Blitzer", 50_000, 5.0, GPU_UNIT_COST, postures=postures),
                       Firm("Defender", 5_000, 2.0, GPU_UNIT_COST, postures=postures)],
                      seed_market(prize=20.0))
    side = 100 if quick else 1000          # side**2 points: 10^4 quick, 10^6 full
    grid = {"market.sharpness": np.linspace(0.25, 8.0, side),
            "market.prize": np.linspace(5.0, 200.0, side)}
    tracemalloc.start()
    t0 = time.perf_counter()
    res = bg.sweep(model, grid, "blitz_dominant", progress=False)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    final = sum(np.asarray(v).nbytes for v in res.values.values())
    note("memory", f"sweep of {side * side:.0e} points (2 firms x 4 postures, measure "
                   f"'blitz_dominant'): {seconds:.1f} s, peak {peak / 2**20:.0f} MiB traced, "
                   f"final arrays {final / 2**20:.1f} MiB")


def section_gpu(quick: bool) -> None:
    try:
        import torch
    except ImportError:
        note("gpu", "not measured: torch is not installed here (no GPU machine in this run)")
        return
    if not torch.cuda.is_available():
        note("gpu", "not measured: torch has no CUDA device here")
        return
    import blitzgame as bg

    for n, B, q in ((2, 10**7, "all"), (8, 10**5, "pure")):
        u = torch.randn((B, n, n, 2), device="cuda", dtype=torch.float64)
        bg.solve_batch(u[:1000], question=q)
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        bg.solve_batch(u, question=q)
        torch.cuda.synchronize()
        note("gpu", f"torch {torch.cuda.get_device_name()} question={q!r} {n}x{n}: "
                    f"{B / (time.perf_counter() - t0):.3g} games/s")


def print_markdown() -> None:
    print("\n| section | case | blitzgame | median | peer | median | ratio | check |")
    print("|---|---|---|---|---|---|---|---|")
    for r in ROWS:
        if len(r) == 8:
            print("| " + " | ".join(r) + " |")
    for r in ROWS:
        if len(r) == 2:
            print(f"\n- {r[0]}: {r[1]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument("--only", choices=SECTIONS, action="append",
                        help="run only this section (repeatable)")
    parser.add_argument("--time-limit", type=float, default=540.0,
                        help="skip remaining sections after this many seconds (default 540)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    DEADLINE[0] = start + args.time_limit
    CALL_LIMIT[0] = 2.0 if args.quick else 10.0
    chosen = args.only or list(SECTIONS)
    print(f"blitzgame benchmarks ({'quick' if args.quick else 'full'}); ratio = peer / "
          "blitzgame median time (> 1: blitzgame faster)\n", flush=True)
    if any(s in chosen for s in ("all", "lh", "pure", "batch")):
        warm_quantecon()
    for name in chosen:
        if time.perf_counter() > DEADLINE[0]:
            note(name, "skipped: time limit reached")
            continue
        globals()[f"section_{name}"](args.quick)
        if name == "memory" and time.perf_counter() <= DEADLINE[0]:
            section_sweep_memory(args.quick)
    print_markdown()
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
