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


class Stream:
    """A read of ``count`` items (a generator): notes the threads that advance it, how far it got and whether it
    was closed; item ``fail_at`` raises."""

    def __init__(self, count, fail_at=None):
        self.count, self.fail_at, self.threads, self.taken, self.closed = count, fail_at, set(), [], False

    def __iter__(self):
        try:
            for item in range(self.count):
                self.threads.add(threading.get_ident())
                time.sleep(0.01)
                if item == self.fail_at:
                    raise ValueError(f"item {item}")
                self.taken.append(item)
                yield item
        finally:
            self.closed = True


def test_read_ahead_gives_the_items_in_order_each_read_in_one_thread_not_the_callers():
    from urban_carbon_ledger.algorithms.core.ahead import read_ahead
    stream = Stream(20)
    assert list(read_ahead(stream)) == list(range(20))
    assert len(stream.threads) == 1 and threading.get_ident() not in stream.threads
    assert stream.closed


def test_read_ahead_reads_the_next_item_while_the_caller_works_and_no_further():
    from urban_carbon_ledger.algorithms.core.ahead import read_ahead
    stream = Stream(10)
    items = read_ahead(stream, queued=1)
    assert next(items) == 0
    time.sleep(0.1)  # the caller works on item 0: item 1 is read meanwhile, item 2 waits for the caller
    assert stream.taken == [0, 1]
    items.close()
    assert stream.closed and stream.taken == [0, 1]


def test_read_ahead_raises_a_failure_at_its_turn_and_closes_the_read_when_the_caller_stops():
    from urban_carbon_ledger.algorithms.core.ahead import read_ahead
    stream, seen = Stream(10, fail_at=3), []
    with pytest.raises(ValueError, match="item 3"):
        for item in read_ahead(stream):
            seen.append(item)
    assert seen == [0, 1, 2]
    stream = Stream(100)
    for item in read_ahead(stream):
        if item == 5:
            break  # a cancel
    time.sleep(0.05)
    assert stream.closed and len(stream.taken) <= 7


def test_work_beside_the_caller_gives_its_result_and_is_told_to_stop_when_not_asked_for():
    from urban_carbon_ledger.algorithms.core.ahead import beside
    seen = {}

    def work(value, stop):
        seen["thread"] = threading.get_ident()
        while not stop.is_set() and value < 0:  # runs until stopped
            time.sleep(0.01)
        return value * 2

    with beside(work, 21) as result:
        assert result() == 42
    assert seen["thread"] != threading.get_ident()
    with pytest.raises(KeyError):
        with beside(work, -1):
            raise KeyError("the caller failed: the work is stopped and waited for")
