"""Read the text of a game file given as a path, an open file or the text itself."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO, Any

from ..exceptions import GameFormatError, InvalidParameterError
from ._limits import short


def _utf8_error(err: UnicodeDecodeError, data: bytes) -> GameFormatError:
    """A GameFormatError giving the ``line:column`` of the first invalid UTF-8 byte."""
    start = err.start
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    col = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    byte = data[start:start + 1].hex() or "??"
    return GameFormatError(
        f"line {line}:{col}: invalid UTF-8 ({err.reason} at byte 0x{byte}); "
        "expected a UTF-8 encoded file"
    )


def decode(data: bytes) -> str:
    """Decode UTF-8 bytes; invalid UTF-8 is a GameFormatError with its position."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _utf8_error(err, data) from None


def read_source(source: str | os.PathLike[str] | IO[Any], *, is_text: Callable[[str], bool],
                what: str) -> tuple[str, str | None]:
    """Return the text of ``source`` and the file's name (None for text given directly).

    A file object is read (bytes are decoded as UTF-8); a string for which
    ``is_text`` is true is the content itself; any other string or
    :class:`os.PathLike` is a path, read as UTF-8. ``what`` names the format in
    the error for any other type. Invalid UTF-8 raises :class:`GameFormatError`
    with the file name and the ``line:column`` of the first bad byte.
    """
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        try:
            content = source.read()
        except UnicodeDecodeError as err:  # a text-mode file that is not valid UTF-8
            raise with_name(_utf8_error(err, bytes(err.object)), name) from None
        if isinstance(content, (bytes, bytearray)):
            try:
                return decode(bytes(content)), name
            except GameFormatError as err:
                raise with_name(err, name) from None
        if not isinstance(content, str):
            raise InvalidParameterError(
                f"source.read() must return str or bytes; got {type(content).__name__}"
            )
        return content, name
    if isinstance(source, str) and is_text(source):
        return source, None
    if isinstance(source, (str, os.PathLike)):
        name = os.fsdecode(source)
        try:
            with open(source, "rb") as fh:
                data = fh.read()
        except ValueError as err:  # e.g. an embedded NUL character
            raise InvalidParameterError(
                f"source must be a path, a file object or {what}; got {short(name)} ({err})"
            ) from None
        try:
            text = decode(data)
        except GameFormatError as err:
            raise with_name(err, name) from None
        # universal newlines, as a file opened in text mode would give
        return text.replace("\r\n", "\n").replace("\r", "\n"), name
    raise InvalidParameterError(
        f"source must be a path, a file object or {what}; got {type(source).__name__}"
    )


def with_name(err: GameFormatError, name: str | None) -> GameFormatError:
    """The same error with the file name in front of its message (if there is a name)."""
    return GameFormatError(f"{name}: {err}") if name else err
