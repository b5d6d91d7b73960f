"""What the command line imports: a crawl never loads the fake Hub (a process of its own,
so that nothing the test session imported counts)."""

from __future__ import annotations

import subprocess
import sys


def test_the_cli_does_not_load_the_fake_hub_unless_asked() -> None:
    probe = "import sys, hf_crawler.cli.main; print(any('fakehub' in m for m in sys.modules))"
    shown = subprocess.run(  # noqa: S603  # our own interpreter running a fixed probe
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert shown.stdout.strip() == "False"
