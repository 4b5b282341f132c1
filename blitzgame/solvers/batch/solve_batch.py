r"""Equilibrium questions answered for many games at once, on any array library.

``solve_batch(payoffs, question=...)`` takes a stack of games, the games on the
*leading* axes of one payoff array of shape ``(B..., n_0, ..., n_{N-1}, N)``
(entry ``[b..., a_0, ..., a_{N-1}, i]`` is player ``i``'s payoff at profile
``a`` in game ``b``), and answers one question for every game with array
operations only -- there is no Python loop over games. Games are processed in
chunks of ``chunk_size`` along the flattened batch axis, which bounds memory.

**Layout.** The player axis comes last by default; a stack of games whose
players come first (``(B..., N, n_0, ..., n_{N-1})``, the layout of
:attr:`NormalFormGame.payoffs`) is passed with ``players_axis=-(N + 1)``. The
shape is checked against the declared player axis -- its length N must be the
number of action axes, with at least one batch axis left -- and refused
otherwise, so that a stack is never misread as one big game.

**Exactness.** Integer payoffs (any width, signed or unsigned) are compared
exactly by ``"pure"`` and ``"dominant"``: in ``int64`` when every difference of
two entries fits, else in Python ints (numpy; other array libraries are
refused), so no difference wraps around and every answer equals the one of
:func:`blitzgame.pure_equilibria` / :func:`blitzgame.is_dominant` on the same
game. ``"all"`` and ``"lemke_howson"`` compute in float64 and refuse integer
payoffs that float64 cannot represent exactly.

Questions
---------
``"pure"``
    Every pure Nash equilibrium of N-player games: profile :math:`a` is one when
    :math:`\max_{b_i} u_i(b_i, a_{-i}) - u_i(a) \le \mathrm{tol}` for every
    player (one max-reduction per player over the whole stack).
``"dominant"``
    Whether ``action`` is strictly / weakly dominant for ``player``: the
    differences :math:`u_p(a, a_{-p}) - u_p(b, a_{-p})` over every other action
    :math:`b` and opponents' profile are all :math:`> \mathrm{tol}` (strict),
    or all :math:`\ge -\mathrm{tol}` with none identical to ``action`` (weak),
    exactly as :func:`blitzgame.is_dominant` decides for one game.
``"all"``
    Every equilibrium of small non-degenerate two-player games. 2×2 games use
    the closed form (pure equilibria from the four best-response comparisons;
    the completely mixed equilibrium from the indifference conditions when both
    players' payoff differences change sign); larger games use batched support
    enumeration (:mod:`blitzgame.solvers.batch._support`; for numpy float64
    games with four or more actions each, the pruned enumeration of
    :mod:`blitzgame.solvers.batch._pruned`, which is
    :func:`blitzgame.support_enumeration` run on all the games of a chunk at
    once, degeneracy flags included). Each equilibrium is listed once (a tied
    game can reach one from several support pairs). Games where a degeneracy is
    detected are flagged in ``degenerate``; for those the list may be incomplete
    (fall back to ``bg.solve(game, method="vertex_enumeration")``).
``"lemke_howson"``
    One equilibrium of each two-player game by vectorised complementary pivoting
    (:mod:`blitzgame.solvers.batch._lemke_howson`). Ties in the ratio test can make a
    degenerate game cycle there; numpy batches re-solve those few games with
    :func:`blitzgame.lemke_howson` (from the same label, ties broken
    lexicographically); other array libraries report them as ``converged=False``.

Every answer is verified in-batch: :attr:`BatchResult.max_regret` is the
largest gain any player could get by deviating from any reported equilibrium.

Any array library that implements the Python array API standard works through
``array_api_compat`` (numpy on the CPU; torch or CuPy on a GPU; array-api-strict
in the tests): the kernels call only standard functions of the array's own
namespace, and results come back as arrays of the same library and device.

References
----------
1. Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286-295.
2. von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook
   of Game Theory* 3, ch. 45.
3. Consortium for Python Data API Standards (2023). *Python array API standard*.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
from array_api_compat import array_namespace, is_numpy_namespace
from array_api_compat import device as _device

from ...exceptions import InvalidParameterError, UnsupportedGameError
from .._checks import (
    check_bool,
    check_index,
    check_nonnegative,
    check_positive_int,
)
from .kernels import (
    DOMINANCE_KINDS,
    INT64_MAX,
    batch_tolerance,
    dominant_kernel,
    exact_integers,
    float_rtol,
    pure_kernel,
)

__all__ = ["solve_batch", "BatchResult", "QUESTIONS", "DOMINANCE_KINDS"]

#: The questions :func:`solve_batch` answers.
QUESTIONS = ("pure", "dominant", "all", "lemke_howson")
#: ``BatchResult.kind`` codes for ``question="dominant"``: index -> name.
#: Number of array elements one chunk may use (about 8 bytes each), for the default chunk size.
_CHUNK_BUDGET = 2**22
#: Games per chunk of the numpy 2×2 fast path (its temporaries then stay in cache).
_FAST_CHUNK_2X2 = 2**14
#: Games per chunk of the numpy support-enumeration fast path (supports of size <= 3):
#: large, since its cost is many small numpy calls per chunk (measured best at 2**14-2**15).
_FAST_CHUNK_SMALL = 2**15
#: Games times support pairs per chunk of the pruned numpy path (four or more actions).
_PRUNED_BUDGET = 2**20


def _workers(n_games: int, chunk: int) -> int:
    """Threads for the numpy fast paths: one per core once there are several chunks."""
    return min(os.cpu_count() or 1, max(1, n_games // chunk))


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchResult:
    """Answers for a stack of games; every array has the leading batch shape.

    Attributes
    ----------
    question : str
        One of :data:`QUESTIONS`.
    batch_shape : tuple of int
        The leading (batch) shape of the payoffs.
    count : array or None
        ``(B...,)`` int: pure equilibria (``"pure"``), equilibria found
        (``"all"``), 1 if converged else 0 (``"lemke_howson"``).
    mask : array or None
        ``"pure"``: ``(B..., n_0, ..., n_{N-1})`` bool, true at pure equilibria.
    strategies : tuple of arrays or None
        One array per player. ``"all"``: ``(B..., K, n_i)``, equilibrium ``k`` of
        each game in slot ``k < count`` (slots past ``count`` are zero);
        ``"lemke_howson"``: ``(B..., n_i)``.
    payoffs : array or None
        Expected payoffs: ``(B..., K, N)`` for ``"all"``, ``(B..., N)`` for LH.
    valid : array or None
        ``"all"``: ``(B..., K)`` bool, ``valid[..., k] == (k < count)``.
    degenerate : array or None
        ``"all"``: ``(B...,)`` bool, a degeneracy was detected (ties between
        best responses, a support probability within tol of 0, or an even
        number of equilibria); the list may then be incomplete.
    converged : array or None
        ``"lemke_howson"``: ``(B...,)`` bool, the path ended within ``max_iter``
        pivots at a verified equilibrium.
    kind : array or None
        ``"dominant"``: ``(B...,)`` int8 codes into :data:`DOMINANCE_KINDS`.
    margin : array or None
        ``"dominant"``: the smallest advantage of ``action`` over any other
        action at any opponents' profile (positive iff strictly dominant).
    max_regret : array or None
        ``(B...,)``: the largest regret of any player at any reported
        equilibrium of the game (0 where none is reported); at most ``tol``.
    tol : array
        ``(B...,)`` tolerance used for each game.
    player, action : int or None
        ``"dominant"`` only.
    strict : bool
        ``"dominant"``: the question asked (strict or weak dominance).
    chunk_size : int
        Games per chunk actually used.

    Examples
    --------
    Battle of the sexes and matching pennies, solved as one stack:

    >>> import numpy as np
    >>> import blitzgame as bg
    >>> bos = [[[3, 2], [0, 0]], [[0, 0], [2, 3]]]
    >>> mp = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
    >>> res = bg.solve_batch(np.array([bos, mp], dtype=float), question="all")
    >>> res.count.tolist(), res.strategies[0].shape
    ([3, 1], (2, 3, 2))
    >>> res.strategies[0][0, 2].round(3).tolist(), res.valid[1].tolist()
    ([0.6, 0.4], [True, False, False])
    """

    question: str
    batch_shape: tuple[int, ...]
    tol: Any
    chunk_size: int
    count: Any = None
    mask: Any = None
    strategies: tuple[Any, ...] | None = None
    payoffs: Any = None
    valid: Any = None
    degenerate: Any = None
    converged: Any = None
    kind: Any = None
    margin: Any = None
    max_regret: Any = None
    player: int | None = None
    action: int | None = None
    strict: bool = True

    @property
    def size(self) -> int:
        """Number of games."""
        return math.prod(self.batch_shape)

    @property
    def dominant(self) -> Any:
        """``"dominant"``: boolean answer per game to the question asked."""
        if self.kind is None:
            raise InvalidParameterError(
                f"dominant is defined for question='dominant'; this result is {self.question!r}")
        return self.kind == 2 if self.strict else self.kind >= 1

    def __repr__(self) -> str:
        return (f"BatchResult(question={self.question!r}, batch_shape={self.batch_shape}, "
                f"chunk_size={self.chunk_size})")


def _namespace(payoffs: Any) -> tuple[Any, Any]:
    try:
        xp = array_namespace(payoffs)
    except TypeError:
        payoffs = np.asarray(payoffs)
        if payoffs.dtype == object:
            raise InvalidParameterError(
                "payoffs must be a numeric array; got an object array (use bg.solve for "
                "exact Fraction games)") from None
        xp = array_namespace(payoffs)
    return xp, payoffs


_LAYOUT = "(..., n_0, ..., n_{N-1}, N)"


def _layout_error(shape: tuple[int, ...], players_axis: int, why: str) -> InvalidParameterError:
    """The shape error: what was received, the expected layout and a ``players_axis`` hint."""
    nd = len(shape)
    hints = [nd - 1 - k for k in range(1, nd - 1) if shape[nd - 1 - k] == k]
    hint = ""
    if hints:
        k = hints[0]
        n = shape[k]
        hint = (f"; if each game has its players first, as NormalFormGame.payoffs "
                f"(shape (..., N, n_0, ..., n_{{N-1}})), pass players_axis={k}: "
                f"{math.prod(shape[:k])} games of {n} players with actions {shape[k + 1:]}")
    return InvalidParameterError(
        f"payoffs of shape {shape} do not match the layout {_LAYOUT} with players_axis="
        f"{players_axis}: at least one batch axis (a single game is payoffs[None]), one axis "
        f"per player's actions, and the player axis of length N; {why}{hint}")


def _player_layout(xp: Any, u: Any, players_axis: Any) -> tuple[Any, int]:
    """Move the player axis last; return the array and its number of batch axes.

    ``players_axis`` is the last axis (players last, the default) or the axis
    just before the N action axes (players first in each game); anything else,
    or a shape that leaves no batch axis, is refused: a shape like
    ``(1000, 2, 3, 3)`` must not be read as one game of 3 players.
    """
    shape = tuple(int(s) for s in u.shape)
    nd = len(shape)
    if isinstance(players_axis, (bool, np.bool_)) or not isinstance(
            players_axis, (int, np.integer)) or not -nd <= int(players_axis) < nd:
        raise InvalidParameterError(
            f"players_axis must be an int axis of payoffs (shape {shape}); got {players_axis!r}")
    k = int(players_axis) % nd
    n = shape[k]
    if n < 1:
        raise _layout_error(shape, int(players_axis), f"the player axis {k} has length 0")
    if k == nd - 1:
        n_batch = nd - 1 - n
    elif k + n == nd - 1:
        n_batch = k
        u = xp.permute_dims(u, tuple(range(k)) + tuple(range(k + 1, nd)) + (k,))
    else:
        raise _layout_error(
            shape, int(players_axis),
            f"axis {k} (length {n}) is neither the last axis nor followed by exactly {n} "
            f"action axes")
    if n_batch < 1:
        raise _layout_error(
            shape, int(players_axis),
            f"the player axis has length {n}, so {n} action axes and a batch axis need at least "
            f"{n + 2} axes, got {nd}")
    return u, n_batch


def _float64_exact(xp: Any, u: Any, question: str) -> Any:
    """Integer payoffs as float64, refused unless every entry converts exactly."""
    lo, hi = int(xp.min(u)), int(xp.max(u))
    if -(2**53) <= lo and hi <= 2**53:
        return xp.astype(u, xp.float64)
    f = xp.astype(u, xp.float64)
    bound = 2.0**63 if xp.isdtype(u.dtype, "signed integer") else 2.0**64
    inside = (f < bound) & (f >= -bound)
    back = xp.astype(xp.where(inside, f, xp.zeros_like(f)), u.dtype)
    if bool(xp.all(inside & (back == u))):
        return f
    raise InvalidParameterError(
        f"payoffs of dtype {u.dtype} range over [{lo}, {hi}], and some entries have no exact "
        f"float64 value; question={question!r} computes in float64, so it would answer a "
        "different game. Rescale the payoffs (every |entry| <= 2**53 converts exactly), or "
        "solve each game exactly with bg.solve(bg.NormalFormGame(...))")


def _check_payoffs(xp: Any, u: Any, question: str, players_axis: Any = -1
                   ) -> tuple[Any, tuple[int, ...], tuple[int, ...]]:
    if u.ndim < 3:
        raise InvalidParameterError(
            f"payoffs must have shape {_LAYOUT} with at least one batch axis (a single game is "
            f"payoffs[None]); got shape {tuple(u.shape)}")
    u, n_batch = _player_layout(xp, u, players_axis)
    n_players = int(u.shape[-1])
    if xp.isdtype(u.dtype, "bool") or not xp.isdtype(u.dtype, "numeric") or xp.isdtype(
            u.dtype, "complex floating"):
        raise InvalidParameterError(f"payoffs must be real numbers; got dtype {u.dtype}")
    exact_int = xp.isdtype(u.dtype, "integral")
    if question in ("all", "lemke_howson") or not exact_int:
        if exact_int:
            u = _float64_exact(xp, u, question)
        elif not xp.isdtype(u.dtype, "real floating"):
            u = xp.astype(u, xp.float64)
        if not bool(xp.all(xp.isfinite(u))):
            raise InvalidParameterError("payoffs must be finite; got inf or nan")
    else:  # compared exactly: in a type where no difference wraps around
        u = exact_integers(xp, u)
    shape = tuple(int(s) for s in u.shape)
    batch_shape = shape[:n_batch]
    actions = shape[n_batch:-1]
    if min(actions, default=1) < 1:
        raise InvalidParameterError(f"every player needs at least one action; got {actions}")
    if question in ("all", "lemke_howson") and n_players != 2:
        raise UnsupportedGameError(
            f"question={question!r} needs two-player games (last axis 2); got {n_players} players")
    return u, batch_shape, actions


def _default_chunk(question: str, actions: tuple[int, ...]) -> int:
    cells = math.prod(actions) * len(actions)
    if question == "all" and actions != (2, 2):
        from ._support import work_per_game

        cells = work_per_game(*actions)
    elif question == "lemke_howson":
        cells = actions[0] * actions[1] * 4 + (actions[0] + actions[1]) ** 2 * 2
    elif question == "all":
        cells = 512  # the 2x2 closed form: small chunks stay in cache
    return max(1, _CHUNK_BUDGET // max(1, cells))


def _concat(xp: Any, parts: list[Any]) -> Any:
    return parts[0] if len(parts) == 1 else xp.concat(parts, axis=0)


def _pad_slots(xp: Any, x: Any, k: int, last: bool) -> Any:
    """Pad the equilibrium-slot axis of ``x`` with zeros to length ``k``.

    The slot axis is 1 (batch-first layout) or -2 (batch-last layout).
    """
    axis = x.ndim - 2 if last else 1
    if x.shape[axis] == k:
        return x
    shape = list(x.shape)
    shape[axis] = k - shape[axis]
    pad = xp.zeros(tuple(shape), dtype=x.dtype, device=_device(x))
    return xp.concat([x, pad], axis=axis)


def _assemble(xp: Any, parts: list[Any], batch_shape: tuple[int, ...], last: bool) -> Any:
    """Concatenate chunk results and give them the leading batch shape."""
    if not last:
        v = _concat(xp, parts)
        return xp.reshape(v, batch_shape + tuple(v.shape[1:]))
    v = parts[0] if len(parts) == 1 else xp.concat(parts, axis=-1)
    v = xp.permute_dims(v, tuple(range(v.ndim - 1, -1, -1)))  # batch first, rest reversed
    if len(batch_shape) == 1:
        return v
    return xp.reshape(v, batch_shape + tuple(v.shape[1:]))


def _numpy_result(question: str, batch_shape: tuple[int, ...], chunk: int,
                  res: dict[str, Any]) -> BatchResult:
    """A BatchResult from the batch-first arrays of a numpy fast path."""
    shaped: dict[str, Any] = {k: np.reshape(v, batch_shape + v.shape[1:])
                              for k, v in res.items() if k != "strategies"}
    strategies = tuple(np.reshape(s, batch_shape + s.shape[1:]) for s in res["strategies"])
    return BatchResult(question=question, batch_shape=batch_shape, tol=shaped.pop("tol"),
                       chunk_size=chunk, strategies=strategies, **shaped)


def solve_batch(
    payoffs: Any, /, *, question: str = "pure", player: int | None = None,
    action: int | None = None, strict: bool = True, chunk_size: int | None = None,
    tol: float | None = None, max_iter: int | None = None, initial_label: int = 0,
    players_axis: int = -1,
) -> BatchResult:
    """Answer one equilibrium question for many games at once.

    Parameters
    ----------
    payoffs : array
        Shape ``(B..., n_0, ..., n_{N-1}, N)``: the games stacked on the leading
        axes (at least one: a single game is ``payoffs[None]``), then one axis
        per player's actions, then the player axis of length N (see
        ``players_axis``). Any array-API array (numpy, torch, CuPy,
        array-api-strict) or a nested sequence (converted with numpy). Integer
        payoffs of any width, signed or unsigned, are compared exactly by
        ``"pure"`` and ``"dominant"`` (in ``int64`` when every difference fits,
        else in Python ints); ``"all"`` and ``"lemke_howson"`` compute in float64
        and refuse integers that float64 cannot hold exactly.
    question : {"pure", "dominant", "all", "lemke_howson"}
        See the module docstring. ``"all"`` and ``"lemke_howson"`` need N = 2.
    player, action : int
        ``"dominant"`` only: 0-based indices of the player and the action.
    strict : bool
        ``"dominant"`` only: the question asked (``BatchResult.dominant``);
        ``BatchResult.kind`` always holds the strongest kind that holds.
    chunk_size : int, optional
        Games per chunk (bounds memory); default from a budget of about 2**22
        array elements per chunk.
    tol : float, optional
        Payoff tolerance. Default: per game ``1e-9 * max(1, max|u|)`` (the rule of
        :attr:`NormalFormGame.float_tol`) for floats, 0 for integers.
    max_iter : int, optional
        ``"lemke_howson"``: pivot limit per game (default ``50 * (n_0 + n_1) + 1000``).
    initial_label : int
        ``"lemke_howson"``: the label dropped first (0-based, actions of player 0
        first, then player 1's).
    players_axis : int
        The axis of length N that indexes the players: ``-1`` (default) for the
        layout above, or the axis just before the N action axes when each game
        has its players first, as :attr:`NormalFormGame.payoffs` does
        (``(B..., N, n_0, ..., n_{N-1})``: ``players_axis=-(N + 1)``, or its
        non-negative index). The shape must agree: the player axis' length is
        the number of action axes, and at least one batch axis is left;
        otherwise ``InvalidParameterError`` (a stack of two-player 3×3 games
        with the players first, shape ``(B, 2, 3, 3)``, is never read as one
        game of three players).

    Returns
    -------
    BatchResult

    Raises
    ------
    InvalidParameterError
        Bad shape (one that does not fit ``players_axis``), dtype, question,
        player/action or chunk size; integer payoffs that the question cannot
        compute with exactly.
    UnsupportedGameError
        ``"all"``/``"lemke_howson"`` asked of games that are not two-player.

    Examples
    --------
    A thousand random 2×2 games: every one has an odd number of equilibria
    unless it is degenerate.

    >>> import numpy as np
    >>> import blitzgame as bg
    >>> u = np.random.default_rng(0).normal(size=(1000, 2, 2, 2))
    >>> res = bg.solve_batch(u, question="all")
    >>> bool(((res.count % 2 == 1) | res.degenerate).all()), bool((res.max_regret <= res.tol).all())
    (True, True)
    >>> pd = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]])   # prisoner's dilemma
    >>> r = bg.solve_batch(pd[None], question="pure")
    >>> r.count.tolist(), np.argwhere(r.mask[0]).tolist()
    ([1], [[1, 1]])
    >>> bg.solve_batch(pd[None], question="dominant", player=0, action=1).dominant.tolist()
    [True]

    Games with their players first (a stack of :attr:`NormalFormGame.payoffs`)
    need ``players_axis``; without it the shape is refused, not misread:

    >>> u = np.random.default_rng(0).integers(-5, 5, (1000, 2, 3, 3))  # 1000 games, players first
    >>> bg.solve_batch(u, question="pure", players_axis=1).batch_shape
    (1000,)
    >>> bg.solve_batch(u, question="pure")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    blitzgame.exceptions.InvalidParameterError: payoffs of shape (1000, 2, 3, 3) do not match ...
    """
    if question not in QUESTIONS:
        raise InvalidParameterError(f"question must be one of {QUESTIONS}; got {question!r}")
    xp, u = _namespace(payoffs)
    int_payoffs = xp.isdtype(u.dtype, "integral")
    u, batch_shape, actions = _check_payoffs(xp, u, question, players_axis)
    n_games = math.prod(batch_shape)
    if n_games == 0:
        raise InvalidParameterError(
            f"payoffs hold no games: batch shape {batch_shape} (shape {tuple(u.shape)})")
    u = xp.reshape(u, (n_games,) + actions + (len(actions),))
    if chunk_size is None:
        chunk = _default_chunk(question, actions)
    elif isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InvalidParameterError(f"chunk_size must be a positive int; got {chunk_size!r}")
    else:
        chunk = chunk_size
    if tol is not None:
        check_nonnegative("tol", tol)  # finite and >= 0; kept as given (int or float)
    extra: dict[str, Any] = {}
    if question == "dominant":
        if player is None or action is None:
            raise InvalidParameterError("question='dominant' needs player= and action= (indices)")
        player = check_index("player", player, len(actions))
        action = check_index("action", action, actions[player])
        extra = {"player": player, "action": action, "strict": check_bool("strict", strict)}
    if question == "lemke_howson":
        initial_label = check_index("initial_label", initial_label, sum(actions))
        if max_iter is not None:
            max_iter = check_positive_int("max_iter", max_iter)

    if tol is not None and int_payoffs and question in ("pure", "dominant") and not (
            isinstance(tol, int) or tol.is_integer()):
        raise InvalidParameterError(
            f"integer payoffs are compared exactly; tol must be an integer, got {tol!r}")
    if tol is not None and int_payoffs and question in ("pure", "dominant"):
        tol = min(int(tol), INT64_MAX)  # no difference exceeds it
    if question == "all" and actions == (2, 2) and is_numpy_namespace(xp):
        from ._two_by_two import closed_form_2x2_numpy

        if chunk_size is None:
            chunk = _FAST_CHUNK_2X2
        rtol = float_rtol(u.dtype)
        res = closed_form_2x2_numpy(u, None if tol is None else float(tol), rtol, chunk,
                                    _workers(n_games, chunk))
        shaped: dict[str, Any] = {k: np.reshape(v, batch_shape + v.shape[1:])
                                  for k, v in res.items()}
        return BatchResult(question=question, batch_shape=batch_shape, tol=shaped.pop("tol"),
                           chunk_size=chunk, strategies=(shaped.pop("x"), shaped.pop("y")),
                           **shaped)
    if question == "all" and actions != (2, 2) and min(actions) <= 3 and is_numpy_namespace(xp):
        from ._support import support_enumeration_numpy

        if chunk_size is None:  # large chunks: splitting a small batch across cores costs more
            chunk = _FAST_CHUNK_SMALL
        rtol = float_rtol(u.dtype)
        res = support_enumeration_numpy(u, None if tol is None else float(tol), rtol, chunk,
                                        _workers(n_games, chunk))
        return _numpy_result(question, batch_shape, chunk, res)
    if (question == "all" and min(actions) > 3 and is_numpy_namespace(xp)
            and u.dtype == np.float64):
        from ._pruned import fits, pairs_per_game, pruned_support_enumeration_numpy

        if fits(*actions):
            if chunk_size is None:  # one chunk per core at least
                chunk = min(max(1, _PRUNED_BUDGET // pairs_per_game(*actions)),
                            -(-n_games // (os.cpu_count() or 1)))
            rtol = float_rtol(u.dtype)
            res = pruned_support_enumeration_numpy(
                u, None if tol is None else float(tol), rtol, chunk, _workers(n_games, chunk))
            return _numpy_result(question, batch_shape, chunk, res)
    parts: list[dict[str, Any]] = []
    tols = []
    it = 50 * sum(actions) + 1000 if max_iter is None else int(max_iter)  # LH pivots
    for start in range(0, n_games, chunk):
        stop = min(start + chunk, n_games)
        uc = u[start:stop, ...]
        tc = batch_tolerance(xp, uc, tol)
        tols.append(tc)
        if question == "pure":
            parts.append(pure_kernel(xp, uc, tc))
        elif question == "dominant":
            parts.append(dominant_kernel(xp, uc, tc, extra["player"], extra["action"]))
        elif question == "all":
            if actions == (2, 2):
                from ._two_by_two import closed_form_2x2 as kernel
            else:
                from ._support import support_enumeration as kernel
            parts.append(kernel(xp, uc, tc))
        else:
            from ._lemke_howson import lemke_howson

            parts.append(lemke_howson(xp, uc, tc, initial_label=initial_label, max_iter=it))
    last = parts[0].pop("layout", None) == "batch_last"
    for p in parts[1:]:
        p.pop("layout", None)
    if question == "all":
        k = max(int(p["valid"].shape[-2 if last else 1]) for p in parts)
        for p in parts:
            for key in ("valid", "payoffs"):
                p[key] = _pad_slots(xp, p[key], k, last)
            p["strategies"] = tuple(_pad_slots(xp, s, k, last) for s in p["strategies"])
    out: dict[str, Any] = {}
    for key in parts[0]:
        if key == "strategies":
            out[key] = tuple(_assemble(xp, [p[key][i] for p in parts], batch_shape, last)
                             for i in range(len(parts[0][key])))
        else:
            out[key] = _assemble(xp, [p[key] for p in parts], batch_shape, last)
    result = BatchResult(question=question, batch_shape=batch_shape,
                         tol=xp.reshape(_concat(xp, tols), batch_shape), chunk_size=chunk,
                         **extra, **out)
    if question == "lemke_howson" and is_numpy_namespace(xp):
        _resolve_cycling(result, u, initial_label, it)
    return result


def _resolve_cycling(res: BatchResult, u: Any, label: int, max_iter: int) -> None:
    """Re-solve, in place, the numpy games whose batched path did not converge.

    The batched pivots break ratio ties by the first row, so a degenerate game can
    cycle; :func:`blitzgame.lemke_howson` follows the same path with the
    lexicographic rule, which cannot cycle. Games it cannot solve either stay
    ``converged=False``.
    """
    import warnings

    from ...exceptions import DegenerateGameWarning
    from ...games.normal_form import NormalFormGame
    from ..bimatrix.lemke_howson import lemke_howson

    tol = np.reshape(res.tol, -1)
    assert res.strategies is not None  # a lemke_howson result
    for g in np.flatnonzero(~np.reshape(res.converged, -1)):
        game = NormalFormGame(u[g], exact=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateGameWarning)
            one = lemke_howson(game, initial_label=label, tol=float(tol[g]), max_pivots=max_iter)
        if one.success and len(one):
            at = np.unravel_index(g, res.batch_shape)
            eq = one[0]
            res.strategies[0][at], res.strategies[1][at] = eq.strategies
            res.payoffs[at] = np.asarray(eq.payoffs, dtype=res.payoffs.dtype)
            res.max_regret[at] = float(eq.max_regret)
            res.converged[at], res.count[at] = True, 1
