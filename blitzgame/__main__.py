"""Run the command line: ``python -m blitzgame ...`` (see :mod:`blitzgame.cli`)."""

from __future__ import annotations

import sys

from blitzgame.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
