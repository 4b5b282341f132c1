r"""Parameter grids with named axes: the points a sweep visits.

A grid is a Cartesian product of *axes*. A plain axis varies one parameter; a
*zipped* axis varies several parameters together (its k-th point sets every
one of them to its k-th value). With axes of lengths :math:`L_0, \dots, L_{d-1}`
the grid has :math:`\prod_j L_j` points, numbered in C order (the last axis
varies fastest), so point :math:`k` has the multi-index
``numpy.unravel_index(k, shape)``. Values for any range of points are computed
from that index arithmetic, never by materialising the whole grid, so a grid of
:math:`10^6` points costs only its axes' memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validate import check_int, describe
from ..exceptions import InvalidParameterError

__all__ = ["ParameterGrid"]


def _as_values(name: str, values: Any) -> NDArray[Any]:
    if isinstance(values, (str, bytes)) or np.ndim(values) == 0:
        values = [values]
    try:
        arr = np.asarray(values)
    except (ValueError, TypeError):
        arr = np.empty(len(values), dtype=object)
        arr[:] = list(values)
    if arr.ndim != 1:
        obj = np.empty(len(values), dtype=object)
        obj[:] = list(values)
        arr = obj
    if arr.size == 0:
        raise InvalidParameterError(f"grid values for {name!r} must be non-empty; got {values!r}")
    arr = arr.copy()
    arr.flags.writeable = False
    return arr


def _plain(v: Any) -> Any:
    """A numpy scalar as the matching Python scalar (models expect float/int/str)."""
    return v.item() if isinstance(v, np.generic) else v


class ParameterGrid:
    """A grid of model parameters with named axes (product or zipped).

    Parameters
    ----------
    axes : mapping of str to sequence, optional
        ``{dotted_parameter_name: values}``; each entry is one axis and the
        product is taken. Keyword arguments are not used, because dotted
        names are not identifiers.

    See Also
    --------
    ParameterGrid.zip : one axis along which several parameters vary together.
    blitzgame.sweep

    Examples
    --------
    >>> from blitzgame.analysis.sweep import ParameterGrid
    >>> g = ParameterGrid({"market.sharpness": [1.0, 2.0], "market.prize": [10, 20, 30]})
    >>> g.shape, len(g), g.dims
    ((2, 3), 6, ('market.sharpness', 'market.prize'))
    >>> g.point(4)
    {'market.sharpness': 2.0, 'market.prize': 20}
    >>> pair = ParameterGrid.zip({"a": [1, 2], "b": [3, 4]}, name="pair")
    >>> both = pair * ParameterGrid({"c": [0]})
    >>> both.dims, [both.point(k) for k in range(len(both))]
    (('pair', 'c'), [{'a': 1, 'b': 3, 'c': 0}, {'a': 2, 'b': 4, 'c': 0}])
    """

    __slots__ = ("_axes",)

    def __init__(self, axes: Mapping[str, Sequence[Any]] | None = None) -> None:
        if axes is not None and not isinstance(axes, Mapping):
            raise InvalidParameterError(
                f"axes must be a mapping of parameter names to value sequences; "
                f"got {type(axes).__name__}")
        self._axes: tuple[tuple[str, dict[str, NDArray[Any]]], ...] = ()
        built = []
        for name, values in (axes or {}).items():
            if not isinstance(name, str) or not name:
                raise InvalidParameterError(
                    f"parameter names must be non-empty strings; got {name!r}")
            built.append((name, {name: _as_values(name, values)}))
        self._axes = tuple(built)
        self._check_unique()

    @classmethod
    def zip(cls, params: Mapping[str, Sequence[Any]], *, name: str | None = None) -> ParameterGrid:
        """Build a one-axis grid along which several parameters vary together.

        Parameters
        ----------
        params : mapping of str to sequence
            Parameter values, all of the same length.
        name : str, optional
            The axis (dimension) name; default the parameter names joined by ``"|"``.

        Examples
        --------
        >>> g = ParameterGrid.zip({"x": [0, 1, 2], "y": [5, 6, 7]}, name="diag")
        >>> g.shape, g.point(2)
        ((3,), {'x': 2, 'y': 7})
        """
        if not isinstance(params, Mapping) or not params:
            raise InvalidParameterError(f"params must be a non-empty mapping; got {params!r}")
        if name is not None and (not isinstance(name, str) or not name):
            raise InvalidParameterError(
                f"name must be a non-empty string or None; got {describe(name)}")
        vals = {k: _as_values(k, v) for k, v in params.items()}
        lengths = {k: len(v) for k, v in vals.items()}
        if len(set(lengths.values())) != 1:
            raise InvalidParameterError(f"zipped parameters must have equal lengths; got {lengths}")
        grid = cls()
        grid._axes = ((name or "|".join(vals), vals),)
        grid._check_unique()
        return grid

    @classmethod
    def coerce(cls, grid: ParameterGrid | Mapping[str, Sequence[Any]]) -> ParameterGrid:
        """Return ``grid`` as a :class:`ParameterGrid` (a mapping gives the product)."""
        if isinstance(grid, ParameterGrid):
            return grid
        if isinstance(grid, Mapping):
            return cls(grid)
        raise InvalidParameterError(
            f"grid must be a mapping of dotted parameter names to values or a ParameterGrid; "
            f"got {type(grid).__name__}")

    def _check_unique(self) -> None:
        dims = [d for d, _ in self._axes]
        params = [p for _, ps in self._axes for p in ps]
        for what, names in (("axis", dims), ("parameter", params)):
            dup = sorted({n for n in names if names.count(n) > 1})
            if dup:
                raise InvalidParameterError(
                    f"grid {what} names must be distinct; got duplicates {dup}")
        clash = sorted(set(dims) & (set(params) - {d for d, ps in self._axes if d in ps}))
        if clash:
            raise InvalidParameterError(f"axis names {clash} clash with parameter names")

    def __mul__(self, other: ParameterGrid) -> ParameterGrid:
        if not isinstance(other, ParameterGrid):
            return NotImplemented
        grid = ParameterGrid()
        grid._axes = self._axes + other._axes
        grid._check_unique()
        return grid

    # ------------------------------------------------------------------ structure
    @property
    def dims(self) -> tuple[str, ...]:
        """Axis (dimension) names, in order."""
        return tuple(d for d, _ in self._axes)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of points along each axis."""
        return tuple(len(next(iter(ps.values()))) for _, ps in self._axes)

    @property
    def parameters(self) -> tuple[str, ...]:
        """Every parameter name the grid sets, in axis order."""
        return tuple(p for _, ps in self._axes for p in ps)

    def axis_of(self, parameter: str) -> str:
        """The axis along which ``parameter`` varies."""
        for d, ps in self._axes:
            if parameter in ps:
                return d
        raise InvalidParameterError(
            f"unknown grid parameter {parameter!r}; expected one of {list(self.parameters)}")

    def values(self, parameter: str) -> NDArray[Any]:
        """The values of ``parameter`` along its axis."""
        for _, ps in self._axes:
            if parameter in ps:
                return ps[parameter]
        raise InvalidParameterError(
            f"unknown grid parameter {parameter!r}; expected one of {list(self.parameters)}")

    @property
    def axes(self) -> tuple[tuple[str, Mapping[str, NDArray[Any]]], ...]:
        """``((dim, {parameter: values}), ...)``: the axes as given."""
        return self._axes

    def __len__(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64)) if self._axes else 1

    @property
    def size(self) -> int:
        """Number of points (``len(grid)``)."""
        return len(self)

    def is_numeric(self) -> bool:
        """True if every parameter value is a real number (the vectorized path needs this)."""
        return all(v.dtype.kind in "biuf" for _, ps in self._axes for v in ps.values())

    # ------------------------------------------------------------------ points
    def columns(self, start: int = 0, stop: int | None = None) -> dict[str, NDArray[Any]]:
        """Parameter values of points ``start .. stop-1`` as one array per parameter.

        Examples
        --------
        >>> ParameterGrid({"a": [1, 2], "b": [0.5, 1.5]}).columns(1, 3)
        {'a': array([1, 2]), 'b': array([1.5, 0.5])}
        """
        n = len(self)
        start = check_int("start", start)
        stop = n if stop is None else check_int("stop", stop)
        if not 0 <= start <= stop <= n:
            raise InvalidParameterError(f"point range [{start}, {stop}) outside 0..{n}")
        flat = np.arange(start, stop, dtype=np.int64)
        out: dict[str, NDArray[Any]] = {}
        if not self._axes:
            return out
        idx = np.unravel_index(flat, self.shape)
        for (_, ps), ix in zip(self._axes, idx, strict=True):
            for p, v in ps.items():
                out[p] = v[ix]
        return out

    def point(self, k: int) -> dict[str, Any]:
        """Parameter values of point ``k`` (C order) as a ``{name: value}`` dict."""
        n = len(self)
        k = check_int("k", k)
        if not 0 <= k < n:
            raise InvalidParameterError(f"point index k out of range: expected 0..{n - 1}; got {k}")
        return {p: _plain(v[0]) for p, v in self.columns(k, k + 1).items()}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for k in range(len(self)):
            yield self.point(k)

    # ------------------------------------------------------------------ identity
    def canonical(self) -> list[Any]:
        """A JSON-serialisable description that identifies the grid (for checkpoints)."""
        return [[d, {p: [repr(_plain(x)) for x in v] for p, v in ps.items()}]
                for d, ps in self._axes]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ParameterGrid):
            return NotImplemented
        return self.canonical() == other.canonical()

    def __hash__(self) -> int:
        return hash(repr(self.canonical()))

    def __repr__(self) -> str:
        axes = ", ".join(f"{d}: {len(next(iter(ps.values())))}" for d, ps in self._axes)
        return f"ParameterGrid({{{axes}}}, size={len(self)})"
