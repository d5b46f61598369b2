"""Everything a district atlas page shows, read district by district: no page holds the whole city's entries.

For the baseline (of the latest inventory year, whose totals the units and links store) each district's
subtree of units and links is read through the parent_id indexes and its entries through the entries'
unit_id index (``Ledger.subtree``) into a ``LedgerView`` of that district alone: its
roll-up is that of the whole city for those units (a district's totals rest on its own entries only), its
stored totals are checked against it (``totals.require_agreement``) and the stored intervals shown, as
``LedgerView.use_stored_intervals`` does for the whole city. The units above the districts (the city) are
checked from their own entries and the districts' totals. The map draws the stored totals straight from the
ledger's layers (``stored_map``: no geometry is read here). Peak memory is one district's entries plus a few
numbers per map feature. A scenario stores no totals: it is read whole. No QGIS import.
"""
import contextlib

import numpy as np
import pandas as pd

from ..core.ahead import beside, results_in_order
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from ..ledger import totals as totals_module
from ..ledger.hierarchy import Hierarchy
from ..ledger.partitions import ENVELOPE
from ..ledger.queries import ordered_layer_sql
from ..ledger.schema import BASELINE
from .ledger_view import (ATLAS_ENTRY_COLUMNS, HIERARCHY_COLUMNS, LedgerView, interval_method, same_intervals,
                          scenario_names, sources_text)

ATLAS_MAP_LEVELS = ("parcel", "block", "district")
"""Levels a district map draws, first present wins: parcels if the ledger has them, else blocks."""
TOTALS = list(totals_module.TOTAL_COLUMNS)
BOUNDS = ["net_low_t", "net_high_t"]


def atlas_map_level(levels):
    """The unit level drawn on district maps: the first of ATLAS_MAP_LEVELS among ``levels`` (those the ledger has)."""
    present = set(levels)
    return next((level for level in ATLAS_MAP_LEVELS if level in present), None)


def district_atlas_data(ledger, scenario=BASELINE, top=5, progress=None):
    """Everything a district map page shows, for every district of ``ledger`` in ``scenario``.

    Returns a dict of frames (geometries in the ledger CRS, values t CO2e/yr):
    districts -- GeoDataFrame unit_id, name, source_t, sink_t, net_t, net_low_t, net_high_t,
    factor_sources (text), factors_left_out (count), computed (text); top -- DataFrame district_id, flow, unit_id,
    name, sector, co2e_t, low_t, high_t (the ``top`` largest sources and sinks of each district); units and links --
    for the baseline ``stored_map``'s frames (drawn from the ledger, with ``layer_sql``), for a scenario
    GeoDataFrames of the ATLAS_MAP_LEVELS level's units (unit_id, level, area_m2 and totals) and of the links
    (length_m and totals). Raises LedgerInputError for an unknown scenario, a ledger without districts, or stored
    totals that are not the sums of the entries.
    """
    progress = progress or NO_PROGRESS
    if scenario not in scenario_names(ledger):
        raise LedgerInputError(
            tr("no scenario '{scenario}' in the ledger (it has: {scenarios})").format(
                scenario=scenario, scenarios=", ".join(scenario_names(ledger))),
            layer="LEDGER", field="SCENARIO",
        )
    districts = ledger.units_of_levels(["district"], ["unit_id", "parent_id", "name"])
    if districts.empty:
        raise LedgerInputError(tr("the ledger has no district units to map"), layer="units", field="level")
    level = atlas_map_level(ledger.distinct("units", "level"))
    if scenario == BASELINE:
        with beside(lambda _: stored_map(ledger, level)) as map_frames:  # the map's numbers read beside the pages'
            pages, totals, intervals = _stored_baseline(ledger, districts, top, progress)
            maps = map_frames()
    else:
        pages, totals, intervals = _whole_view(ledger, districts, scenario, top, progress)
        maps = {"units": ledger.units_of_levels([level], ["unit_id", "level", "area_m2"]).join(totals, on="unit_id"),
                "links": ledger.read_layer("links", ["unit_id", "level", "length_m"]).join(totals, on="unit_id")}
    districts = districts.drop(columns="parent_id").join(totals, on="unit_id")
    districts["intervals"] = intervals
    districts["factor_sources"] = [page[0] for page in pages]
    districts["factors_left_out"] = [page[1] for page in pages]
    districts["computed"] = [page[2] for page in pages]
    progress(1.0, tr("map layers read"))
    return {"districts": districts, "top": pd.concat([page[3] for page in pages], ignore_index=True), **maps}


def stored_map(ledger, level):
    """What the baseline's map draws, straight from the ledger's layers (no geometry read): units -- the units of
    ``level`` and links -- every link, each a DataFrame of level, area_m2 (length_m), net_t as stored (checked against
    the entries district by district, t CO2e/yr) and their ENVELOPE (m), in fid order; layer_sql -- the SQL each
    map layer reads ({"units": .., "links": ..}: those rows, in fid order, with the two columns its renderer reads)."""
    maps, layer_sql = {}, {}
    for name, measure, match in (("units", "area_m2", {"level": level}), ("links", "length_m", {})):
        frame = pd.DataFrame(ledger.matching_arrays(name, ["level", measure, "net_t"], match))
        frame[ENVELOPE] = ledger.envelopes(name, match)
        maps[name] = frame
        layer_sql[name] = ordered_layer_sql(name, [measure, "net_t"], match)
    return dict(maps, layer_sql=layer_sql)


def page_of(view, unit_id, top):
    """(factor sources text, factors left out, computed range text, top rows) of district ``unit_id`` in ``view``."""
    text, omitted = sources_text(view.factor_sources(unit_id), limit=110, count=8)
    first, last, _ = view.computed_range(unit_id)
    top_rows = view.top_entries(unit_id, top)
    top_rows.insert(0, "district_id", unit_id)
    return text, omitted, f"{first} – {last}" if first else "", top_rows


