"""The unit tier's rule is kept by its conftest: a socket, a process or a signal fails."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest

from tests.unit.conftest import TierBroken


def test_a_unit_test_cannot_connect_listen_spawn_or_signal() -> None:
    with socket.socket() as client, pytest.raises(TierBroken, match="connect a socket"):
        client.connect(("127.0.0.1", 9))
    with socket.socket() as listener, pytest.raises(TierBroken, match="listen on a socket"):
        listener.bind(("127.0.0.1", 0))
    with pytest.raises(TierBroken, match="start a process"):
        subprocess.run([sys.executable, "-c", "pass"], check=False)
    with pytest.raises(TierBroken, match="send a signal"):
        os.kill(os.getpid(), signal.SIGINT)
