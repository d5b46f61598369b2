"""Polygon rings in pixel coordinates and their exact pixel coverage, strip by strip (``zonal``).

Each ring of each polygon is cut at every grid row line and then at every grid column line, so
that every piece lies inside one pixel; accumulating each piece's signed area to its right and
taking a running sum along the row gives, by Green's theorem, the exact covered fraction (0..1)
of every pixel a boundary crosses, and runs of wholly covered pixels between them (the method is
described in ``zonal``). Coordinates are pixels (u = column, v = row); areas are in pixels.
"""
import typing

import numpy as np
import shapely

def _unit(values):
    """``values`` clipped to 0..1 in place (rounding may carry a coverage a hair outside)."""
    return np.minimum(np.maximum(values, 0.0, out=values), 1.0, out=values)


def expand(counts):
    """For ragged groups of ``counts`` items: (group of each item, position of the item in its group)."""
    counts = np.asarray(counts, dtype=np.int64)
    group = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return group, np.arange(int(counts.sum()), dtype=np.int64) - starts[group]


def _split(a0, b0, a1, b1):
    """Cut segments (a0, b0) -> (a1, b1) at every integer value of ``a`` strictly between a0 and a1.

    Returns (segment, a_start, b_start, a_end, b_end) of the pieces, in order along each segment.
    """
    rising = a1 >= a0
    low, high = np.minimum(a0, a1), np.maximum(a0, a1)
    points = np.maximum(np.ceil(high) - np.floor(low) - 1, 0).astype(np.int64) + 2  # crossings + both ends
    segment, k = expand(points)
    first = np.cumsum(points) - points
    last = first + points - 1
    # the crossings step from the start's integer towards the end; both ends are the input's
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (b1 - b0) / (a1 - a0)
        a = np.where(rising, np.floor(low), np.ceil(high))[segment] + np.where(rising, 1.0, -1.0)[segment] * k
        b = b0[segment] + (a - a0[segment]) * slope[segment]
    a[first], b[first], a[last], b[last] = a0, b0, a1, b1
    start = np.ones(len(a), dtype=bool)
    start[last] = False
    start = np.flatnonzero(start)
    return segment[start], a[start], b[start], a[start + 1], b[start + 1]


def _ragged(geometries):
    """Coordinates of polygons and multipolygons as ragged arrays: (xy (n, 2), ring_offsets into
    xy, part_offsets into the rings, part_geometry: index in ``geometries`` of each part).

    Polygons without holes (one ring each) are read in one coordinate call; the others go
    through shapely.to_ragged_array, which is about ten times slower per geometry.
    """
    simple = (shapely.get_type_id(geometries) == 3) & (shapely.get_num_interior_rings(geometries) == 0)
    plain, other = np.flatnonzero(simple), np.flatnonzero(~simple)
    xy = shapely.get_coordinates(geometries[plain])
    ring_offsets = np.r_[0, np.cumsum(shapely.get_num_coordinates(geometries[plain]))]
    part_offsets = np.arange(len(plain) + 1)
    if not len(other):
        return xy, ring_offsets, part_offsets, plain
    kind, other_xy, offsets = shapely.to_ragged_array(geometries[other])
    other_parts = np.repeat(other, np.diff(offsets[2])) if len(offsets) == 3 else other
    return (np.concatenate([xy, other_xy]), np.r_[ring_offsets, offsets[0][1:] + len(xy)],
            np.r_[part_offsets, offsets[1][1:] + len(plain)], np.r_[plain, other_parts])


class Edges(typing.NamedTuple):
    """Ring edges of polygon parts in pixel coordinates (``ring_edges``). Per part: the index of
    its geometry, its area (pixels) and bounds; per edge, grouped by part: its part, ends and
    sign (+1/-1, int8: the accumulation in ``Rings._chunk`` adds a shell's area and subtracts a
    hole's)."""

    part_geometry: np.ndarray
    part_area: np.ndarray
    umin: np.ndarray
    umax: np.ndarray
    vmin: np.ndarray
    vmax: np.ndarray
    edge_part: np.ndarray
    u0: np.ndarray
    v0: np.ndarray
    u1: np.ndarray
    v1: np.ndarray
    edge_sign: np.ndarray


