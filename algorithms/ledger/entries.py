"""Ledger entries: activity x factor x conversion, with interval, fingerprint and provenance.

Every accounting algorithm builds a frame of *accounting rows* (what was measured or
downscaled, and which factor row applies) and passes it to :func:`finalize_entries`, which
looks the factor up in the factor table, so that every number in the ledger comes from a
factor row with a cited source:

    co2e_t = activity x factor x conversion          (t CO2e/yr; sinks negative)

``conversion`` carries unit changes and signs (1/1000 for kg -> t, a calorific value for
m3 -> TJ, -44/12 for t C uptake -> t CO2e), documented in ``conversion_note``.

The 95% interval is IPCC Approach 1 for a product (``intervals.product_bounds``), applied
separately below and above the estimate, so asymmetric factor ranges stay asymmetric. An entry is
hashed in two stages (schema 8), so that a new interval rehashes nothing but the interval: its
``content_digest``, a SHA-256 over every column that makes or describes the number but the interval
(CONTENT_FIELDS) and over the unit it belongs to (attributes and geometry, which proxies used), and its
``fingerprint``, a SHA-256 over the content digest and the interval (FINGERPRINT_FIELDS). A third party
recomputes both from the ledger; the store sets them with the unit digests when it writes an entry.
"""

import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from . import schema
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

NOT_FINGERPRINTED = ("content_digest", "fingerprint", "run_id", "computed_at")
"""Entry columns hashed into no digest: the two digests themselves, and the run and time that wrote the entry
(those are in the run's seal: see seals.py)."""
INTERVAL_FIELDS = ("low_t", "high_t")
"""Entry columns kept out of the content digest and hashed beside it into the fingerprint: the 95% interval, which
a run of carbonledger:uncertainty rewrites on every entry (issue 22)."""
UNIT_DIGEST_FIELDS = ("unit_digest", "related_unit_digest")
"""The digests of an entry's unit and related unit (``seals.unit_digests``: every attribute but the totals, and
the geometry), hashed last into its content digest."""
CONTENT_FIELDS = tuple(c for c in schema.columns("entries") if c not in NOT_FINGERPRINTED + INTERVAL_FIELDS) + (
    UNIT_DIGEST_FIELDS)
"""Fields hashed into an entry's content digest: every entries column of the schema but NOT_FINGERPRINTED and
INTERVAL_FIELDS (so a column added to the schema is covered without a change here), then UNIT_DIGEST_FIELDS."""
FINGERPRINT_FIELDS = ("content_digest", *INTERVAL_FIELDS)
"""Fields hashed into an entry's fingerprint: its content digest and its interval."""
SCHEMA_7_FIELDS = (
    "entry_id", "unit_id", "scenario", "flow", "sector", "gpc_sector", "scope", "carrier", "activity", "activity_unit",
    "activity_low", "activity_high", "factor_id", "factor", "factor_unit", "conversion", "conversion_note", "co2e_t",
    "low_t", "high_t", "method", "source", "profile", "related_unit_id", "inputs_hash", "proxy_error", "proxy_share",
    "proxy_concentration", "algorithm_version", "inventory_year", "year_version", *UNIT_DIGEST_FIELDS)
"""Fields an entry's fingerprint hashed in one stage in schemas 6 and 7 (frozen: the migration to schema 8 checks
the fingerprints of those schemas with ``content_digests(..., fields=SCHEMA_7_FIELDS)``)."""
_NUMERIC = {c for c, sql_type, _ in schema.ENTRIES if sql_type.split()[0] in ("REAL", "INTEGER")}


def content_digests(entries, unit_digests=None, fields=CONTENT_FIELDS):
    """SHA-256 (hex) of each entry's canonical line over ``fields`` (CONTENT_FIELDS: its content digest;
    SCHEMA_7_FIELDS: its fingerprint of schemas 6 and 7).

    unit_digests: Series unit_id -> digest of the unit (``seals.unit_digests``); the ledger's store
    passes it when it writes entries. Without it (entries not yet written) the unit digests are
    empty. Numeric columns are hashed as floats and text as text, whatever dtype the frame holds.
    """
    frame = pd.DataFrame(index=entries.index)
    for field in fields:
        if field in entries.columns and field not in UNIT_DIGEST_FIELDS:
            column = entries[field]
            frame[field] = pd.to_numeric(column, errors="coerce").astype(float) if field in _NUMERIC else column
    for field, unit in zip(UNIT_DIGEST_FIELDS, ("unit_id", "related_unit_id"), strict=True):
        if unit_digests is not None and unit in entries.columns:
            frame[field] = entries[unit].map(unit_digests)
    return row_hashes(frame, fields)


