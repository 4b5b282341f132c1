"""Reading and writing games: Gambit ``.nfg`` files and lossless JSON.

Examples
--------
>>> from blitzgame.io import read_nfg, write_nfg, read_json, write_json
>>> g = read_nfg('NFG 1 R "" { "A" "B" } { 1 2 } 1 2 3 4')
>>> read_json(write_json(g)) == g == read_nfg(write_nfg(g))
True
"""

from __future__ import annotations

from .json import read_json, result_to_dict, write_json
from .nfg import read_nfg, write_nfg

__all__ = ["read_nfg", "write_nfg", "read_json", "write_json", "result_to_dict"]
