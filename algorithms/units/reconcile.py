"""Re-segmenting a ledger that holds units already: new units that overlap old ones keep the old ids, and
the rows hanging from old units (entries, stocks, unit_stats, scenario edits) are reported, never silently
deleted or attached to another unit.

An old and a new unit of one level match when their intersection over union exceeds ``MATCH_IOU``
(areas; for links, lengths within LINK_REACH of each other). Above 0.5 a unit has at most one
partner among units that tile their parent. Level by level from the top, a matched new unit keeps
the old id when its parent (with its final id) is the old unit's parent; every other new unit gets
the next number free under its parent, after every number the old ledger used there, so the id of
a vanished unit is never given to another unit. Districts and the city keep their ids (codes).

Each old unit ends as ``kept`` (same id, same geometry within the snap grid), ``moved`` (same id,
geometry changed: its rows follow the id and should be checked) or ``orphaned`` (no new unit took its
id: its rows stay under an id no unit holds; rerun the accounting). Image segments of a kept parcel stay; the others
are orphaned.
"""
import dataclasses

import numpy as np
import pandas as pd
import shapely

from ..core.messages import joined, tr
from .unit_ids import child_ids

MATCH_IOU = 0.5
"""Least intersection over union (ratio) for an old and a new unit to be the same unit."""

LINK_REACH = 0.5
"""Distance (m) within which a stretch of an old link lies on a new one (a re-digitised centreline;
carriageways of one road are metres apart)."""

NUMBERED = ("block", "parcel", "building")
"""Unit levels numbered under their parent (links are numbered under their district apart)."""

TABLES = ("entries", "stocks", "unit_stats", "edits")
"""Tables whose rows hang from a unit, counted per unit in the report."""


@dataclasses.dataclass
class Reconciled:
    """Result of ``reconcile``: the new units and links with their final ids (and parent ids), the ids
    of the old segments that stay, and the report: unit_id, level, status, overlap (ratio) per old unit."""

    units: pd.DataFrame
    links: pd.DataFrame
    kept_segments: np.ndarray
    report: pd.DataFrame


def overlap_pairs(old_geometry, new_geometry, linear, snap):
    """(old position, new position, intersection over union) of the pairs above MATCH_IOU, one partner each.

    linear: lines (lengths within LINK_REACH or ``snap`` m of each other) instead of polygons (areas).
    """
    old_geometry = np.asarray(old_geometry, dtype=object)
    new_geometry = np.asarray(new_geometry, dtype=object)
    near = shapely.STRtree(new_geometry).query(old_geometry, predicate="dwithin" if linear else "intersects",
                                               **({"distance": max(snap, LINK_REACH)} if linear else {}))
    old, new = old_geometry[near[0]], new_geometry[near[1]]
    if linear:
        reach = max(snap, LINK_REACH)
        common = np.minimum(shapely.length(shapely.intersection(old, shapely.buffer(new, reach))),
                            shapely.length(shapely.intersection(new, shapely.buffer(old, reach))))
        union = shapely.length(old) + shapely.length(new) - common
    else:
        common = shapely.area(shapely.intersection(old, new))
        union = shapely.area(old) + shapely.area(new) - common
    pairs = pd.DataFrame({"old": near[0], "new": near[1], "iou": common / np.maximum(union, 1e-12)})
    pairs = pairs[pairs["iou"] > MATCH_IOU].sort_values(["iou", "old", "new"], ascending=[False, True, True])
    return pairs.drop_duplicates("old").drop_duplicates("new")


def unchanged(old, new, snap):
    """Whether each old geometry and its new one are the same within the snap grid: no vertex of
    one farther than ``snap`` m (at least 1 nm) from the other (Hausdorff distance), whatever the
    part count (a ledger stores multi-polygons) or the first vertex."""
    return shapely.hausdorff_distance(np.asarray(old, dtype=object), np.asarray(new, dtype=object)) <= max(snap, 1e-9)


def _number(ids):
    """The number of each id's last part ('D01-B0012' -> 12; 0 where it has none)."""
    tail = pd.Series(np.asarray(ids, dtype=object)).astype(str).str.extract(r"-[A-Z](\d+)$")[0]
    return tail.fillna(0).astype(np.int64).to_numpy()


def level_ids(old, new, parent_final, level, linear, snap):
    """Final ids of the ``new`` units of one level and the status of the ``old`` ones.

    old, new: DataFrames (unit_id, parent_id, geometry); parent_final: final parent id of each new
    unit. Returns (final ids, old report DataFrame: unit_id, status, overlap).
    """
    final = np.full(len(new), None, dtype=object)
    report = pd.DataFrame({"unit_id": old["unit_id"].to_numpy(), "status": "orphaned", "overlap": np.nan})
    if len(old) and len(new):
        pairs = overlap_pairs(old["geometry"].to_numpy(), new["geometry"].to_numpy(), linear, snap)
        same_parent = old["parent_id"].to_numpy()[pairs["old"]] == parent_final[pairs["new"]]
        pairs = pairs[same_parent]
        final[pairs["new"].to_numpy()] = old["unit_id"].to_numpy()[pairs["old"]]
        equal = unchanged(old["geometry"].to_numpy()[pairs["old"]], new["geometry"].to_numpy()[pairs["new"]], snap)
        report.loc[pairs["old"].to_numpy(), "status"] = np.where(equal, "kept", "moved")
        report.loc[pairs["old"].to_numpy(), "overlap"] = pairs["iou"].to_numpy()
    fresh = np.flatnonzero(pd.isna(final))
    if len(fresh):
        used = pd.concat([pd.Series(_number(old["unit_id"]), index=old["parent_id"].to_numpy()),
                          pd.Series(_number(final[~pd.isna(final)]), index=parent_final[~pd.isna(final)])])
        start = used.groupby(level=0).max() if len(used) else pd.Series(dtype=np.int64)
        order = pd.DataFrame({"parent": parent_final[fresh], "provisional": new["unit_id"].to_numpy()[fresh],
                              "position": fresh}).sort_values(["parent", "provisional"])
        rank = order.groupby("parent").cumcount().to_numpy() + 1
        offset = order["parent"].map(start).fillna(0).astype(np.int64).to_numpy()
        final[order["position"].to_numpy()] = child_ids(order["parent"].to_numpy(), offset + rank, level)
    return final, report


