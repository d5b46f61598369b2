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
