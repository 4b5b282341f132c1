"""Run the command line: ``python -m blitzgame ...`` (see :mod:`blitzgame.cli`)."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
