"""Reading and writing games: Gambit ``.nfg`` files and lossless JSON.

Game files are untrusted input: every malformed file raises
:class:`~blitzgame.exceptions.GameFormatError` naming the file, the position
(``line L:C`` or a JSON path), what was expected and what was found. The
readers refuse, before allocating anything, games with more than
:data:`MAX_PROFILES` payoff entries (pure profiles x players; raise it with
``max_size=``) or more than :data:`MAX_PLAYERS` players.

Examples
--------
>>> from blitzgame.io import read_nfg, write_nfg, read_json, write_json
>>> g = read_nfg('NFG 1 R "" { "A" "B" } { 1 2 } 1 2 3 4')
>>> read_json(write_json(g)) == g == read_nfg(write_nfg(g))
True
"""

from __future__ import annotations

from ._limits import MAX_PLAYERS, MAX_PROFILES
from .game_file import read_game
from .json import read_json, result_to_dict, write_json
from .nfg import read_nfg, write_nfg

__all__ = ["read_nfg", "write_nfg", "read_json", "write_json", "read_game", "result_to_dict",
           "MAX_PROFILES", "MAX_PLAYERS"]
