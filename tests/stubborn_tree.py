"""A child process for tests/test_devstack.py: it leaves behind a grandchild that ignores
SIGTERM (as gunicorn's workers did), and writes the grandchild's pid to $STUBBORN_PID_FILE.
With $STUBBORN_GRACE it takes that many seconds to exit after SIGTERM, as gunicorn's master
does while its workers finish."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

IGNORING = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"



def _slowly(signum: int, frame: object) -> None:
    """Exit only after the grace, like a server finishing its requests."""
    time.sleep(float(os.environ["STUBBORN_GRACE"]))
    sys.exit(0)


if __name__ == "__main__":
    if os.environ.get("STUBBORN_GRACE"):
        signal.signal(signal.SIGTERM, _slowly)
    grandchild = subprocess.Popen([sys.executable, "-c", IGNORING])
    with open(os.environ["STUBBORN_PID_FILE"], "w", encoding="utf-8") as out:
        out.write(str(grandchild.pid))
    time.sleep(600)  # SIGTERM ends this process; the grandchild stays unless its group is ended
