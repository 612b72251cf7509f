#!/usr/bin/env bash
# Create .venv and install kgraph with every dependency pinned by hash in requirements.lock.
# The lock holds every package the project needs (uv resolved it), so pip installs it
# as it is (--no-deps): resolving again, pip looks an extra's requirement (weasel's
# smart-open[http]) up on the index apart from its pin, and a newer release there makes
# hash-checking refuse the whole install. pip check then proves the set is complete.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
  --no-deps -r requirements.lock
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
if ! broken=$(.venv/bin/python -m pip check --disable-pip-version-check); then
  echo "$broken" >&2
  exit 1
fi
