"""`hf-crawl` with its stderr on a pseudo-terminal, as a person at a shell runs it."""

from __future__ import annotations

import asyncio
import os
import pty
import sys
from pathlib import Path

READ_BOUND_S = 120


async def run_on_terminal(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run `hf-crawl ARGS` with stderr on a terminal: its exit code and what the terminal
    received (carriage returns and erase sequences included)."""
    leader, follower = pty.openpty()
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "hf_crawler",
            *args,
            env=env,
            cwd=cwd,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=follower,
        )
    finally:
        os.close(follower)  # the child holds its own copy; EOF comes when it exits
    try:
        screen = await asyncio.wait_for(asyncio.to_thread(_read_all, leader), READ_BOUND_S)
        code = await asyncio.wait_for(proc.wait(), READ_BOUND_S)
    finally:
        os.close(leader)
    return code, screen


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: every writer of the terminal has closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")
