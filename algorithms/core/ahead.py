"""Work on the next items in threads while the caller consumes the current one (issue 22: both cores).

For work that spends its time outside the GIL (GEOS through shapely's vectorised functions, numpy):
``results_in_order`` keeps up to ``workers`` items in flight and yields their results in the order of
the items, so what the caller builds from them does not depend on the number of threads.
"""
import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

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
