"""The `dataflow` command line: options -> one function of commands/ -> a renderer -> exit code.

No logic lives here. app.py holds the application and its error boundary; each other module
registers a group of commands; options.py holds the options they share.
"""

from . import check, documents, editor, explore, imports, remote, server  # noqa: F401  (commands)
from .app import INTERNAL_ERROR, app, main

__all__ = ["INTERNAL_ERROR", "app", "main"]