def _whole_view(ledger, districts, scenario, top, progress):
    """Pages, TOTAL_COLUMNS by unit_id and interval method from one view of every entry of ``scenario``."""
    view = LedgerView.read(ledger, scenario, columns=ATLAS_ENTRY_COLUMNS)
    progress(0.3, tr("entries read"))
    pages = []
    for i, unit_id in enumerate(districts["unit_id"]):
        pages.append(page_of(view, unit_id, top))
        progress(0.3 + 0.7 * (i + 1) / len(districts), None)
    return pages, view.totals[TOTALS], view.interval_method


def _stored_baseline(ledger, districts, top, progress):
    """Pages, the districts' TOTAL_COLUMNS by unit_id and the interval method of the latest baseline, one district
    at a time (see the module's docstring). The stored totals of every unit are checked against the sums of its
    entries; the Approach 1 intervals (two thirds of a roll-up's cost) are worked out for the first district, whose
    units tell how the stored intervals were made, and for a district storing none."""
    year = ledger.year_match()
    columns = list(HIERARCHY_COLUMNS) + TOTALS
    pages, kept, same, inside = [], [], None, 0
    ids = districts["unit_id"].tolist()
    subtrees = results_in_order(lambda unit_id: ledger.subtree(unit_id, columns, list(ATLAS_ENTRY_COLUMNS), BASELINE,
                                                               year), ids)  # the next districts read in threads
    with contextlib.closing(subtrees):  # a failure or a cancel stops the reads
        for i, (unit_id, (rows, entries)) in enumerate(zip(ids, subtrees, strict=True)):
            hierarchy = rows[list(HIERARCHY_COLUMNS)].copy()
            hierarchy.loc[0, "parent_id"] = None
            stored = rows.set_index("unit_id")[TOTALS]
            view = LedgerView(entries, hierarchy, totals=stored)  # its pages read no totals: none rolled up here
            approach1 = same is None or stored.loc[unit_id, BOUNDS].isna().any()
            rolled = totals_module.unit_totals(entries, view.tree, bounds=approach1)
            totals_module.require_agreement(rows[["unit_id"] + TOTALS], rolled)
            same = same_intervals(stored, rolled) if same is None else same
            district = rolled.loc[[unit_id], list(totals_module.CHECKED_TOTALS)]
            bounds = stored.loc[[unit_id], BOUNDS]
            kept.append(district.join(bounds if bounds.notna().all(axis=None) else rolled.loc[[unit_id], BOUNDS]))
            inside += len(rows)
            pages.append(page_of(view, unit_id, top))
            progress((i + 1) / len(districts), None)
    kept = pd.concat(kept)
    _check_above_districts(ledger, districts, kept, _outside(ledger, districts, inside), year)
    return pages, kept, interval_method(ledger, bool(same))


def _outside(ledger, districts, inside):
    """unit_id, parent_id, level, name and TOTAL_COLUMNS of the units and links in no district: the districts'
    ancestors and the links hanging from them, read up the parent_id chain, when with the ``inside`` rows of the
    districts' subtrees they are the whole ledger (the city above its districts); else ``rows_outside``."""
    columns = list(HIERARCHY_COLUMNS) + TOTALS
    found, seen, parents = [], set(), set(districts["parent_id"].dropna()) - {""}
    while parents:
        found.append(ledger.read_table("units", columns, {"unit_id": sorted(parents)}))
        seen |= parents
        parents = set(found[-1]["parent_id"].dropna()) - seen - {""}
    ancestors = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=columns)
    links = ledger.read_table("links", columns, {"parent_id": ancestors["unit_id"].tolist()})
    rows = pd.concat([part for part in (ancestors, links) if len(part)] or [ancestors], ignore_index=True)
    if inside + len(rows) == ledger.count("units") + ledger.count("links"):
        return rows
    return ledger.rows_outside("district", columns)


def _check_above_districts(ledger, districts, district_totals, rows, year):
    """Refuse stored totals of the units and links in no district (``rows``: unit_id, parent_id, level and TOTAL_COLUMNS
    as stored) that are not the sums of their own entries and the districts' totals (``district_totals``: TOTAL_COLUMNS
    by unit_id)."""
    if rows.empty:
        return
    tree = Hierarchy(pd.concat([rows[list(HIERARCHY_COLUMNS)], districts[["unit_id", "parent_id"]]],
                               ignore_index=True))
    entries = ledger.entries_of_units(rows["unit_id"], BASELINE, ["unit_id", "flow", "co2e_t"], year)
    direct = entries[entries["flow"].isin(["source", "sink"])]
    unit = tree.codes(direct["unit_id"].to_numpy())
    value = direct["co2e_t"].to_numpy(dtype=float)
    is_source = (direct["flow"] == "source").to_numpy()
    sums = np.column_stack([np.bincount(unit, weights=np.where(is_source, value, 0.0), minlength=len(tree)),
                            np.bincount(unit, weights=np.where(is_source, 0.0, value), minlength=len(tree))])
    sums = sums.astype(float)  # bincount of no entries is int
    sums[len(rows):] = district_totals.loc[districts["unit_id"], ["source_t", "sink_t"]].to_numpy(dtype=float)
    source, sink = tree.roll_up(sums, skip_cycles=True)[:len(rows)].T
    rolled = pd.DataFrame({"source_t": source, "sink_t": sink, "net_t": source + sink},
                          index=pd.Index(rows["unit_id"], name="unit_id"))
    totals_module.require_agreement(rows[["unit_id"] + TOTALS], rolled)
