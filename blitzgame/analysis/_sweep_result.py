"""The result of a parameter sweep: one value per grid point and measured quantity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .._optional import import_optional
from ..exceptions import InvalidParameterError
from ._grid import ParameterGrid

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import xarray as xr

__all__ = ["SweepResult"]


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Measured quantities over a parameter grid.

    Attributes
    ----------
    grid : ParameterGrid
        The points, in C order.
    measure : str
        The measure's name.
    values : mapping of str to ndarray
        One flat array of length ``len(grid)`` per measured quantity. Points
        that failed hold NaN (floats), a fill value (bools, ints) or ``None``.
    ok : ndarray of bool
        False where a point failed; ``errors`` says why.
    errors : mapping of int to str
        Flat point index -> error message: ``"<ExceptionType>: <message>"`` for
        a measure that raised, ``"SystemExit: ..."`` for one that called
        ``sys.exit()``, ``"WorkerCrashed: ..."`` for a point that killed its
        worker process (found by running it alone; with the exit code).
    warnings : mapping of int to tuple of str
        Flat point index -> warnings raised while measuring it.
    attrs : mapping
        Provenance: blitzgame version, model, measure, seed entropy, vectorized.
    stats : mapping
        About this run, not part of equality: ``seconds``, ``chunks``,
        ``chunksize``, points ``computed`` vs. ``resumed`` from a checkpoint,
        ``crashed`` points, ``checkpoint_rejected`` (chunk file name -> why it
        was not used) and, if the executor broke, ``executor_replaced`` (why).
    """

    grid: ParameterGrid
    measure: str
    values: Mapping[str, NDArray[Any]]
    ok: NDArray[np.bool_]
    errors: Mapping[int, str] = field(default_factory=dict)
    warnings: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    attrs: Mapping[str, Any] = field(default_factory=dict)
    stats: Mapping[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.grid)

    @property
    def names(self) -> tuple[str, ...]:
        """The measured quantities."""
        return tuple(self.values)

    @property
    def n_failed(self) -> int:
        """Number of points that failed."""
        return int((~self.ok).sum())

    def __getitem__(self, name: str) -> NDArray[Any]:
        """The values of one quantity with the grid's shape (one axis per grid dimension)."""
        try:
            return self.values[name].reshape(self.grid.shape)
        except KeyError:
            raise InvalidParameterError(
                f"unknown quantity {name!r}; expected one of {list(self.values)}") from None

    def __eq__(self, other: object) -> bool:
        """Same grid, same values (NaN equal to NaN), same failures and warnings."""
        if not isinstance(other, SweepResult):
            return NotImplemented
        if (self.grid != other.grid or self.measure != other.measure
                or set(self.values) != set(other.values) or dict(self.errors) != dict(other.errors)
                or dict(self.warnings) != dict(other.warnings)
                or not np.array_equal(self.ok, other.ok)):
            return False
        for k, a in self.values.items():
            b = other.values[k]
            if a.dtype != b.dtype:
                return False
            if a.dtype.kind == "f":
                if not np.array_equal(a, b, equal_nan=True):
                    return False
            elif not np.array_equal(a, b):
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        dims = dict(zip(self.grid.dims, self.grid.shape, strict=True))
        return (f"SweepResult(measure={self.measure!r}, dims={dims}, "
                f"quantities={list(self.values)}, failed={self.n_failed})")

    # ------------------------------------------------------------------ tables
    def to_frame(self) -> pd.DataFrame:
        """A tidy table: one row per grid point, parameter columns then measured columns.

        Failed points read as missing (nullable ``boolean``/``Int64`` columns when
        needed) and an ``error`` column is added when any point failed. Needs
        pandas (``blitzgame[analysis]``).

        Examples
        --------
        >>> import numpy as np
        >>> from blitzgame.analysis.sweep import ParameterGrid, SweepResult
        >>> r = SweepResult(ParameterGrid({"x": [1, 2]}), "demo", {"y": np.array([0.5, 1.5])},
        ...                 np.array([True, True]))
        >>> r.to_frame()
           x    y
        0  1  0.5
        1  2  1.5
        """
        import_optional("pandas")  # a clear ImportError when it is missing
        import pandas as pd
        data: dict[str, Any] = dict(self.grid.columns())
        failed = ~self.ok
        for k, v in self.values.items():
            if failed.any() and v.dtype.kind in "biu":
                col = pd.array(v, dtype="boolean" if v.dtype.kind == "b" else "Int64")
                col[failed] = pd.NA
                data[k] = col
            else:
                data[k] = v
        if failed.any():
            err = np.full(len(self), None, dtype=object)
            for i, msg in self.errors.items():
                err[i] = msg
            data["error"] = err
        return pd.DataFrame(data)

    def to_xarray(self) -> xr.Dataset:
        """An :class:`xarray.Dataset`: dimensions = grid axes, variables = measured quantities.

        Each parameter is a coordinate along its axis, with the ``long_name``
        and ``units`` of :func:`blitzgame.model.parameter_label` in its
        ``attrs`` where the race model defines it; the dataset's ``attrs`` hold
        the provenance. Bool/int quantities become float with NaN where points
        failed; an ``ok`` variable marks the failures. Needs xarray.

        Examples
        --------
        >>> import numpy as np
        >>> from blitzgame.analysis.sweep import ParameterGrid, SweepResult
        >>> r = SweepResult(ParameterGrid({"x": [1, 2], "z": [0.0, 1.0, 2.0]}), "demo",
        ...                 {"y": np.arange(6.0)}, np.ones(6, dtype=bool))
        >>> ds = r.to_xarray()
        >>> dict(ds.sizes), float(ds["y"].sel(x=2, z=1.0))
        ({'x': 2, 'z': 3}, 4.0)
        """
        import_optional("xarray")  # a clear ImportError when it is missing
        import xarray as xr

        from ..model.labels import parameter_label, parameter_unit

        shape = self.grid.shape
        dims = self.grid.dims
        coords: dict[str, Any] = {}
        for d, ps in self.grid.axes:
            for p, vals in ps.items():
                label = parameter_label(p, units=False)
                # CF conventions, which xarray's plots read: a name and a unit per coordinate
                meta = {"long_name": label, "units": parameter_unit(p)} if label != p else {}
                coords[p] = (d, np.asarray(vals), {k: v for k, v in meta.items() if v})
            if d not in ps:
                coords[d] = (d, np.arange(len(next(iter(ps.values())))))
        failed = ~self.ok
        data_vars: dict[str, Any] = {}
        for k, v in self.values.items():
            arr = v
            if failed.any() and v.dtype.kind in "biu":
                arr = v.astype(np.float64)
                arr[failed] = np.nan
            data_vars[k] = (dims, arr.reshape(shape))
        if failed.any():
            data_vars["ok"] = (dims, self.ok.reshape(shape))
        attrs = {k: (v if isinstance(v, (str, int, float)) else repr(v))
                 for k, v in self.attrs.items()}
        attrs["measure"] = self.measure
        attrs["n_failed"] = self.n_failed
        return xr.Dataset(data_vars, coords=coords, attrs=attrs)

    def _repr_html_(self) -> str:
        try:
            return str(self.to_xarray()._repr_html_())
        except ImportError:  # pragma: no cover - xarray missing
            import html

            return f"<pre>{html.escape(repr(self))}</pre>"
