"""Chunks of a batch on a thread pool: the numpy fast paths of :func:`~blitzgame.solve_batch`.

numpy releases the GIL inside its loops and LAPACK calls, so chunks of games
solved on threads overlap where the machine has the cores for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

__all__ = ["run_chunks"]


def run_chunks(work: Callable[[int], T], starts: Sequence[int], workers: int) -> list[T]:
    """``[work(s) for s in starts]``, on up to ``workers`` threads when there are several."""
    if workers > 1 and len(starts) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(workers, len(starts))) as pool:
            return list(pool.map(work, starts))
    return [work(s) for s in starts]