def fingerprints(content, low, high):
    """SHA-256 (hex) of each entry's canonical line over FINGERPRINT_FIELDS: its ``content`` digest (a sequence of
    hex texts, None where missing) and its interval ``low``, ``high`` (t CO2e/yr, floats as the content spells
    them: repr, empty for NULL)."""
    frame = pd.DataFrame({"content_digest": pd.Series(content, dtype=object).to_numpy(),
                          **{field: pd.to_numeric(pd.Series(bounds), errors="coerce").to_numpy(dtype=float)
                             for field, bounds in zip(INTERVAL_FIELDS, (low, high), strict=True)}})
    return row_hashes(frame, FINGERPRINT_FIELDS)


def digests(entries, unit_digests=None):
    """(content digests, fingerprints) of ``entries``, two lists (``content_digests``, then ``fingerprints``)."""
    content = content_digests(entries, unit_digests)
    return content, fingerprints(content, *(entries[field] for field in INTERVAL_FIELDS))


def finalize_entries(rows, factors, scenario, run_id, computed_at, fingerprint=True, ids=None):
    """Turn accounting rows into ledger entries (a DataFrame with the schema's entry columns).

    rows: DataFrame with ACCOUNTING_COLUMNS (plus optional profile, related_unit_id,
    inputs_hash and the proxy error columns ``intervals.PROXY``). factors: factor table indexed by
    factor_id with value, unit, low, high, source. fingerprint: False for entries an algorithm is
    about to write (their content digest and fingerprint are then None: the store sets them as it writes
    them, over their units' digests too; hashing them here first was a third of a 500,000-entry write).
    ids: the entry ids of ``rows`` when they are a slice of a larger set (``entry_ids`` numbers repeats over all
    of it). Raises LedgerInputError when a row names a factor that is not in the table.
    """
    _require_factors(rows, factors)
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
    entries["entry_id"] = entry_ids(entries) if ids is None else pd.Series(ids, dtype=object).to_numpy()
    entries["content_digest"], entries["fingerprint"] = digests(entries) if fingerprint else (None, None)
    entries["computed_at"] = computed_at
    entries["run_id"] = run_id
    return entries


ID_FIELDS = ("scenario", "unit_id", "flow", "sector", "carrier", "factor_id", "method", "related_unit_id")
"""Columns an entry id spells (``entry_ids``)."""


def finalized_slices(rows, factors, scenario, run_id, computed_at, size):
    """The entries of ``finalize_entries(rows, ..., fingerprint=False)`` as frames of ``size`` rows, in row order
    (at least one frame): the same entries and ids, without all of them held at once.

    rows: a frame, or a list of frames (the rows in order, as one frame would be their concatenation): the list is
    emptied as it is finalised, each frame let go once its last slice is made, so the rows are never held twice."""
    parts = rows if isinstance(rows, list) else [rows]
    for part in parts:
        _require_factors(part, factors)
    ids = entry_ids(pd.concat([part[[c for c in ID_FIELDS if c in part.columns]] for part in parts],
                              ignore_index=True).assign(scenario=scenario)).to_numpy()
    offset = 0
    while parts:
        part = parts.pop(0)
        for start in range(0, max(len(part), 1), size):
            yield finalize_entries(part.iloc[start:start + size], factors, scenario, run_id, computed_at,
                                   fingerprint=False, ids=ids[offset + start:offset + min(start + size, len(part))])
        offset += len(part)


def _require_factors(rows, factors):
    """Raise ValueError when ``rows`` lack ACCOUNTING_COLUMNS, LedgerInputError when a row names a factor that
    is not in ``factors`` (indexed by factor_id)."""
    missing = [c for c in ACCOUNTING_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(f"accounting rows lack columns {missing}")
    unknown = ~rows["factor_id"].isin(factors.index)
    if unknown.any():
        first = rows.index[unknown.to_numpy()][0]
        raise LedgerInputError(
            tr("factor '{factor_id}' is not in the factor table ({count} rows name unknown factors)").format(
                factor_id=rows.at[first, "factor_id"], count=int(unknown.sum())),
            layer="FACTORS", field="factor_id", row=first,
        )


def entry_ids(entries):
    """Readable, stable ids: scenario/unit/flow/sector/carrier/factor/method[/related], '#n' on repeats."""
    keys = [text.replace("\x1f", "/").rstrip("/") for start in range(0, len(entries), ROWS_PER_CHUNK)
            for text in canonical_text(entries.iloc[start:start + ROWS_PER_CHUNK], ID_FIELDS).tolist()]
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
