"""Pause the cyclic garbage collector while many long-lived, acyclic objects are built.

Loading, deriving the networkx view, tracing and rendering lineage each create hundreds of
thousands of objects that live until the command ends and form no cycles. The command line
pauses the collector once for each command (cli.py); the benchmark for each timed stage. With the
collector on, every full collection rescans all of them, and the work grows faster than
linearly (composing the YAML of 1,000 activities took 3.9 s instead of 0.8 s).
"""

from __future__ import annotations

import gc
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class gc_paused:
    """A context manager. A class, not @contextmanager, which would write to the frozen
    InputError's __traceback__. Nested use is fine: only the outermost one re-enables."""

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            gc.enable()


class gc_resumed:
    """The collector on again inside a paused command, for code that builds cycles: pySHACL's
    rdflib graphs would otherwise grow memory without bound on a large map."""

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.enable()

    def __exit__(self, *exc: object) -> None:
        if not self.enabled:
            gc.disable()
