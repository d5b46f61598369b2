"""Freed heap pages go back to the system between batches (issue 22), on glibc."""
import sys

import pytest

from urban_carbon_ledger.algorithms.core import heap


def _resident_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux") or heap._malloc_trim() is None, reason="glibc only")
def test_freed_heap_under_live_objects_is_given_back():
    held = [bytes(1000) for _ in range(60_000)]  # 60 MB in 1 kB blocks (malloc, not Python's small-object pool)
    later = [bytes(1000) for _ in range(100)]  # allocated above them: the heap's top is not free once they go
    before = _resident_mb()
    del held
    freed = _resident_mb()
    assert heap.give_back()
    after = _resident_mb()
    assert freed > before - 10  # glibc kept the 60 MB freed below a live top
    assert after < freed - 40  # and gave them back
    assert len(later) == 100
