#!/usr/bin/env bash
# Set up clearpath on a fresh machine (Python 3.11+) and run the main job on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# OCR of scanned RAP sheets needs Tesseract, and scanned PDFs need poppler's pdftoppm (Debian packages).
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-eng)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || need+=(fonts-dejavu-core)
# The web app's browser tests drive Debian's Chromium headless through Playwright (no browser download).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "note: install ${need[*]} for OCR of scanned RAP sheets (everything else works without them)" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
if [ "${CLEARPATH_SETUP_ONLY:-}" != "1" ]; then
  .venv/bin/clearpath check src/clearpath/examples/example-person.json --as-of "${AS_OF:-$(date +%F)}"
  # The web app's database (SQLite, no configuration) with a demo organisation; then how to start it.
  .venv/bin/clearpath serve --check
  echo "Start the web app (screener, advocate workspace, bulk jobs, API): .venv/bin/clearpath serve"
fi
