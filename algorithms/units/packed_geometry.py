"""Whole-city geometries held packed (WKB in one byte buffer, with their bounds) between batches of districts.

segmentunits needs every road, land-use polygon and building of the city, but a batch of districts only
touches those meeting it (issue 22). A shapely geometry costs about 350 bytes (its GEOS object and Python
wrapper; an STRtree over it about 100 more) where its WKB costs 41 bytes for a two-point road: the city's
geometries wait as WKB and a batch decodes only the ones whose bounds meet its area. WKB keeps every
coordinate bit for bit, so the decoded geometries are the same as those packed.
"""
import numpy as np
import shapely

CHUNK = 65_536
"""Geometries encoded together when packing."""

GRID_CELLS = 1024
"""Cells along the longer side of the grid ``holding`` counts points on."""


class PackedGeometry:
    """Geometries as one WKB buffer with offsets and their bounds (min x, min y, max x, max y; m)."""

    def __init__(self, geometry):
        geometry = np.asarray(geometry, dtype=object)
        sizes, parts = [np.zeros(1, dtype=np.int64)], []
        for start in range(0, len(geometry), CHUNK):  # a chunk's WKB objects at a time, not the whole city's
            blobs = shapely.to_wkb(geometry[start:start + CHUNK])
            sizes.append(np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)))
            parts.append(b"".join(blobs))
        self.offsets = np.cumsum(np.concatenate(sizes))
        self.buffer = b"".join(parts)
        self.bounds = shapely.bounds(geometry)

    @classmethod
    def joined(cls, parts):
        """One PackedGeometry holding the geometries of ``parts`` (PackedGeometry) in turn; ``parts`` (a list) is
        emptied as they are joined, so each part's buffer goes once copied."""
        joined = cls(np.zeros(0, dtype=object))
        buffers, offsets, bounds, size = [], [joined.offsets], [joined.bounds], 0
        while parts:
            part = parts.pop(0)
            offsets.append(part.offsets[1:] + size)
            buffers.append(part.buffer)
            size += len(part.buffer)
            bounds.append(part.bounds)
        joined.offsets, joined.bounds = np.concatenate(offsets), np.concatenate(bounds)
        joined.buffer = b"".join(buffers)
        return joined

    def __len__(self):
        return len(self.bounds)

    def take(self, positions):
        """The geometries at ``positions`` (int array), decoded (an object array)."""
        buffer, positions = self.buffer, np.asarray(positions, dtype=np.int64)
        starts, ends = self.offsets[positions].tolist(), self.offsets[positions + 1].tolist()
        blobs = np.array([buffer[start:end] for start, end in zip(starts, ends, strict=True)], dtype=object)
        return shapely.from_wkb(blobs) if len(blobs) else np.zeros(0, dtype=object)

    def near(self, boxes, margin=1.0):
        """Sorted positions of the geometries whose bounds come within ``margin`` (m) of one of ``boxes``
        ((n, 4) bounds): a superset of those meeting any geometry inside the boxes."""
        hit = np.zeros(len(self), dtype=bool)
        for xmin, ymin, xmax, ymax in np.asarray(boxes, dtype=float).reshape(-1, 4):
            hit |= ((self.bounds[:, 0] <= xmax + margin) & (self.bounds[:, 2] >= xmin - margin)
                    & (self.bounds[:, 1] <= ymax + margin) & (self.bounds[:, 3] >= ymin - margin))
        return np.flatnonzero(hit)

    def holding(self, points):
        """Sorted positions of the geometries whose bounds may hold one of ``points`` ((n, 2) x, y; m): a superset
        of those whose bounds hold one, found by counting the points on a grid of at most ``GRID_CELLS`` cells a
        side over them (a geometry meeting no cell with a point is left out) without decoding any geometry."""
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        if not len(points) or not len(self):
            return np.zeros(0, dtype=np.int64)
        low = points.min(axis=0)
        cell = max(float((points.max(axis=0) - low).max()) / (GRID_CELLS - 1), 1e-9)
        shape = np.floor((points.max(axis=0) - low) / cell).astype(np.int64) + 1
        cells = np.floor((points - low) / cell).astype(np.int64)
        counted = np.zeros(shape + 1, dtype=np.int64)  # summed-area table: counted[i, j] = points in cells < i, < j
        np.add.at(counted, (cells[:, 0] + 1, cells[:, 1] + 1), 1)
        counted = counted.cumsum(axis=0).cumsum(axis=1)
        first = np.floor((self.bounds[:, :2] - low) / cell)
        last = np.floor((self.bounds[:, 2:] - low) / cell)
        meets = (last >= 0).all(axis=1) & (first < shape).all(axis=1)  # NaN bounds (empty geometry) meet nothing
        first = np.clip(first[meets], 0, shape - 1).astype(np.int64)
        last = np.clip(last[meets], 0, shape - 1).astype(np.int64) + 1
        inside = (counted[last[:, 0], last[:, 1]] - counted[first[:, 0], last[:, 1]]
                  - counted[last[:, 0], first[:, 1]] + counted[first[:, 0], first[:, 1]])
        return np.flatnonzero(meets)[inside > 0]

    def intersecting(self, areas, boxes):
        """Sorted positions of the geometries intersecting one of ``areas`` (as ``np.unique`` of an STRtree
        query with predicate 'intersects'), searched among those near ``boxes`` (bounds holding every area)."""
        candidates = self.near(boxes)
        found = shapely.STRtree(self.take(candidates)).query(areas, predicate="intersects")[1]
        return candidates[np.unique(found)]
