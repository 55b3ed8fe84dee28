"""A child process for tests/test_devstack.py: it leaves behind a grandchild that ignores
SIGTERM (as gunicorn's workers did), and writes the grandchild's pid to $STUBBORN_PID_FILE."""

from __future__ import annotations

import os
import subprocess
import sys
import time

IGNORING = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"

if __name__ == "__main__":
    grandchild = subprocess.Popen([sys.executable, "-c", IGNORING])
    with open(os.environ["STUBBORN_PID_FILE"], "w", encoding="utf-8") as out:
        out.write(str(grandchild.pid))
    time.sleep(600)  # SIGTERM ends this process; the grandchild stays unless its group is ended
