"""Ledger entries: activity x factor x conversion, with interval, fingerprint and provenance.

Every accounting algorithm builds a frame of *accounting rows* (what was measured or
downscaled, and which factor row applies) and passes it to :func:`finalize_entries`, which
looks the factor up in the factor table, so that every number in the ledger comes from a
factor row with a cited source:

    co2e_t = activity x factor x conversion          (t CO2e/yr; sinks negative)

``conversion`` carries unit changes and signs (1/1000 for kg -> t, a calorific value for
m3 -> TJ, -44/12 for t C uptake -> t CO2e), documented in ``conversion_note``.

The 95% interval is IPCC Approach 1 for a product (``intervals.product_bounds``), applied
separately below and above the estimate, so asymmetric factor ranges stay asymmetric. The
fingerprint is a SHA-256 over the fields that determine the value, so a
third party recomputes it from the entry, its factor row and its recorded inputs.
"""

import pandas as pd

from ..core.errors import LedgerInputError
from .intervals import PROXY, product_bounds, proxy_deviation
from .provenance import ROWS_PER_CHUNK, canonical_text, row_hashes
from ..core.version import ALGORITHM_VERSION

ACCOUNTING_COLUMNS = (
    "unit_id", "flow", "sector", "gpc_sector", "scope", "carrier",
    "activity", "activity_unit", "activity_low", "activity_high",
    "factor_id", "conversion", "conversion_note", "method",
)
"""Columns an accounting row must have; ``profile``, ``related_unit_id`` and ``inputs_hash``
are optional."""

FINGERPRINT_FIELDS = (
    "unit_id", "scenario", "flow", "sector", "carrier",
    "activity", "activity_unit", "activity_low", "activity_high",
    "factor_id", "factor", "factor_unit", "conversion", "method",
    "related_unit_id", "inputs_hash", "algorithm_version",
)
"""Fields hashed into an entry's fingerprint (not the time it was computed, nor the run)."""


def fingerprints(entries):
    """SHA-256 fingerprint of each entry over FINGERPRINT_FIELDS."""
    return row_hashes(entries, FINGERPRINT_FIELDS)


def finalize_entries(rows, factors, scenario, run_id, computed_at):
    """Turn accounting rows into ledger entries (a DataFrame with the schema's entry columns).

    rows: DataFrame with ACCOUNTING_COLUMNS (plus optional profile, related_unit_id,
    inputs_hash and the proxy error columns ``intervals.PROXY``). factors: factor table indexed by
    factor_id with value, unit, low, high, source. Raises LedgerInputError when a row names a factor
    that is not in the table.
    """
    missing = [c for c in ACCOUNTING_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(f"accounting rows lack columns {missing}")
    unknown = ~rows["factor_id"].isin(factors.index)
    if unknown.any():
        first = rows.index[unknown.to_numpy()][0]
        raise LedgerInputError(
            f"factor '{rows.at[first, 'factor_id']}' is not in the factor table "
            f"({int(unknown.sum())} rows name unknown factors)",
            layer="FACTORS", field="factor_id", row=first,
        )
    entries = rows.reset_index(drop=True)  # a copy: the caller's rows stay as they were
    factor_row = factors.index.get_indexer(entries["factor_id"])
    entries["factor"] = factors["value"].to_numpy(dtype=float)[factor_row]
    entries["factor_unit"] = factors["unit"].to_numpy(dtype=object)[factor_row]
    entries["source"] = factors["source"].to_numpy(dtype=object)[factor_row]
    for optional in ("profile", "related_unit_id", "inputs_hash") + PROXY[1:]:
        if optional not in entries.columns:
            entries[optional] = None
    entries["scenario"] = scenario
    entries["algorithm_version"] = ALGORITHM_VERSION
    entries["co2e_t"], entries["low_t"], entries["high_t"] = product_bounds(
        entries["activity"], entries["activity_low"], entries["activity_high"], entries["factor"],
        factors["low"].to_numpy(dtype=float)[factor_row], factors["high"].to_numpy(dtype=float)[factor_row],
        entries["conversion"], proxy_deviation(entries),
    )
    entries["fingerprint"] = fingerprints(entries)
    entries["entry_id"] = entry_ids(entries)
    entries["computed_at"] = computed_at
    entries["run_id"] = run_id
    return entries


def entry_ids(entries):
    """Readable, stable ids: scenario/unit/flow/sector/carrier/factor/method[/related], '#n' on repeats."""
    fields = ("scenario", "unit_id", "flow", "sector", "carrier", "factor_id", "method", "related_unit_id")
    keys = [text.replace("\x1f", "/").rstrip("/") for start in range(0, len(entries), ROWS_PER_CHUNK)
            for text in canonical_text(entries.iloc[start:start + ROWS_PER_CHUNK], fields).tolist()]
    if len(set(keys)) < len(keys):
        keys = _numbered_repeats(keys)
    return pd.Series(keys, index=entries.index, dtype=object)


def _numbered_repeats(keys):
    """The keys with '#n' appended to the n-th occurrence (n >= 2) of a repeated key."""
    seen, numbered = {}, []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        numbered.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return numbered
