"""Work ahead in threads (issue 22: segmentunits on both cores): results in the order of the items whatever
order the threads finish in, at most ``workers`` items in flight beside the one consumed, a failure raised at
its item's turn, and nothing started after the consumer stops."""
import threading
import time

import pytest

from urban_carbon_ledger.algorithms.core.ahead import results_in_order


class Recorder:
    """work(item): sleeps longer for earlier items (so later ones finish first), notes what ran at once."""

    def __init__(self, fail_at=None):
        self.lock, self.running, self.most, self.started = threading.Lock(), 0, 0, []
        self.fail_at = fail_at

    def __call__(self, item):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.started.append(item)
        time.sleep(0.05 * (5 - item % 5))
        with self.lock:
            self.running -= 1
        if item == self.fail_at:
            raise ValueError(f"item {item}")
        return item * item


def test_results_come_in_the_order_of_the_items_with_two_in_flight():
    work = Recorder()
    assert list(results_in_order(work, range(10), workers=2)) == [item * item for item in range(10)]
    assert work.most == 2
    assert sorted(work.started) == list(range(10))


def test_one_worker_runs_one_item_at_a_time():
    work = Recorder()
    assert list(results_in_order(work, range(4), workers=1)) == [0, 1, 4, 9]
    assert work.most == 1


def test_a_failure_is_raised_at_its_turn_after_the_earlier_results():
    work, seen = Recorder(fail_at=3), []
    with pytest.raises(ValueError, match="item 3"):
        for result in results_in_order(work, range(8), workers=2):
            seen.append(result)
    assert seen == [0, 1, 4]
    assert max(work.started) <= 4  # item 4 went in flight when 2 was taken; none after 3 failed


def test_a_consumer_stopping_early_starts_nothing_more_and_leaves_no_thread_running():
    work = Recorder()
    results = results_in_order(work, range(100), workers=2)
    assert next(results) == 0
    results.close()
    assert len(work.started) <= 3
    assert work.running == 0


class Held(Recorder):
    """Recorder noting the items started while item 0 (the slowest) still runs, its result not yet there for the
    consumer."""

    def __init__(self):
        super().__init__()
        self.first_done = threading.Event()
        self.before_first = []

    def __call__(self, item):
        if not self.first_done.is_set():
            with self.lock:
                self.before_first.append(item)
        try:
            return super().__call__(item)
        finally:
            if item == 0:
                self.first_done.set()


def test_a_queued_item_keeps_a_thread_busy_while_an_earlier_result_waits_for_the_consumer():
    """Item 0 sleeps 0.25 s, item 1 0.2 s: the thread done with item 1 takes the queued item 2 while item 0 still
    runs (two threads, one item queued: three started before the consumer can take a result, not four; never more
    than two at once); the results keep the items' order."""
    work = Held()
    assert list(results_in_order(work, range(10), workers=2, queued=1)) == [item * item for item in range(10)]
    assert sorted(work.before_first) == [0, 1, 2]
    assert work.most == 2


def test_without_a_queued_item_a_thread_done_early_waits_for_the_consumer():
    work = Held()
    assert list(results_in_order(work, range(4), workers=2)) == [0, 1, 4, 9]
    assert sorted(work.before_first) == [0, 1]


def test_the_default_number_of_threads_is_read_at_each_call(monkeypatch):
    from urban_carbon_ledger.algorithms.core import ahead
    monkeypatch.setattr(ahead, "WORKERS", 1)
    work = Recorder()
    assert list(ahead.results_in_order(work, range(4))) == [0, 1, 4, 9]
    assert work.most == 1
