"""Write the ledger schema tables of docs/schema.md from algorithms/ledger/schema.py (between the schema markers)."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "build", "plugins"))

from urban_carbon_ledger.algorithms.ledger import schema  # noqa: E402

PAGE = os.path.join(ROOT, "docs", "schema.md")
"""The manual page that holds the generated tables."""


def markdown():
    """The schema as Markdown: its version, then one table per layer or table."""
    parts = [
        f"Schema version {schema.SCHEMA_VERSION}, recorded in the `schema_version` row of `ledger_info`. "
        "A ledger of an older schema is migrated explicitly, one step per version "
        "(`algorithms/ledger/migrations.py`), when a tool or dock opens it; one of a newer schema is refused.\n",
    ]
    for name, (geometry, columns) in schema.SPATIAL_LAYERS.items():
        parts.append(f"### `{name}` ({geometry.lower()} layer)\n")
        parts.append(_table(columns))
    for name, columns in schema.TABLES.items():
        parts.append(f"### `{name}` (table)\n")
        parts.append(_table(columns))
    return "\n".join(parts)


def _table(columns):
    rows = ["| column | type | meaning |", "|---|---|---|"]
    rows += [f"| `{c}` | {t} | {d} |" for c, t, d in columns]
    return "\n".join(rows) + "\n"


def main():
    text = open(PAGE, encoding="utf-8").read()
    block = f"<!-- schema:start -->\n{markdown()}<!-- schema:end -->"
    text = re.sub(r"<!-- schema:start -->.*?<!-- schema:end -->", lambda _: block, text, flags=re.S)
    open(PAGE, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
