"""Which legend classes an atlas page shows: the classes of the features its map extent touches.

QGIS's legend "filter by map" finds them with a hit test that walks every feature in the map
extent through the renderer, on every page: 10-15 s of CPU per page of a 100,000-parcel city
(305,000 road links; carbonledger:districtmaps, benchmarks/RESULTS.md). The same answer comes
from arrays made once: each feature's class and bounding box, compared with the page's extent
by bounding box as the hit test's extent request does.
"""
import numpy as np


def class_of(values, lowers, uppers):
    """Index of the first class (lower <= value <= upper, both edges included as in QGIS graduated
    ranges) holding each of ``values``; -1 for NaN and for values in no class.

    values: array (any unit); lowers, uppers: the classes' edges in the renderer's order (ascending,
    not overlapping but at a shared edge, where the first class wins).
    """
    values = np.asarray(values, dtype=float)
    lowers, uppers = np.asarray(lowers, dtype=float), np.asarray(uppers, dtype=float)
    if not len(lowers):
        return np.full(len(values), -1)
    order = np.argsort(uppers, kind="stable")
    position = np.searchsorted(uppers[order], values, side="left")
    found = position < len(order)
    index = np.where(found, order[np.minimum(position, len(order) - 1)], -1)
    inside = found & (lowers[np.maximum(index, 0)] <= values)
    return np.where(inside, index, -1)


def touching(bounds, extent):
    """Boolean mask of the boxes ``bounds`` (n x 4 array minx, miny, maxx, maxy, layer units) that
    meet the box ``extent`` (minx, miny, maxx, maxy), edges included; rows with NaN never meet."""
    bounds = np.asarray(bounds, dtype=float).reshape(-1, 4)
    xmin, ymin, xmax, ymax = extent
    return ((bounds[:, 0] <= xmax) & (bounds[:, 2] >= xmin) & (bounds[:, 1] <= ymax) & (bounds[:, 3] >= ymin))


def classes_shown(classes, bounds, extent):
    """Sorted indices of the classes met in ``extent``: ``classes`` from :func:`class_of` (one per
    feature, -1 for none), ``bounds`` the features' boxes (see :func:`touching`)."""
    met = classes[touching(bounds, extent)]
    return np.unique(met[met >= 0]).tolist()
