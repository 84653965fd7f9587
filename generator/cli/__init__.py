"""The command line (`coffeechat`), over the core and the file edges."""

from .commands import cli, main

__all__ = ["cli", "main"]
