"""Run the compiled queries of a large map on two processes.

pyoxigraph evaluates a query on the calling thread and holds the GIL, so threads do not
help. After the store is built, a forked child shares it (copy-on-write) and answers every
other query; the results come back through a pipe. Small maps, platforms without fork and
DATAFLOW_WORKERS=1 run everything in this process, and so does any failure of the child.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many triples a fork costs more than it saves.
MIN_TRIPLES = 200_000


def workers(triples: int) -> int:
    wanted = os.environ.get("DATAFLOW_WORKERS")
    if wanted is not None:
        return max(1, int(wanted))
    if triples < MIN_TRIPLES or not hasattr(os, "fork"):
        return 1
    return min(2, os.cpu_count() or 1)


def map_split(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T], processes: int
              ) -> list[R]:
    """fn(items), with every other item handled by a forked child when processes > 1."""
    if processes < 2 or len(items) < 2:
        return fn(items)
    mine, theirs = list(items[0::2]), list(items[1::2])
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer its share, send it, and leave without cleanup
        code = 0
        try:
            os.close(read_fd)
            with os.fdopen(write_fd, "wb") as pipe:
                pickle.dump(fn(theirs), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_fd)
    results = fn(mine)
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return results + fn(theirs)
    child: list[R] = pickle.loads(data)
    return results + child
