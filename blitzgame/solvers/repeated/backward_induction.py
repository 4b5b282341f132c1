r"""Finitely repeated games: subgame-perfect equilibria by backward induction.

With a unique stage equilibrium, the unique SPE plays it in every period
(unraveling); with several, later-period equilibria can reward or punish
earlier play (Benoit and Krishna 1985), and the pure SPE paths of short
horizons are enumerated.

**Horizon rule.** The unique-equilibrium case is stationary and costs nothing
in the horizon: the SPE payoff is the stage payoff :math:`v` times
:math:`T` (:math:`\delta = 1`) or times :math:`(1 - \delta^T)/(1 - \delta)`,
in closed form, and the path is a :class:`StationaryPath` (the profile
repeated, not stored) once :math:`T` exceeds :data:`MAX_STORED_HORIZON`. For
exact games :math:`\delta^T` is computed exactly, which is refused when it
would take more than :data:`MAX_EXACT_POWER_BITS` bits (use a float stage
game). Several stage equilibria have no such structure; their enumeration
checks up to ``horizon * max_paths * (number of pure profiles)`` continuations
and is refused above :data:`MAX_ENUMERATION` (shorten the horizon or lower
``max_paths``).

References
----------
1. Benoit, J.-P. and Krishna, V. (1985). Finitely repeated games.
   *Econometrica* 53(4), 905-922.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, overload

from ...exceptions import InvalidParameterError
from ...games.repeated import RepeatedGame
from ...results import compact_repr
from .._checks import check_positive_int
from .._stage import stage_equilibria
from .payoff_sets import deviation_payoffs

__all__ = ["BackwardInductionResult", "StationaryPath", "backward_induction",
           "MAX_STORED_HORIZON", "MAX_EXACT_POWER_BITS", "MAX_ENUMERATION"]

#: Longest unique-equilibrium path stored as a tuple; longer ones are :class:`StationaryPath`.
MAX_STORED_HORIZON = 100_000
#: Largest exact ``discount ** horizon`` (numerator or denominator, in bits) computed.
MAX_EXACT_POWER_BITS = 2**20
#: Most continuation checks (``horizon * max_paths * pure profiles``) of the path enumeration.
MAX_ENUMERATION = 10**6
#: A path under construction: ``(profile of this period, rest of the path)``, ``None`` when empty.
_Node = tuple[tuple[int, ...], Any] | None


class StationaryPath(Sequence[tuple[int, ...]]):
    """A path playing one pure profile in each of ``horizon`` periods, without storing it.

    A read-only sequence of length ``horizon`` whose every item is ``profile``;
    it equals any sequence with the same items.

    Examples
    --------
    >>> p = StationaryPath((1, 1), 10**9)
    >>> len(p), p[-1], (1, 1) in p, p[:2] == ((1, 1), (1, 1))
    (1000000000, (1, 1), True, True)
    """

    __slots__ = ("profile", "horizon")

    def __init__(self, profile: tuple[int, ...], horizon: int) -> None:
        self.profile = tuple(profile)
        self.horizon = int(horizon)

    def __len__(self) -> int:
        return self.horizon

    @overload
    def __getitem__(self, k: int) -> tuple[int, ...]: ...
    @overload
    def __getitem__(self, k: slice) -> StationaryPath: ...

    def __getitem__(self, k: int | slice) -> tuple[int, ...] | StationaryPath:
        if isinstance(k, slice):
            return StationaryPath(self.profile, len(range(*k.indices(self.horizon))))
        j = k + self.horizon if k < 0 else k
        if not 0 <= j < self.horizon:
            raise IndexError(f"period {k} out of range for a horizon of {self.horizon}")
        return self.profile

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        return itertools.repeat(self.profile, self.horizon)

    def __contains__(self, item: object) -> bool:
        return self.horizon > 0 and item == self.profile

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StationaryPath):
            return self.horizon == other.horizon and (
                self.horizon == 0 or self.profile == other.profile)
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == self.horizon and all(a == self.profile for a in other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((StationaryPath, self.profile, self.horizon))

    def __repr__(self) -> str:
        return f"StationaryPath({self.profile}, horizon={self.horizon})"


def _geometric(delta: Any, T: int, exact: bool) -> Any:
    """:math:`\\sum_{t<T} \\delta^t` in closed form (``T`` for ``delta == 1``)."""
    if delta == 1:
        return Fraction(T) if exact else float(T)
    if exact and delta != 0:
        bits = T * max(delta.numerator.bit_length(), delta.denominator.bit_length())
        if bits > MAX_EXACT_POWER_BITS:
            raise InvalidParameterError(
                f"horizon={T} with the exact discount {delta} needs discount**horizon exactly, "
                f"a fraction of about {bits:.3g} bits; the limit is {MAX_EXACT_POWER_BITS} bits "
                "(MAX_EXACT_POWER_BITS). Use a float stage game (game.stage.to_float()) or a "
                "shorter horizon")
    return (1 - delta ** T) / (1 - delta)


@dataclass(frozen=True, slots=True, kw_only=True)
class BackwardInductionResult:
    """Subgame-perfect equilibria of a finitely repeated game.

    Attributes
    ----------
    paths : tuple of sequences of tuple of int
        Pure SPE outcome paths (one pure profile per period), at most ``max_paths``;
        tuples, except a unique-equilibrium path longer than
        :data:`MAX_STORED_HORIZON`, a :class:`StationaryPath`.
    payoffs : tuple of tuple
        Total discounted payoff of each path, per player.
    unique : bool
        True if the stage game has a unique equilibrium, so the SPE is unique.
    stage_equilibria : tuple of Equilibrium
    complete : bool
        False if the enumeration was truncated at ``max_paths``.
    message : str
    """

    __repr__ = compact_repr

    paths: tuple[Sequence[tuple[int, ...]], ...]
    payoffs: tuple[tuple[Any, ...], ...]
    unique: bool
    stage_equilibria: tuple[Any, ...]
    complete: bool = True
    message: str = ""

    @property
    def unravels(self) -> bool:
        """True if every SPE plays a stage equilibrium in every period."""
        eq = {e.pure_profile for e in self.stage_equilibria if e.is_pure}
        return self.unique or all(all(a in eq for a in p) for p in self.paths)


def backward_induction(game: RepeatedGame, *, max_paths: int = 10_000) -> BackwardInductionResult:
    """Subgame-perfect equilibria of a finitely repeated game by backward induction.

    Parameters
    ----------
    game : RepeatedGame
        With a finite ``horizon``.
    max_paths : int
        Stop enumerating pure SPE paths beyond this many.

    Returns
    -------
    BackwardInductionResult

    Raises
    ------
    InvalidParameterError
        Not a finite repeated game; a bad ``max_paths``; a horizon beyond the
        limits of the module docstring's horizon rule (exact
        ``discount ** horizon`` over :data:`MAX_EXACT_POWER_BITS` bits, or an
        enumeration over :data:`MAX_ENUMERATION` checks).

    Notes
    -----
    With :math:`k` periods left, a pure profile :math:`a` followed by an SPE
    continuation :math:`c` is an SPE outcome iff for every player
    :math:`u_i(a) + \\delta c_i \\ge d_i(a) + \\delta p_i`, where :math:`p_i` is
    the worst SPE continuation for :math:`i` (stage equilibria, pure or mixed,
    repeated, are among them). With a unique stage equilibrium :math:`e` the
    recursion is stationary: the SPE plays :math:`e` in every period and pays
    :math:`v_i(e) \\sum_{t<T} \\delta^t`, computed in closed form, so any
    horizon costs the same.

    Examples
    --------
    >>> import blitzgame as bg
    >>> from blitzgame.games.repeated import RepeatedGame
    >>> pd = bg.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> res = backward_induction(RepeatedGame(pd, horizon=3))
    >>> res.paths, res.unravels
    ((((1, 1), (1, 1), (1, 1)),), True)
    >>> long = backward_induction(RepeatedGame(pd, horizon=10**9))   # closed form
    >>> long.payoffs
    ((Fraction(1000000000, 1), Fraction(1000000000, 1)),)
    >>> long.paths
    (StationaryPath((1, 1), horizon=1000000000),)
    """
    if not isinstance(game, RepeatedGame) or not game.is_finite:
        raise InvalidParameterError(
            f"game must be a RepeatedGame with a finite horizon; got {game!r}")
    max_paths = check_positive_int("max_paths", max_paths)
    stage = game.stage
    delta = game.discount
    eqs, notes = stage_equilibria(stage)
    exact = stage.exact and all(e.exact for e in eqs)
    u = stage.payoff_array if exact else stage.float_payoffs
    dev = deviation_payoffs(stage) if exact else deviation_payoffs(stage).astype(float)
    if not exact:
        delta = float(delta)
    zero = Fraction(0) if exact else 0.0
    eq_pay = [tuple(e.payoffs) if exact else tuple(float(x) for x in e.payoffs) for e in eqs]
    T = game.horizon
    assert T is not None
    N = stage.num_players
    if len(eqs) == 1:  # stationary: closed form, whatever the horizon
        e = eqs[0]
        factor = _geometric(delta, T, exact)
        tot = tuple(factor * eq_pay[0][i] for i in range(N))
        pure = e.pure_profile  # None unless e.is_pure
        path: Sequence[tuple[int, ...]] = ()
        if pure is not None:
            path = (pure,) * T if T <= MAX_STORED_HORIZON else StationaryPath(pure, T)
        msg = "unique stage equilibrium: it is played in every period (unraveling)"
        return BackwardInductionResult(paths=(path,) if pure is not None else (),
                                       payoffs=(tot,), unique=True,
                                       stage_equilibria=eqs, message=msg)
    n_profiles = math.prod(stage.shape)
    if T * max_paths * n_profiles > MAX_ENUMERATION:
        raise InvalidParameterError(
            f"horizon={T} is too long to enumerate SPE paths: the stage game has {len(eqs)} "
            f"equilibria, so there is no stationary closed form, and the enumeration would check "
            f"up to horizon * max_paths * {n_profiles} profiles = {T * max_paths * n_profiles:.3g} "
            f"continuations; the limit is {MAX_ENUMERATION:.3g} (MAX_ENUMERATION). Use a horizon "
            f"of at most {MAX_ENUMERATION // (max_paths * n_profiles)} or a smaller max_paths")
    # continuation sets: (payoff vector, path) with k periods left; a path is a linked
    # list (profile, rest), so extending one costs O(1) whatever its length
    conts: list[tuple[tuple[Any, ...], _Node]] = [(tuple(zero for _ in range(N)), None)]
    complete = True
    profiles = list(stage.pure_profiles())
    stay = zero  # sum_{t < k-1} delta^t: repeating a stage equilibrium for k - 1 periods
    for _k in range(1, T + 1):
        rep = [tuple(stay * p[i] for i in range(N)) for p in eq_pay]
        worst = tuple(min([c[0][i] for c in conts] + [r[i] for r in rep]) for i in range(N))
        new: list[tuple[tuple[Any, ...], _Node]] = []
        full = False
        later = [(tuple(delta * x for x in pay), node) for pay, node in conts]
        for a in profiles:
            ua, da = u[a], dev[a]
            floor = tuple(da[i] + delta * worst[i] for i in range(N))  # deviate, be punished
            for dpay, node in later:
                v = tuple(ua[i] + dpay[i] for i in range(N))
                if all(v[i] >= floor[i] for i in range(N)):
                    new.append((v, (a, node)))
                    if len(new) >= max_paths:
                        full = True
                        break
            if full:
                complete = False
                break
        conts = new
        stay = 1 + delta * stay

    def unroll(node: _Node) -> tuple[tuple[int, ...], ...]:
        out = []
        while node is not None:
            out.append(node[0])
            node = node[1]
        return tuple(out)

    return BackwardInductionResult(
        paths=tuple(unroll(p) for _, p in conts), payoffs=tuple(v for v, _ in conts),
        unique=False,
        stage_equilibria=eqs, complete=complete,
        message="; ".join([f"{len(eqs)} stage equilibria: pure SPE paths enumerated", *notes]))
