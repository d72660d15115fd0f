"""Worker pools that never outlive the command: orphans exit, Ctrl-C stops at once.

A pool worker started by ``worker_pool`` ignores SIGINT (the terminal sends it
to the whole process group; the parent alone decides what stopping means) and
exits as soon as its parent is gone, even after SIGKILL, when no ``finally``
runs: on Linux through ``PR_SET_PDEATHSIG``, everywhere through a watchdog
thread that notices the parent process changed. When the ``with`` block ends
with an exception (Ctrl-C included), queued work is cancelled and the workers
are terminated instead of waited for.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

#: how often a worker checks that its parent is alive (the fallback where prctl is missing)
WATCH_SECONDS = 0.2


@contextlib.contextmanager
def worker_pool(max_workers: int, initializer=None, initargs: tuple = ()):
    """A ``ProcessPoolExecutor`` whose workers end with the command, however it ends."""
    pool = ProcessPoolExecutor(max_workers=max_workers, initializer=_start,
                               initargs=(os.getpid(), initializer, initargs))
    try:
        yield pool
    except BaseException:
        stop(pool)
        raise
    pool.shutdown()


def stop(pool: ProcessPoolExecutor) -> None:
    """Cancel queued work and end the workers now, without waiting for running tasks."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    deadline = time.monotonic() + 2
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(max(0.0, deadline - time.monotonic()))


def _start(parent: int, initializer, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    follow_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def follow_parent(parent: int) -> None:
    """Make this process exit when ``parent`` dies."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before we could ask
        os._exit(1)

    def watch():
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="osmose-orphan-watch", daemon=True).start()
