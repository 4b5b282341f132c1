"""Read the text of a game file given as a path, an open file or the text itself."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO, Any

from ..exceptions import InvalidParameterError


def read_source(source: str | os.PathLike[str] | IO[Any], *, is_text: Callable[[str], bool],
                what: str) -> str | bytes:
    """Return the content of ``source``.

    A file object is read; a string for which ``is_text`` is true is the content
    itself; any other string or :class:`os.PathLike` is a path, read as UTF-8.
    ``what`` names the format in the error for any other type.
    """
    if hasattr(source, "read"):
        return source.read()  # type: ignore[union-attr,no-any-return]
    if isinstance(source, str) and is_text(source):
        return source
    if isinstance(source, (str, os.PathLike)):
        with open(source, encoding="utf-8") as fh:
            return fh.read()
    raise InvalidParameterError(
        f"source must be a path, a file object or {what}; got {type(source).__name__}"
    )
