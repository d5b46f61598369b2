"""What a district atlas page adds to ``ledger_view.district_atlas_data``: readable names of the units
and sectors in its table, a scenario's change against the baseline per unit, and the units its edits
touched (to highlight), and the change between two inventory years for the change page (from
``mrv.year_change``). Values t CO2e/yr; no QGIS import.
"""
import numpy as np
import pandas as pd

from ..core.progress import NO_PROGRESS
from ..mrv import year_change
from ..scenarios.scenario_store import edited_units as stored_edited_units
from .labels import unit_names, words
from .report_format import interval


def named_rows(ledger, rows, language="en"):
    """``rows`` (with unit_id, sector) plus unit_name (land use, level and block/parcel codes, or the
    unit's own name) and sector_name, in ``language``. Only the rows' units are read (not the city's)."""
    ids = {"unit_id": sorted(set(rows["unit_id"]))}
    known = pd.concat([ledger.read_table("units", columns=["unit_id", "level", "name", "land_use"], match=ids),
                       ledger.read_table("links", columns=["unit_id", "level", "name"], match=ids)], ignore_index=True)
    known = known.drop_duplicates("unit_id").set_index("unit_id").reindex(rows["unit_id"]).reset_index()
    named = rows.assign(unit_name=unit_names(known, language).to_numpy(), sector_name=words(rows["sector"], language))
    return with_interval(named, "low_t", "high_t", "interval", language)


def with_interval(frame, low, high, column, language="en", sign=False):
    """``frame`` plus ``column``: the text of the 95% interval from its ``low`` to its ``high`` column
    (``report_format.interval``: '−6.1 to −1.4'; ``sign``: '+' on positive ends), for the atlas's labels."""
    return frame.assign(**{column: [interval(a, b, language, sign=sign)
                                    for a, b in zip(frame[low], frame[high], strict=True)]})


NO_CHANGE_T = 1e-6
"""A change smaller than this (t CO2e/yr) is rounding between two roll-ups of the same entries: no change."""


def change_against_baseline(ledger, frame, layer="units"):
    """``frame`` (unit_id, net_t of a scenario) with change_t: its net minus the baseline's stored net,
    t CO2e/yr (negative: the scenario lowers the net; exactly 0 below NO_CHANGE_T)."""
    baseline = ledger.read_table(layer, columns=["unit_id", "net_t"]).set_index("unit_id")["net_t"]
    change = frame["net_t"].to_numpy(dtype=float) - baseline.reindex(frame["unit_id"]).fillna(0.0).to_numpy(dtype=float)
    return frame.assign(change_t=np.where(np.abs(change) < NO_CHANGE_T, 0.0, change))


def edited_units(ledger, scenario):
    """GeoDataFrame unit_id, level, measure_id of the units and links the edits of ``scenario`` (and the
    scenarios it is built on) touched; empty for the baseline."""
    edits = stored_edited_units(ledger, scenario)
    ids = sorted(set(edits["unit_id"]))
    measures = edits.groupby("unit_id")["measure_id"].agg(lambda m: ", ".join(sorted(set(m))))
    frames = [ledger.read_layer(name, columns=["unit_id", "level"], match={"unit_id": ids})
              for name in ("units", "links")]
    edited = pd.concat(frames, ignore_index=True)
    return edited.assign(measure_id=edited["unit_id"].map(measures) if len(edited) else [])


YEAR_CHANGE_FIELDS = ("change_t", "change_low_t", "change_high_t", "activity_t", "factor_t", "method_t",
                      "significant")
"""Columns of mrv.year_change's table a district carries onto its change page, prefixed ``year_``."""


def year_change_pages(ledger, districts, from_year, to_year=None, progress=NO_PROGRESS):
    """The change from inventory year ``from_year`` to ``to_year`` (default the latest) for the atlas's
    change page, as mrv.year_change computes it (no arithmetic here).

    districts: the atlas's district frame (unit_id, ...). Returns (districts with the YEAR_CHANGE_FIELDS of
    the district's whole change as ``year_<field>`` (t CO2e/yr; NaN for a district without entries in
    either year), blocks: GeoDataFrame of each block's whole change with its geometry, labels: text of the
    two years chosen, "2022 v1" and "2023 v1").
    """
    to_year = ledger.inventory_year().year if to_year is None else int(to_year)
    tables = {}
    for level, span in (("district", progress.span(0.0, 0.5)), ("block", progress.span(0.5, 1.0))):
        table, summary = year_change.read_year_change(ledger.path, int(from_year), to_year, level, span)
        tables[level] = table[table["sector"] == year_change.ALL_SECTORS].set_index("unit_id")
    district = tables["district"][list(YEAR_CHANGE_FIELDS)].add_prefix("year_")
    districts = districts.join(district, on="unit_id")
    shapes = ledger.read_layer("units", ["unit_id"]).set_index("unit_id")
    block = tables["block"][tables["block"].index.isin(shapes.index)]
    blocks = shapes.loc[block.index].join(block).reset_index()
    return districts, blocks, (summary["from"], summary["to"])
