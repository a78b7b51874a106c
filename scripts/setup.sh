#!/usr/bin/env bash
# Set up clearpath on a fresh machine (Python 3.11+) and run the main job on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
if [ "${CLEARPATH_SETUP_ONLY:-}" != "1" ]; then
  .venv/bin/clearpath check src/clearpath/examples/example-person.json --as-of "${AS_OF:-$(date +%F)}"
fi