def reconcile(old_units, old_links, units, links, snap):
    """New ``units`` and ``links`` (ids as numbered afresh) renamed after the ``old_units`` and ``old_links``.

    old_units, old_links: the ledger's units (city to segment levels) and links, with unit_id,
    parent_id, level and geometry; units, links: those of segment_units; snap: grid (m). Returns a
    :class:`Reconciled`.
    """
    if len(old_units) == 0 and len(old_links) == 0:
        return Reconciled(units, links, np.array([], dtype=object), pd.DataFrame(columns=["unit_id", "level",
                                                                                          "status", "overlap"]))
    rename = {}
    reports = []
    for level in ("city", "district") + NUMBERED:
        old = old_units[old_units["level"] == level].reset_index(drop=True)
        new = units[units["level"] == level].reset_index(drop=True)
        parent_final = new["parent_id"].map(rename).to_numpy(dtype=object)
        if level in NUMBERED:
            final, report = level_ids(old, new, parent_final, level, False, snap)
        else:
            final, report = _same_ids(old, new, snap)
        rename.update(zip(new["unit_id"], final, strict=True))
        reports.append(report.assign(level=level))
    link_parent = links["parent_id"].map(rename).to_numpy(dtype=object)
    link_ids, link_report = level_ids(old_links.reset_index(drop=True), links.reset_index(drop=True),
                                       link_parent, "link", True, snap)
    reports.append(link_report.assign(level="link"))
    segments = old_units[old_units["level"] == "segment"]
    parcels = pd.concat(reports).query("level == 'parcel'")
    kept_parcels = set(parcels.loc[parcels["status"] == "kept", "unit_id"])
    stays = segments["parent_id"].isin(kept_parcels).to_numpy()
    reports.append(pd.DataFrame({"unit_id": segments["unit_id"].to_numpy(), "level": "segment",
                                 "status": np.where(stays, "kept", "orphaned"),
                                 "overlap": np.where(stays, 1.0, np.nan)}))
    units = units.assign(unit_id=units["unit_id"].map(rename), parent_id=units["parent_id"].map(rename))
    links = links.assign(unit_id=link_ids, parent_id=link_parent)
    report = pd.concat(reports, ignore_index=True)[["unit_id", "level", "status", "overlap"]]
    return Reconciled(units.sort_values("unit_id", kind="mergesort").reset_index(drop=True),
                      links.sort_values("unit_id", kind="mergesort").reset_index(drop=True),
                      segments["unit_id"].to_numpy(dtype=object)[stays], report)


def _same_ids(old, new, snap):
    """Ids of a level that keeps its ids (city, districts by code) and the status of the old ones."""
    geometry = new.set_index("unit_id")["geometry"]
    present = old["unit_id"].isin(geometry.index).to_numpy()
    equal = np.zeros(len(old), dtype=bool)
    equal[present] = unchanged(old["geometry"].to_numpy()[present],
                               geometry.reindex(old["unit_id"][present]).to_numpy(), snap)
    status = np.where(equal, "kept", np.where(present, "moved", "orphaned"))
    report = pd.DataFrame({"unit_id": old["unit_id"].to_numpy(), "status": status,
                           "overlap": np.where(equal, 1.0, np.nan)})
    return new["unit_id"].to_numpy(dtype=object), report


def with_row_counts(report, ledger):
    """The report with the rows each old unit holds in each of TABLES of ``ledger`` (a store.Ledger)."""
    for table in TABLES:
        counts = ledger.read_table(table, ["unit_id"])["unit_id"].value_counts()
        report[table] = report["unit_id"].map(counts).fillna(0).astype(np.int64)
    return report



def warn(report, progress):
    """Warn of the rows left under moved or orphaned units (the reconciliation table lists them)."""
    tables = list(TABLES)
    for status in ("moved", "orphaned"):
        rows = report.loc[report["status"] == status, tables].sum()
        if rows.sum():
            units = int(((report["status"] == status) & (report[tables].sum(axis=1) > 0)).sum())
            held = joined([tr("{rows} {table} rows").format(rows=int(n), table=table)
                           for table, n in rows.items() if n], tr("{earlier}, {later}"))
            progress.warn(tr("{units} {status} units hold {held}: kept and listed in the reconciliation table; rerun "
                             "the accounting").format(units=units, status=status, held=held))