def ring_edges(geometries, grid):
    """Non-horizontal ring edges of polygons and multipolygons (an :class:`Edges`)."""
    xy, ring_offsets, part_offsets, part_geometry = _ragged(geometries)
    n_parts = len(part_offsets) - 1
    ring_part = np.repeat(np.arange(n_parts), np.diff(part_offsets))
    exterior = np.arange(len(ring_part)) == part_offsets[:-1][ring_part]
    ring_of = np.repeat(np.arange(len(ring_part)), np.diff(ring_offsets))
    u, v = grid.to_pixels(xy)
    edge = np.flatnonzero(ring_of[1:] == ring_of[:-1])
    u0, v0, u1, v1 = u[edge], v[edge], u[edge + 1], v[edge + 1]
    ring_area = np.bincount(ring_of[edge], u0 * v1 - u1 * v0, minlength=len(ring_part)) / 2
    part_area = np.bincount(ring_part, np.abs(ring_area) * np.where(exterior, 1.0, -1.0), minlength=n_parts)
    # the accumulation counts area right of downward pieces: a ring of positive signed area
    # (u right, v down) comes out negative, so flip it; holes count against their shell
    ring_sign = (-np.sign(ring_area) * np.where(exterior, 1, -1)).astype(np.int8)
    moving = np.flatnonzero(v0 != v1)  # horizontal edges add nothing
    first = ring_offsets[part_offsets[:-1]]
    bounds = [f.reduceat(w, first) if len(first) else np.zeros(0) for w in (u, v) for f in (np.minimum, np.maximum)]
    ring = ring_of[edge][moving]
    return Edges(part_geometry, part_area, *bounds, ring_part[ring], u0[moving], v0[moving], u1[moving],
                  v1[moving], ring_sign[ring])


