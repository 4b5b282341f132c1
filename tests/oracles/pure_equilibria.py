"""Pure Nash equilibria of an N-player game, by the definition.

Algorithm (the definition, e.g. Fudenberg and Tirole 1991, ch. 1; Nisan et al. 2007, ch. 1):
for every pure profile ``a``, and every player ``i``, compare ``u_i(a)`` with
``u_i(b, a_{-i})`` for every alternative action ``b``; ``a`` is an equilibrium
iff no player gains by such a deviation. Exact comparisons (Fractions), no
tolerance.

References
----------
.. [1] D. Fudenberg, J. Tirole, "Game Theory", MIT Press, 1991.
.. [2] N. Nisan, T. Roughgarden, E. Tardos, V. Vazirani (eds.), "Algorithmic Game
   Theory", Cambridge University Press, 2007.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ._exact import frac


def pure_equilibria(payoffs: Any) -> set[tuple[int, ...]]:
    """Every pure equilibrium as a tuple of action indices.

    ``payoffs`` is a sequence of N arrays of shape ``(n_0, ..., n_{N-1})``, player
    i's payoffs in the i-th.
    """
    u = [np.asarray(p, dtype=object) for p in payoffs]
    shape = u[0].shape
    found = set()
    for prof in itertools.product(*(range(k) for k in shape)):
        def gains(i: int, prof: tuple[int, ...] = prof) -> bool:
            here = frac(u[i][prof])
            return any(frac(u[i][prof[:i] + (b,) + prof[i + 1:]]) > here
                       for b in range(shape[i]))

        if not any(gains(i) for i in range(len(u))):
            found.add(prof)
    return found
