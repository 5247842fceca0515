"""Run the compiled queries of a large map on two processes.

pyoxigraph evaluates a query on the calling thread and holds the GIL, so threads do not
help. After the store is built, a forked child shares it (copy-on-write). Both processes
take query numbers from one pipe, so whichever is free takes the next query: one slow query
does not leave the other core idle while a fixed half of the list waits behind it. The
child's results come back through a second pipe. Small maps, platforms without fork and
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
#: Item numbers are two bytes each, all written to the queue pipe before the fork.
_MAX_ITEMS = 1024
_WIDTH = 2


def workers(triples: int) -> int:
    wanted = os.environ.get("DATAFLOW_WORKERS")
    if wanted is not None:
        return max(1, int(wanted))
    if triples < MIN_TRIPLES or not hasattr(os, "fork"):
        return 1
    return min(2, os.cpu_count() or 1)


def map_items(fn: Callable[[T], list[R]], items: Sequence[T], processes: int) -> list[R]:
    """The concatenation of fn(item) for every item, in order, on up to two processes."""
    if processes < 2 or len(items) < 2 or len(items) > _MAX_ITEMS:
        return [r for item in items for r in fn(item)]
    queue_read, queue_write = os.pipe()
    os.write(queue_write, b"".join(i.to_bytes(_WIDTH, "big") for i in range(len(items))))
    os.close(queue_write)
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer what it takes, send it, and leave without cleanup
        code = 0
        try:
            os.close(result_read)
            done = _drain(fn, items, queue_read)
            with os.fdopen(result_write, "wb") as pipe:
                pickle.dump(done, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(result_write)
    done = _drain(fn, items, queue_read)
    os.close(queue_read)
    with os.fdopen(result_read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status == 0 and data:
        done.update(pickle.loads(data))
    for index, item in enumerate(items):  # whatever a failed child took, done here instead
        if index not in done:
            done[index] = fn(item)
    return [r for index in range(len(items)) for r in done[index]]


def _drain(fn: Callable[[T], list[R]], items: Sequence[T], queue: int) -> dict[int, list[R]]:
    done: dict[int, list[R]] = {}
    while chunk := os.read(queue, _WIDTH):
        index = int.from_bytes(chunk, "big")
        done[index] = fn(items[index])
    return done
