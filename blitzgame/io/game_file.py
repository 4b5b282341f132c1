"""Read a game file of either format (.nfg or .json) with its title."""

from __future__ import annotations

import os
from typing import IO, Any

from ..exceptions import GameFormatError
from ..games.normal_form import NormalFormGame
from ._json_decode import loads
from ._limits import MAX_PROFILES, check_max_size
from ._nfg_parser import _parse
from ._source import read_source, with_name
from .json import game_from_dict

__all__ = ["read_game"]


def read_game(source: str | os.PathLike[str] | IO[Any], *, exact: bool | None = None,
              max_size: int = MAX_PROFILES) -> tuple[NormalFormGame, str]:
    """Read a Gambit ``.nfg`` or blitzgame ``.json`` game and its title.

    The format is the file's extension (``.json``), else its content: JSON
    starts with ``{``, a .nfg file with ``NFG``.

    Parameters
    ----------
    source : str, os.PathLike or file object
        A path, an open file, or the text itself (a string that starts with
        ``NFG`` or ``{`` or contains a newline).
    exact : bool, optional
        For .nfg files (see :func:`~blitzgame.io.read_nfg`); a JSON file says
        itself whether it is exact.
    max_size : int
        The most payoff entries the game may have (see :data:`~blitzgame.io.MAX_PROFILES`).

    Returns
    -------
    (NormalFormGame, str)
        The game and its title (``""`` when it has none).

    Raises
    ------
    GameFormatError
        Neither format, or a malformed file (with the file name and position).

    Examples
    --------
    >>> game, title = read_game('NFG 1 R "Chicken" { "A" "B" } { 2 2 } 0 0 1 -1 -1 1 -2 -2')
    >>> title, game.shape
    ('Chicken', (2, 2))
    """
    check_max_size(max_size)
    text, name = read_source(
        source, what="a game file (.nfg or .json text)",
        is_text=lambda s: s.lstrip().startswith(("NFG", "{")) or "\n" in s)
    start = text.lstrip()[:3]
    try:
        if start.startswith("{") or (name or "").lower().endswith(".json"):
            data = loads(text)
            title = data.get("title", "") if isinstance(data, dict) else ""
            return game_from_dict(data, max_size=max_size), str(title or "")
        if start != "NFG":
            raise GameFormatError(
                "line 1:1: missing header: expected a .nfg file ('NFG 1 R ...') or a "
                f"blitzgame JSON object ('{{...}}'); got {text.lstrip()[:20]!r}")
        return _parse(text, exact, max_size)
    except GameFormatError as err:
        raise with_name(err, name) from None
