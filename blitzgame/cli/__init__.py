"""The ``blitzgame`` command line: one module per subcommand, :func:`main` the entry point."""

from .main import main

__all__ = ["main"]
