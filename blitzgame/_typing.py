"""Type aliases and protocols shared by several modules (annotations only)."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["VertexBases", "Vertices"]


class VertexBases(Protocol):
    """``bases[a]`` = (non-zero coordinates, tight rows) of vertex ``a`` of a polytope."""

    def __len__(self) -> int: ...

    def __getitem__(self, a: int, /) -> tuple[NDArray[np.intp], NDArray[np.intp]]: ...


#: The vertices of ``{z >= 0 : M z <= 1}`` as ``(Z, zero, tight, bases)``: coordinates
#: ``(V, d)`` with the origin first, zero-coordinate mask ``(V, d)``, tight-row mask
#: ``(V, r)`` and the basis of each vertex.
Vertices = tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_], VertexBases]
