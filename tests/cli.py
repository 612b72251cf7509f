"""Run the real ``kgraph`` command in-process (click's CliRunner) or as a subprocess."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner, Result

from kgraph.cli import cli


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def run_process(*args: str, input: bytes | None = None, env: dict | None = None):
    """The command as a user runs it: a separate process, its exit code and streams."""
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *args], input=input, capture_output=True, env=env,
        timeout=300,
    )
