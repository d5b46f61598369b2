#!/usr/bin/env bash
# Refresh resources/i18n/*.ts from the sources (keeping translations), then compile each to .qm.
# `make translations` runs this. Translate the unfinished messages with Qt Linguist
# (`linguist resources/i18n/urban_carbon_ledger_zh.ts`) and run it again.
set -euo pipefail
cd "$(dirname "$0")/.."
"${PYTHON:-.venv/bin/python}" scripts/update_translations.py
for ts in resources/i18n/*.ts; do
    lrelease -silent "$ts" -qm "${ts%.ts}.qm"
done
