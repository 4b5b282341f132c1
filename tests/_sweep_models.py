"""Small test-only models for the sweep tests (importable by worker processes).

``ToyRace``: two firms ("a", "b") choose Steady, Blitz or Niche. Steady and
Blitz compete for the prize V with strengths 1 and 3 (Niche 0.2; Tullock shares); Blitz
costs C, Steady C/4; Niche is free and also earns w. Firm a gets ``edge`` extra
when it blitzes. Invalid parameters (C <= 0, V < 0) raise InvalidParameterError
in ``with_params`` and in ``batch_payoff_tensor``.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

import blitzgame as bg
from blitzgame.exceptions import InvalidParameterError

STRENGTH = np.array([1.0, 3.0, 0.2])
COST = np.array([0.25, 1.0, 0.0])


class ToyRace:
    NAMES = ("market.prize", "market.cost", "firms.a.edge", "market.niche")

    def __init__(self, prize=4.0, cost=3.0, edge=0.0, niche=0.5):
        self.params = {"market.prize": prize, "market.cost": cost, "firms.a.edge": edge,
                       "market.niche": niche}

    def __repr__(self):
        return f"ToyRace({self.params})"

    def parameter_names(self):
        return self.NAMES

    def with_params(self, changes):
        p = dict(self.params)
        for k, v in changes.items():
            if k not in self.NAMES:
                raise InvalidParameterError(f"unknown parameter {k!r}; expected {self.NAMES}")
            p[k] = v
        if p["market.cost"] <= 0 or p["market.prize"] < 0:
            raise InvalidParameterError(f"cost must be > 0 and prize >= 0; got {p}")
        return ToyRace(*(p[k] for k in self.NAMES))

    @staticmethod
    def tensor(V, C, e, w):
        V, C, e, w = (np.asarray(x, dtype=float)[:, None, None] for x in (V, C, e, w))
        sa, sb = STRENGTH[:, None], STRENGTH[None, :]
        tot = sa + sb
        share_a = np.divide(sa, tot, out=np.zeros((3, 3)), where=tot > 0)
        share_b = np.divide(sb, tot, out=np.zeros((3, 3)), where=tot > 0)
        niche_a = (np.arange(3) == 2)[:, None] * np.ones((1, 3))
        blitz_a = (np.arange(3) == 1)[:, None] * np.ones((1, 3))
        ua = V * share_a - C * COST[:, None] + w * niche_a + e * blitz_a
        ub = V * share_b - C * COST[None, :] + w * niche_a.T
        return np.stack([ua, ub], axis=-1)

    def batch_payoff_tensor(self, overrides):
        n = len(next(iter(overrides.values()))) if overrides else 1
        vals = [np.broadcast_to(np.asarray(overrides.get(k, self.params[k]), dtype=float), (n,))
                for k in self.NAMES]
        if np.any(vals[1] <= 0) or np.any(vals[0] < 0):
            raise InvalidParameterError("cost must be > 0 and prize >= 0")
        return self.tensor(*vals)

    def to_game(self):
        u = self.tensor(*([self.params[k]] for k in self.NAMES))[0]
        return bg.NormalFormGame(u, players=("a", "b"), actions=(("Steady", "Blitz", "Niche"),) * 2)


def noisy_measure(model, game, rng):
    """A measure that uses the point's generator."""
    return {"draw": float(rng.random()), "prize": float(model.params["market.prize"])}


def slow_logged_measure(model, game):
    """Sleeps a little and appends the point to the file named by $SWEEP_LOG."""
    time.sleep(float(os.environ.get("SWEEP_SLEEP", "0.02")))
    log = os.environ.get("SWEEP_LOG")
    if log:
        with open(log, "a") as fh:
            fh.write(f"{model.params['market.prize']!r} {model.params['market.cost']!r}\n")
    return {"total": float(game.float_payoffs.sum()), "prize": model.params["market.prize"]}


class Chicken:
    """Hawk-dove as Steady/Blitz: prize V, fight cost C (3 equilibria when C > V; ties at C = V)."""

    def __init__(self, V=2.0, C=6.0):
        self.V, self.C = V, C

    def parameter_names(self):
        return ("V", "C")

    def with_params(self, p):
        return Chicken(p.get("V", self.V), p.get("C", self.C))

    @staticmethod
    def tensor(V, C):
        V, C = (np.asarray(x, dtype=float) for x in np.broadcast_arrays(V, C))
        A = np.stack([np.stack([V / 2, 0 * V], -1), np.stack([V, (V - C) / 2], -1)], -2)
        return np.stack([A, np.swapaxes(A, -1, -2)], -1)

    def batch_payoff_tensor(self, overrides):
        n = len(next(iter(overrides.values())))
        return self.tensor(overrides.get("V", np.full(n, self.V)),
                           overrides.get("C", np.full(n, self.C)))

    def to_game(self):
        return bg.NormalFormGame(self.tensor([self.V], [self.C])[0],
                                 actions=(("Steady", "Blitz"),) * 2)


def point_key(params):
    """How :func:`logged_measure` writes a point in its log."""
    return f"{params['market.prize']!r} {params['market.cost']!r}"


def logged_measure(model, game, rng):
    """Appends the point to $SWEEP_LOG (if set); KeyboardInterrupt at the point $SWEEP_STOP.

    Returns a float, an int, a bool, a str and an object column (str or None)
    and a draw from the point's generator, to exercise every column encoding.
    """
    key = point_key(model.params)
    if os.environ.get("SWEEP_STOP") == key:
        raise KeyboardInterrupt(f"interrupted at {key}")
    log = os.environ.get("SWEEP_LOG")
    if log:
        with open(log, "a") as fh:
            fh.write(key + "\n")
    cost = model.params["market.cost"]
    return {"total": float(game.float_payoffs.sum()), "rank": int(10 * cost),
            "cheap": bool(cost < 3), "label": f"cost={cost}",
            "note": "cheap" if cost < 3 else None, "draw": float(rng.random())}


#: The point (market.prize, market.cost) at which the crashing measures below crash.
CRASH_POINT = (3.0, 2.0)


def _crash_values(model, game):
    if (model.params["market.prize"], model.params["market.cost"]) == CRASH_POINT:
        return None
    return {"total": float(game.float_payoffs.sum()), "label": f"p={model.params['market.prize']}"}


def exiting_measure(model, game):
    """Kills its process with ``os._exit(1)`` at CRASH_POINT (never call it in-process)."""
    out = _crash_values(model, game)
    if out is None:
        os._exit(1)
    return out


def sys_exit_measure(model, game):
    """Calls ``sys.exit(3)`` at CRASH_POINT."""
    out = _crash_values(model, game)
    if out is None:
        sys.exit(3)
    return out


def raising_measure(model, game):
    """Raises RuntimeError at CRASH_POINT (the serial twin of the crashing measures)."""
    out = _crash_values(model, game)
    if out is None:
        raise RuntimeError("crash point")
    return out