class Rings:
    """Polygon parts as ring edges in pixel coordinates, with per-part boxes; yields coverage per strip."""

    def __init__(self, geometries, units, grid, ring_batch):
        """geometries: shapely array; units: unit index of each; grid: the rasters' ``Grid``;
        ring_batch: geometries turned into ring edges at once."""
        self.grid = grid
        polygonal = np.flatnonzero(np.isin(shapely.get_type_id(geometries), (3, 6)) & ~shapely.is_empty(geometries))
        batches = [ring_edges(geometries[polygonal[i:i + ring_batch]], grid)
                   for i in range(0, len(polygonal), ring_batch)] or [ring_edges(geometries[:0], grid)]
        parts = [len(batch.part_geometry) for batch in batches]
        first_geometry = np.repeat(np.arange(0, len(polygonal) + 1, ring_batch)[:len(batches)], parts)
        first_part = np.repeat(np.cumsum([0] + parts[:-1]), [len(batch.edge_part) for batch in batches])
        edges = Edges(*(np.concatenate(column) for column in zip(*batches, strict=False)))
        del batches
        self.n_parts = len(edges.part_geometry)
        self.part_unit = units[polygonal][edges.part_geometry + first_geometry]
        self.part_area = edges.part_area
        self.edge_part = edges.edge_part + first_part  # edges come grouped by part
        self.u0, self.v0, self.u1, self.v1, self.edge_sign = edges.u0, edges.v0, edges.u1, edges.v1, edges.edge_sign
        umin, umax, vmin, vmax = edges.umin, edges.umax, edges.vmin, edges.vmax
        self.edge_start = np.searchsorted(self.edge_part, np.arange(self.n_parts))
        self.edge_count = np.bincount(self.edge_part, minlength=self.n_parts)
        self.row0 = np.clip(np.floor(vmin), 0, grid.height).astype(np.int64)
        self.row1 = np.clip(np.ceil(vmax), 0, grid.height).astype(np.int64)
        self.col0 = np.clip(np.floor(umin), 0, grid.width).astype(np.int64)
        self.col1 = np.clip(np.floor(umax) + 1, 0, grid.width).astype(np.int64)
        self.active = (self.row1 > self.row0) & (self.col1 > self.col0) & (umax > 0) & (umin < grid.width)
        self.pieces = np.bincount(self.edge_part, np.abs(self.u1 - self.u0) + np.abs(self.v1 - self.v0) + 2,
                                  minlength=self.n_parts)

    def to_units(self, n_units):
        """A function summing per-part arrays (n_parts[, k]) into per-unit arrays (n_units[, k])."""
        one_each = self.n_parts == n_units and np.array_equal(self.part_unit, np.arange(n_units))

        def sum_parts(values):
            values = np.asarray(values, dtype=float)
            if one_each:
                return values.copy()
            if values.ndim == 1:
                return np.bincount(self.part_unit, values, minlength=n_units)
            columns = values.shape[1]
            key = (self.part_unit[:, None] * columns + np.arange(columns)).ravel()
            return np.bincount(key, values.ravel(), minlength=n_units * columns).reshape(n_units, columns)
        return sum_parts

    def strips(self, strip_rows):
        """(row0, row1, parts that touch rows [row0, row1), ascending) for the strips of the raster
        from the top; each strip's parts are the previous one's that reach below it and those
        whose first row is in it (parts in order of first row, so these are a slice)."""
        order = np.flatnonzero(self.active)
        order = order[np.argsort(self.row0[order], kind="stable")]
        first_rows = self.row0[order]
        selected = np.zeros(0, dtype=np.int64)
        for row0 in range(0, self.grid.height, strip_rows):
            row1 = min(self.grid.height, row0 + strip_rows)
            entering = order[np.searchsorted(first_rows, row0):np.searchsorted(first_rows, row1)]
            selected = np.sort(np.concatenate([selected[self.row1[selected] > row0], entering]))
            yield row0, row1, selected

    def columns(self, selected):
        """(col0, col1): the columns of the raster the ``selected`` parts touch (their boxes), col1 excluded."""
        return int(self.col0[selected].min()), int(self.col1[selected].max())

    def coverage(self, selected, row0, row1, chunk_cells, progress, window=None):
        """Coverage of the ``selected`` parts on rows [row0, row1), in chunks of bounded size.

        Yields (first, last, boundary, runs) per chunk; the chunk's parts are selected[first:last],
        and part indices in boundary and runs count from ``first``. boundary:
        (part, covered fraction 0..1, flat strip index) of every pixel a ring crosses or a
        horizontal edge runs through; runs: (part, flat strip index of the first pixel, length in
        pixels) of the wholly covered pixels between them. window: (col0, col1), the columns of the strip that
        flat indices count in (None: the whole width; it holds the parts' boxes, ``columns``).
        """
        window = (0, self.grid.width) if window is None else window
        rows = np.minimum(self.row1[selected], row1) - np.maximum(self.row0[selected], row0)
        cost = np.maximum(rows * (self.col1[selected] - self.col0[selected] + 1), self.pieces[selected])
        chunk = np.floor_divide(np.cumsum(cost) - cost, max(int(chunk_cells), 1))
        bounds = np.flatnonzero(np.r_[True, chunk[1:] != chunk[:-1], True])
        for a, b in zip(bounds[:-1], bounds[1:], strict=False):
            progress.check()
            yield (a, b) + self._chunk(selected[a:b], row0, row1, window)

    def _chunk(self, parts, row0, row1, window):
        width = self.col1[parts] - self.col0[parts] + 1  # one spare column on the right
        top = np.maximum(self.row0[parts], row0)
        height = np.minimum(self.row1[parts], row1) - top
        offset = np.cumsum(width * height) - width * height
        total = int((width * height).sum())
        local, position = expand(self.edge_count[parts])
        edge = self.edge_start[parts][local] + position
        u0, v0, u1, v1 = self.u0[edge], self.v0[edge], self.u1[edge], self.v1[edge]
        # clip each edge to the strip's rows (v is monotonic along an edge)
        va, vb = np.minimum(np.maximum(v0, row0), row1), np.minimum(np.maximum(v1, row0), row1)
        ua = u0 + (va - v0) * (u1 - u0) / (v1 - v0)
        ub = u0 + (vb - v0) * (u1 - u0) / (v1 - v0)
        keep = np.flatnonzero(va != vb)
        edge_of, va, ua, vb, ub = _split(va[keep], ua[keep], vb[keep], ub[keep])
        edge_of = keep[edge_of]
        part_of = local[edge_of]
        row = np.floor((va + vb) / 2).astype(np.int64)
        dv = (vb - va) * self.edge_sign[edge][edge_of]
        # each row piece adds to the pixels of its row: D(c) = dv x (area of pixel c right of
        # the piece) = H(c + 1) - H(c), H(x) = dv x [(min(x, hi) - lo)^2 / 2(hi - lo) if x > lo]
        # + dv x max(x - hi, 0); the accumulator holds D(c) - D(c - 1) from the piece's first
        # column to the one after its last (dv from there on). Columns are clipped to the part's
        # box: left of the raster everything lands on the first column, right of it on the spare
        lo, hi = np.minimum(ua, ub), np.maximum(ua, ub)
        low, high = self.col0[parts][part_of], self.col1[parts][part_of]
        lo_col, hi_col = np.floor(lo), np.floor(hi)
        first_col = np.minimum(np.maximum(lo_col, low), high).astype(np.int64)
        last_col = np.minimum(np.maximum(hi_col + 1, low), high).astype(np.int64)
        # per row piece: its first pixel in the chunk's boxes and in the strip, and how many
        # of its pixels are real (the spare column is not)
        first_cell = offset[part_of] + (row - top[part_of]) * width[part_of] + (first_col - low)
        first_flat = (row - row0) * (window[1] - window[0]) + first_col - window[0]
        real_count = high - first_col
        # a piece inside one pixel column (most of them) needs no curve: its pixel gets
        # dv x (1 - offset of its middle) and the next one the rest
        span = last_col - first_col
        alone = (span == 1) & (lo_col == first_col) & (hi_col == first_col)
        single, several = np.flatnonzero(alone), np.flatnonzero(~alone)
        right = dv[single] * (first_col[single] + 1 - (lo[single] + hi[single]) / 2)
        count = span[several] + 1
        which, k = expand(count)
        piece = several[which]
        lo, hi = lo[several], hi[several]
        with np.errstate(divide="ignore"):
            curve = np.where(hi > lo, 0.5 / (hi - lo), 0.0)[which]
        lo, hi = lo[which], hi[which]
        # H at the left side x of each of the piece's pixels and of the one after them; the
        # pixel at x gets H(x + 1) - H(x), the one after the piece dv
        x = first_col.astype(float)[piece] + k
        inside = np.minimum(np.maximum(x, lo), hi) - lo
        at = inside * inside * curve + np.maximum(x - hi, 0.0)
        share = np.ones(len(at))
        share[:-1] = at[1:] - at[:-1]
        share[k == span[piece]] = 1.0
        share *= dv[piece]
        step = share.copy()
        step[1:] -= share[:-1]
        starts = np.cumsum(count) - count
        step[starts] = share[starts]
        piece = np.r_[single, single, piece]
        k = np.r_[np.zeros(len(single), np.int64), np.ones(len(single), np.int64), k]
        step = np.r_[right, dv[single] - right, step]
        cell = first_cell[piece] + k
        steps = np.bincount(cell, step, minlength=total)
        # every crossed pixel: one entry that reached it (all such share part, row and column)
        entry = np.full(total, -1, dtype=np.int32)
        entry[cell] = np.arange(len(cell), dtype=np.int32)
        boundary = np.flatnonzero(entry >= 0)
        entry = entry[boundary]
        # only crossed pixels hold steps: the running sum over them is the cover of each and of
        # the pixels after it up to the next
        cover = np.cumsum(steps[boundary])
        piece, k = piece[entry], k[entry]
        real = np.flatnonzero(k < real_count[piece])
        part = part_of[piece]
        flat = first_flat[piece] + k
        # pixels between two crossed pixels of a row share one cover value: 1 inside, 0 outside,
        # and a fraction where a horizontal edge (which adds nothing) runs through them; a row
        # ends with its spare column at cover 0, so no run passes the row end
        following = boundary + 1
        gap = np.r_[boundary[1:], total] - following
        run = np.flatnonzero(gap > 0)
        level = cover[run]
        full = run[level > 1.0 - 1e-9]
        partial = run[(level > 1e-9) & (level <= 1.0 - 1e-9)]
        crossed = (part[real], _unit(cover[real]), flat[real])
        if len(partial):
            which, step = expand(gap[partial])
            crossed = (np.r_[crossed[0], part[partial][which]],
                       np.r_[crossed[1], _unit(cover[partial])[which]],
                       np.r_[crossed[2], flat[partial][which] + 1 + step])
        return crossed, (part[full], flat[full] + 1, gap[full])
