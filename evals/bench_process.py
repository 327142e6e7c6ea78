"""The bench's child processes: each measured from outside (exit code, wall and CPU seconds, peak RSS)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def child_env() -> dict:
    # Under CPU contention torch's default threads spin-wait: a 12 ms encode can take 500 ms.
    return {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


def run_measured(command: list[str], **options) -> tuple[int, float, float, bytes]:
    """(exit code, wall seconds, peak RSS in MB, stdout) of a child process."""
    done = measured(command, **options)
    return done["code"], done["wall_s"], done["peak_rss_mb"], done["out"]


def measured(command: list[str], **options) -> dict:
    """A child process's exit code, wall and CPU seconds (user + system, all its threads), peak RSS in MB and
    stdout. CPU seconds are what to compare on a shared machine: wall time there says more about the load."""
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, env=child_env(), **options)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {"code": child.returncode, "wall_s": time.perf_counter() - began, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024, "out": out}


def twitchqa(*arguments: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())", *arguments]


def in_child(function: str, *arguments: str) -> tuple[dict, float]:
    """Run one of evals.bench_worker's functions in a fresh process: (its JSON result, its peak RSS in MB)."""
    code = f"import json, sys; from evals.bench_worker import {function}; print(json.dumps({function}(*sys.argv[1:])))"
    status, _, rss, out = run_measured([sys.executable, "-c", code, *arguments])
    if status != 0:
        raise RuntimeError(f"bench: {function} failed (exit {status})")
    return json.loads(out.decode().strip().splitlines()[-1]), rss
