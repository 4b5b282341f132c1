"""Side-by-side benchmarks of blitzgame against nashpy, pygambit and quantecon.

Run ``python -m benchmarks`` (full, under 10 minutes on 2 cores) or
``python -m benchmarks --quick`` (under a minute); ``--only SECTION`` runs one
section. See ``benchmarks/README.md`` for what is measured and the latest
results.
"""

from __future__ import annotations

SECTIONS = ("import", "all", "lh", "pure", "batch", "exact", "memory", "gpu")
