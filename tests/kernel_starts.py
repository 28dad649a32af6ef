"""nbval's kernel start, tried again when the kernel dies before it answers.

Now and then (about one ``make test`` in six here, always a notebook's first kernel at the
start of the run) a kernel that nbval starts exits before it replies to ``kernel_info``, and
every cell of that notebook errors. That says nothing about the notebook, so the start is tried
again, up to :data:`STARTS` times. What the dead kernel wrote to stderr, which nbval sends to
``/dev/null``, is kept and shown in a warning, so the cause can be read in the run's summary.
"""

from __future__ import annotations

import functools
import tempfile
import warnings
from collections.abc import Callable
from typing import Any

#: Starts tried before a notebook's cells error.
STARTS = 3


def retrying(start: Callable[..., Any]) -> Callable[..., Any]:
    """``start`` (nbval's ``start_new_kernel``), called again while it raises ``RuntimeError``.

    Each attempt's kernel writes its stderr to a file of its own; when an attempt fails, the
    end of that file goes into the warning (or, after the last attempt, into the error).
    """

    @functools.wraps(start)
    def start_again(*args: Any, **kwargs: Any) -> Any:
        kwargs.pop("stderr", None)
        for attempt in range(1, STARTS + 1):
            # the kernel keeps its own copy of the descriptor: closing ours does not stop it
            with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
                try:
                    return start(*args, stderr=log, **kwargs)
                except RuntimeError as exc:
                    log.seek(0)
                    said = log.read()[-2000:].strip() or "(nothing)"
                    message = f"{exc} (start {attempt} of {STARTS}); the kernel's stderr: {said}"
                    if attempt == STARTS:
                        raise RuntimeError(message) from exc
                    warnings.warn(message, RuntimeWarning, stacklevel=2)

    return start_again


def install() -> None:
    """Make nbval start its kernels through :func:`retrying`."""
    import nbval.kernel

    if not hasattr(nbval.kernel.start_new_kernel, "__wrapped__"):
        nbval.kernel.start_new_kernel = retrying(nbval.kernel.start_new_kernel)
