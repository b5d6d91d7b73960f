"""What every benchmark here shares: run a program and take its wall time, CPU and peak RSS;
take the Postgres server's CPU over the same span; start the helpers (fake Hub, proxy)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TICKS = os.sysconf("SC_CLK_TCK")


def measured(cmd: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    """Run `cmd` to the end; its wall time, CPU time and peak RSS (from wait4)."""
    started = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=err, cwd=ROOT)  # noqa: S603
        out = proc.stdout.read().decode() if proc.stdout else ""
        _, status, usage = os.wait4(proc.pid, 0)
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": os.waitstatus_to_exitcode(status),
        "stdout": out,
    }


class ServerCpu:
    """CPU seconds the Postgres server spent: every live server process (the postmaster and
    its children) plus what the postmaster collected from children that exited (a closed
    connection's backend), from /proc/<pid>/stat (proc(5): utime, stime, cutime, cstime)."""

    def __init__(self, pgdata: Path) -> None:
        self._postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])

    def seconds(self) -> float:
        ticks = 0
        for pid in [self._postmaster, *self._children()]:
            fields = _stat(pid)
            if fields:
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
                if pid == self._postmaster:
                    ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
        return ticks / TICKS

    def _children(self) -> Iterator[int]:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                fields = _stat(int(entry.name))
                if fields and int(fields[1]) == self._postmaster:
                    yield int(entry.name)

    @contextmanager
    def over(self, into: dict[str, Any]) -> Iterator[None]:
        """Put the server's CPU over the `with` block into `into["pg_cpu_s"]`."""
        before = self.seconds()
        yield
        into["pg_cpu_s"] = round(self.seconds() - before, 2)


def _stat(pid: int) -> list[str] | None:
    """/proc/<pid>/stat after the command name, which may hold spaces: index 1 = ppid."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def run_finished(log: Path) -> dict[str, Any]:
    for line in log.read_text().splitlines():
        if '"run_finished"' in line:
            return dict(json.loads(line))
    tail = "\n".join(log.read_text().splitlines()[-15:])
    raise RuntimeError(f"no run_finished event in {log}; it ended with:\n{tail}")


def start(cmd: list[str], env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Start a helper; returns it and the first line it prints (its port or URL)."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    stream = proc.stderr if "fakehub" in " ".join(cmd) else proc.stdout
    assert stream is not None  # noqa: S101
    return proc, stream.readline().decode().strip()


def fakehub_cmd(tasks: int, per_task: int, *extra: str) -> list[str]:
    """The fake Hub on a free port, with `tasks` tasks of `per_task` models each."""
    return [
        str(BIN / "hf-crawl"),
        "fakehub",
        "--port",
        "0",
        "--tasks",
        str(tasks),
        "--models-per-task",
        str(per_task),
        "--overlap",
        "0.2",
        *extra,
    ]


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310  # the fake Hub
        return json.loads(response.read())


def post(url: str) -> Any:
    request = urllib.request.Request(url, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  # the fake Hub
        return json.loads(response.read())
