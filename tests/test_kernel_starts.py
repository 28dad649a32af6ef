"""nbval's kernel start, tried again when the kernel dies before answering."""

import pytest

from tests.kernel_starts import STARTS, retrying


class FlakyStart:
    """A stand-in for nbval's start: its first ``failures`` kernels die, saying why."""

    def __init__(self, failures: int):
        self.failures = failures
        self.calls = 0

    def __call__(self, **kwargs):
        self.calls += 1
        if self.calls <= self.failures:
            kwargs["stderr"].write(f"zmq.error.ZMQError: Address already in use ({self.calls})\n")
            kwargs["stderr"].flush()
            raise RuntimeError("Kernel died before replying to kernel_info")
        return ("manager", "client", kwargs["kernel_name"])


def test_a_kernel_that_dies_at_start_is_started_again_and_its_words_shown():
    start = FlakyStart(failures=STARTS - 1)
    with pytest.warns(RuntimeWarning) as caught:
        started = retrying(start)(kernel_name="python3", stderr=None, startup_timeout=60)
    assert started == ("manager", "client", "python3")
    assert start.calls == STARTS
    messages = [str(warning.message) for warning in caught]
    assert len(messages) == STARTS - 1
    assert "Address already in use (1)" in messages[0]
    assert f"start 1 of {STARTS}" in messages[0]


def test_a_kernel_that_always_dies_fails_with_the_last_words():
    start = FlakyStart(failures=STARTS)
    with pytest.warns(RuntimeWarning), pytest.raises(RuntimeError, match=f"use \\({STARTS}\\)"):
        retrying(start)(kernel_name="python3")
    assert start.calls == STARTS


def test_a_kernel_that_starts_is_started_once(recwarn):
    start = FlakyStart(failures=0)
    retrying(start)(kernel_name="python3")
    assert start.calls == 1
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_the_suite_starts_nbval_kernels_through_the_retry():
    import nbval.kernel

    assert hasattr(nbval.kernel.start_new_kernel, "__wrapped__")
