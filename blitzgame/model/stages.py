r"""GPU stages of the race for compute and the capability they buy.

The race is told in five stages of compute, one per factor of ten in GPUs:

=====  ===========  ==================  ==========================================
index  name         GPUs                what changes at this 10x
=====  ===========  ==================  ==========================================
0      Experiment   1 - 99              fine-tune and evaluate others' models
1      Startup      100 - 999           train small models of one's own
2      Competitor   1,000 - 9,999       train competitive mid-size models
3      Leader       10,000 - 99,999     train frontier models (about $100M+ each)
4      Dominator    100,000+            train several frontier models at once and
                                        serve them at global scale
=====  ===========  ==================  ==========================================

Capability grows with compute ``K`` (GPUs) with returns to scale ``alpha`` and a
qualitative jump ``jump >= 1`` for each stage reached:

.. math:: \mathrm{capability}(K) = K^{\alpha} \cdot \mathrm{jump}^{\mathrm{stage}(K)},

where :math:`\mathrm{stage}(K) = \min(4, \max(0, \lfloor \log_{10} K \rfloor - 1))`
for ``K >= 1`` counted as in the table (``K < 100`` is stage 0). ``K = 0`` has
capability 0.

Examples
--------
>>> from blitzgame.model.stages import stage_of, capability, STAGES
>>> [STAGES[stage_of(k)].name for k in (50, 5_000, 600_000)]
['Experiment', 'Competitor', 'Dominator']
>>> float(capability(1_000, alpha=1.0, jump=2.0))
4000.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["Stage", "STAGES", "stage_of", "capability"]


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of the GPU race: a name, its GPU range and what it unlocks."""

    index: int
    name: str
    lower: float
    upper: float
    description: str


STAGES: tuple[Stage, ...] = (
    Stage(0, "Experiment", 1, 100, "fine-tune and evaluate others' models"),
    Stage(1, "Startup", 100, 1_000, "train small models of one's own"),
    Stage(2, "Competitor", 1_000, 10_000, "train competitive mid-size models"),
    Stage(3, "Leader", 10_000, 100_000, "train frontier models ($100M+ each)"),
    Stage(4, "Dominator", 100_000, float("inf"),
          "train several frontier models at once and serve them globally"),
)


def stage_of(compute: ArrayLike) -> NDArray[np.int64] | int:
    """Return the stage index (0..4) of a compute stock in GPUs (vectorized).

    Parameters
    ----------
    compute : array_like
        GPUs (>= 0).

    Returns
    -------
    int or ndarray of int
        0 for fewer than 100 GPUs, then one more per factor of ten, at most 4.

    Examples
    --------
    >>> stage_of(99), stage_of(100), stage_of(10**7)
    (0, 1, 4)
    """
    k = np.asarray(compute, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        st = np.floor(np.log10(np.maximum(k, 1.0))) - 1.0
    out = np.clip(st, 0, 4).astype(np.int64)
    return int(out) if out.ndim == 0 else out


def capability(compute: ArrayLike, alpha: ArrayLike = 1.0,
               jump: ArrayLike = 1.0) -> NDArray[np.float64]:
    """Capability ``K**alpha * jump**stage(K)`` of a compute stock (vectorized, broadcasting).

    Parameters
    ----------
    compute : array_like
        GPUs (>= 0).
    alpha : array_like
        Returns to scale (>= 0).
    jump : array_like
        Extra capability per stage reached (>= 1).

    Returns
    -------
    ndarray
        Capability in "effective GPUs"; 0 where ``compute == 0``.

    Examples
    --------
    >>> capability([0, 10, 100], alpha=1.0, jump=3.0).tolist()
    [0.0, 10.0, 300.0]
    """
    k = np.asarray(compute, dtype=np.float64)
    st = np.clip(np.floor(np.log10(np.maximum(k, 1.0))) - 1.0, 0, 4)
    out = np.where(k > 0, np.power(k, alpha) * np.power(jump, st), 0.0)
    return np.asarray(out, dtype=np.float64)
