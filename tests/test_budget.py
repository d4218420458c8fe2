"""Time budgets: a real SIGALRM timer in the main thread, checkpoints elsewhere."""

import contextlib
import signal
import threading
import time

import pytest

from crosswire.budget import OverBudget, check_budget, time_budget


def _spin_forever() -> None:
    while True:  # pure Python: only a timer or a checkpoint can stop it
        pass


def test_a_loop_without_checkpoints_is_stopped_by_the_timer_in_the_main_thread() -> None:
    with pytest.raises(OverBudget, match=r"took longer than 0\.2 s"), time_budget(0.2):
        _spin_forever()


def test_broad_exception_handlers_inside_the_work_do_not_swallow_the_end_of_the_budget() -> None:
    def guarded_spin() -> None:
        with contextlib.suppress(Exception):  # what a stage's own guard does
            _spin_forever()

    with pytest.raises(OverBudget), time_budget(0.2):
        guarded_spin()


def test_the_previous_alarm_handler_is_restored_and_no_timer_is_left_running() -> None:
    def mine(signum: int, frame: object) -> None:
        pass

    before = signal.signal(signal.SIGALRM, mine)
    try:
        with time_budget(5):
            pass
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    finally:
        signal.signal(signal.SIGALRM, before)


def test_work_within_its_budget_returns_normally_and_none_means_no_budget() -> None:
    with time_budget(5):
        total = sum(range(1000))
    with time_budget(None):
        check_budget()
    assert total == 499500


def test_outside_the_main_thread_the_checkpoints_keep_the_budget() -> None:
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_budget(0.2):
                while True:
                    time.sleep(0.01)
                    check_budget()
        except OverBudget as over:
            outcome.append(str(over))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=10)
    assert outcome == ["took longer than 0.2 s"]


def test_an_inner_budget_under_a_running_timer_is_kept_at_its_checkpoints() -> None:
    with time_budget(30):
        with pytest.raises(OverBudget, match=r"0\.1 s"), time_budget(0.1):
            while True:
                time.sleep(0.01)
                check_budget()
        check_budget()  # the outer budget is not spent


def test_a_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"), time_budget(0):
        pass
