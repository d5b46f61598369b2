"""Work on the next items in threads while the caller consumes the current one (issue 22: both cores).

For work that spends its time outside the GIL (GEOS through shapely's vectorised functions, numpy):
``results_in_order`` keeps up to ``workers`` items in flight and yields their results in the order of
the items, so what the caller builds from them does not depend on the number of threads. ``read_ahead`` takes
the next items of one stream (a read) in a thread while the caller works on the current one; ``beside`` runs one
piece of work in a thread while the caller does another.
"""
import contextlib
import os
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from itertools import islice, repeat

WORKERS = min(2, os.cpu_count() or 1)
"""Items worked on at once beside the consumer: each holds one item's intermediate data (memory)."""


def results_in_order(work, items, workers=None, queued=0):
    """Yield ``work(item)`` for each of ``items`` in their order, up to ``workers`` (None: ``WORKERS``) of them
    computed at once in threads ahead of the consumer. queued: items handed to the threads beyond ``workers``, so
    that a thread done with a later item goes on with the next while the consumer has not yet taken an earlier
    result (each holds one more item's result: memory). An exception of ``work`` is raised when its item's
    turn comes; when the consumer stops early (an exception, a cancel), items not started are dropped and
    the ones running are waited for."""
    items, workers = iter(items), max(1, WORKERS if workers is None else workers)
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        flight = deque(pool.submit(work, item) for item in islice(items, workers + max(0, queued)))
        while flight:
            result = flight.popleft().result()
            flight.extend(pool.submit(work, item) for item in islice(items, 1))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def read_ahead(items, queued=1):
    """Yield the items of the iterable ``items`` in their order, each taken from it in a thread while the caller
    works on the one before (for reads that spend their time outside the GIL: OGR's Arrow stream, SQLite, file
    blocks): up to ``queued`` items read beside the one consumed (each holds one more item: memory). One thread
    advances ``items`` from start to end (a generator holding a dataset stays in one thread); an exception of
    ``items`` is raised at its turn; when the caller stops early (an exception, a cancel), the item being read is
    waited for and ``items`` is closed."""
    iterator, done = iter(items), object()
    results = results_in_order(lambda _: next(iterator, done), repeat(None), workers=1, queued=queued - 1)
    try:
        for item in results:
            if item is done:
                return
            yield item
    finally:
        results.close()  # the thread stops (the item it is reading is waited for) before ``items`` is closed
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


@contextlib.contextmanager
def beside(work, *args):
    """Run ``work(*args, stop)`` in a thread while the block runs; yield a function giving its result (raising its
    exception). ``stop`` (a threading.Event) is set when the block is left, so that work whose result was not asked
    for (an error, a cancel) can end early; it is waited for."""
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(work, *args, stop)
        try:
            yield future.result
        finally:
            stop.set()
