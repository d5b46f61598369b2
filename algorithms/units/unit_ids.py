"""Readable, hierarchical, stable unit ids: D01-B0001-P01-G001, D01-L00001, <parcel>-S0001.

Children are numbered inside their parent by position, not by input order: rows of height
sqrt(parent extent / number of children) from north to south, west to east inside a row
(ties broken by the exact centroid), so the same inputs always give the same ids.
"""
import numpy as np
import pandas as pd
import shapely

PREFIX = {"block": "B", "parcel": "P", "building": "G", "link": "L", "segment": "S"}
"""Letter before the number of each level's id part."""

MIN_DIGITS = {"block": 4, "parcel": 2, "building": 3, "link": 5, "segment": 4}
"""Zero padding of each level's number (widened when a parent has more children)."""


def reading_order_rank(geometry, group):
    """1-based rank of each geometry inside its group, in reading order of the centroids."""
    centre = shapely.get_coordinates(shapely.centroid(np.asarray(geometry, dtype=object)))
    frame = pd.DataFrame({"group": np.asarray(group), "x": centre[:, 0], "y": centre[:, 1]})
    extent = frame.groupby("group").agg(x0=("x", "min"), x1=("x", "max"), y0=("y", "min"), y1=("y", "max"),
                                        n=("x", "size"))
    height = np.sqrt(np.maximum((extent["x1"] - extent["x0"]) * (extent["y1"] - extent["y0"]), 1e-6) / extent["n"])
    top = frame["group"].map(extent["y1"])
    frame["row"] = np.floor((top - frame["y"]) / frame["group"].map(height))
    frame["position"] = np.arange(len(frame))
    ordered = frame.sort_values(["group", "row", "x", "y", "position"], kind="mergesort")
    rank = np.empty(len(frame), dtype=np.int64)
    rank[ordered["position"].to_numpy()] = ordered.groupby("group", sort=False).cumcount().to_numpy() + 1
    return rank


def child_ids(parent_ids, rank, level):
    """Ids '<parent>-<letter><number>' with the level's zero padding."""
    rank = np.asarray(rank)
    digits = max(MIN_DIGITS[level], len(str(int(rank.max())))) if len(rank) else MIN_DIGITS[level]
    numbers = pd.Series(rank).astype(str).str.zfill(digits)
    return (pd.Series(np.asarray(parent_ids, dtype=object)).astype(str) + f"-{PREFIX[level]}" + numbers).to_numpy(
        dtype=object
    )
