"""Exact zonal statistics: class areas and raster means per unit, exact at pixel edges, in one pass.

Why not pixel centres: urban parcels are a few pixels wide, and counting a pixel for the unit that
holds its centre misassigns several percent of a small parcel's area (performance.md). Here every
pixel a unit touches is weighted by the exact fraction of it that the unit covers.

Method, in pixel coordinates (u = column, v = row, continuous; pixel (r, c) is the square
c <= u < c+1, r <= v < r+1). Each ring of each polygon is cut at every grid row line and then
at every grid column line, so that every piece lies inside one pixel. A piece with signed height
dv whose mean position inside its pixel is xm (0..1 from the pixel's left side) has the area
dv x (1 - xm) of its pixel to its right, and every pixel further right in the same row lies
wholly to its right (area dv). Accumulating ``dv (1 - xm)`` in the piece's pixel and ``dv xm`` in
the next one, over the bounding box of each polygon, and taking a cumulative sum along each row
gives, by Green's theorem, the exact covered fraction of every pixel of the box: fractions on
the pixels a boundary crosses, exactly 1 inside (holes subtract), 0 outside. This is the
signed-area accumulation of scanline font rasterisers; no pixel-centre rule is used anywhere.

Only the rim needs the exact fractions: the pixels a boundary crosses are summed one by one with
their fraction, while the wholly covered pixels between them come out as runs along a row (part,
first pixel, length). Class areas of the runs come from a label image of the strip and one
bincount; raster means from sums along each row, a run's sum being the difference of two.

The raster is read once, in strips of full rows (``window_pixels`` pixels per strip, tiling the
raster's blocks, whose GDAL cache is dropped once read), and the polygons touching a strip are
processed in chunks of bounded size; every step is vectorised numpy (repeat/arange expansion,
bincount, cumsum). Memory stays at about one strip of every raster plus one chunk of boxes, on
top of the ring edges (about 40 bytes per polygon vertex) and the per-unit sums.
"""
import dataclasses
import typing

import numpy as np
import shapely
from osgeo import gdal, osr

from ..core.errors import LedgerInputError
from ..core.progress import NO_PROGRESS

gdal.UseExceptions()
osr.UseExceptions()

WINDOW_PIXELS = 1_000_000
"""Pixels per strip read at once (rows x width): 1 MB per uint8 raster, 4 MB per float32."""

CHUNK_CELLS = 300_000
"""Bounding-box pixels (and ring pieces) processed per chunk of polygons. Small chunks and strips are
faster as well as leaner: their work arrays (a few MB) are reused from the heap and stay in cache,
where chunks of millions of cells were fresh memory maps, paid in page faults (a third less CPU at
1,000,000 parcels, ``benchmarks/bench_zonal.py``)."""

RING_BATCH = 100_000
"""Geometries turned into ring edges at once (bounds the temporary coordinate arrays)."""


@dataclasses.dataclass(frozen=True)
class Grid:
    """A north-up raster grid: GDAL geotransform (x0, dx, 0, y0, 0, dy), width and height in pixels."""

    geotransform: tuple
    width: int
    height: int

    @classmethod
    def of(cls, dataset):
        """The grid of an open gdal.Dataset; refuses rotated rasters."""
        transform = tuple(dataset.GetGeoTransform())
        if transform[2] != 0 or transform[4] != 0:
            raise LedgerInputError("rotated rasters are not supported; warp it north-up first (gdalwarp)",
                                   layer=dataset.GetDescription())
        return cls(transform, dataset.RasterXSize, dataset.RasterYSize)

    @property
    def pixel_area(self):
        """Area of one pixel in squared CRS units (m2 in a metric CRS)."""
        return abs(self.geotransform[1] * self.geotransform[5])

    def to_pixels(self, xy):
        """(n, 2) map coordinates -> (u, v) pixel coordinates (column, row), floats."""
        x0, dx, _, y0, _, dy = self.geotransform
        return (xy[:, 0] - x0) / dx, (xy[:, 1] - y0) / dy


@dataclasses.dataclass
class ClassAreas:
    """Areas per unit and class of one categorical raster, m2 (squared CRS units).

    codes: the class codes reported (columns of ``area``); area: (n_units, len(codes));
    unknown: area on codes not in ``codes``; nodata: area on nodata pixels;
    unknown_codes: sorted codes found under units but not in ``codes``.
    """

    codes: np.ndarray
    area: np.ndarray
    unknown: np.ndarray
    nodata: np.ndarray
    unknown_codes: list


@dataclasses.dataclass
class RasterMean:
    """Coverage-weighted mean of a continuous raster per unit (NaN where no valid pixel) and the
    valid area behind it, m2."""

    mean: np.ndarray
    valid_area: np.ndarray


@dataclasses.dataclass
class ZonalResult:
    """Zonal statistics of n units: unit_area (polygon area), in_raster (area inside the raster
    extent), both m2; classes {name: ClassAreas}; means {name: RasterMean}."""

    unit_area: np.ndarray
    in_raster: np.ndarray
    classes: dict
    means: dict

    def uncovered_share(self, name):
        """Share (0..1) of each unit's area with no valid pixel of categorical raster ``name``
        (outside the raster or on nodata); 0 for units of zero area."""
        covered = self.classes[name].area.sum(axis=1) + self.classes[name].unknown
        with np.errstate(divide="ignore", invalid="ignore"):
            share = 1.0 - covered / self.unit_area
        return np.clip(np.where(self.unit_area > 0, share, 0.0), 0.0, 1.0)


def open_raster(path, layer):
    """Open a raster file read-only; refuse one without a projected CRS (areas need metres)."""
    try:
        dataset = gdal.Open(str(path))
    except RuntimeError as error:
        raise LedgerInputError(f"cannot open '{path}' as a raster ({error})", layer=layer) from None
    srs = dataset.GetSpatialRef()
    if srs is None:
        raise LedgerInputError(f"'{path}' has no CRS; assign one (gdal_edit.py -a_srs EPSG:nnnn)", layer=layer)
    if not srs.IsProjected():
        raise LedgerInputError(
            f"'{path}' is in the geographic CRS '{srs.GetName()}' (degrees); pixel areas need metres: "
            "warp it to the ledger's projected CRS first (gdalwarp -t_srs EPSG:nnnn)", layer=layer)
    Grid.of(dataset)
    return dataset


def same_crs(wkt_a, wkt_b):
    """True when two CRS definitions (WKT, EPSG:n) describe the same CRS."""
    a, b = osr.SpatialReference(), osr.SpatialReference()
    a.SetFromUserInput(wkt_a)
    b.SetFromUserInput(wkt_b)
    return bool(a.IsSame(b))


def align(dataset, reference, resampling, layer):
    """``dataset`` on the grid and CRS of ``reference`` (itself when it already is), as an
    in-memory virtual raster read lazily window by window; resampling: 'near' for classes,
    'average' or 'bilinear' for continuous values."""
    if Grid.of(dataset) == Grid.of(reference) and same_crs(dataset.GetProjection(), reference.GetProjection()):
        return dataset
    x0, dx, _, y0, _, dy = reference.GetGeoTransform()
    bounds = (x0, y0 + dy * reference.RasterYSize, x0 + dx * reference.RasterXSize, y0)
    try:
        return gdal.Warp("", dataset, format="VRT", dstSRS=reference.GetProjection(), outputBounds=bounds,
                         width=reference.RasterXSize, height=reference.RasterYSize, resampleAlg=resampling)
    except RuntimeError as error:
        raise LedgerInputError(f"cannot resample onto the land-cover grid ({error})", layer=layer) from None


def zonal_statistics(geometries, units, n_units, categorical, continuous=None, progress=NO_PROGRESS,
                     window_pixels=WINDOW_PIXELS, chunk_cells=CHUNK_CELLS):
    """Exact class areas and raster means per unit, in one pass over the rasters.

    geometries: array of shapely polygons or multipolygons in the rasters' CRS (others ignored).
    units: int array, the unit index (0 .. n_units-1) of each geometry; several geometries may
    share a unit. Geometries may overlap (each is counted in full).
    categorical: {name: (gdal.Dataset, codes)}: integer class rasters and the class codes to
    report; continuous: {name: gdal.Dataset}: rasters to average. All rasters share one grid
    (the first categorical one's); band 1 is read; the band's nodata value is honoured.
    Returns a :class:`ZonalResult`, areas in m2 (squared CRS units).
    """
    continuous = continuous or {}
    if not categorical:
        raise ValueError("zonal_statistics needs at least one categorical raster")
    grid = Grid.of(next(iter(categorical.values()))[0])
    for name, dataset in [(n, d) for n, (d, _) in categorical.items()] + list(continuous.items()):
        if Grid.of(dataset) != grid:
            raise LedgerInputError(f"raster is not on the grid of the first land-cover raster {grid}", layer=name)
    rings = _Rings(np.asarray(geometries, dtype=object), np.asarray(units, dtype=np.int64), grid)
    accumulators = {name: _ClassAccumulator(dataset, codes, rings.n_parts) for name, (dataset, codes) in categorical.items()}
    accumulators.update({name: _MeanAccumulator(dataset, rings.n_parts) for name, dataset in continuous.items()})
    strip_rows = _strip_rows(int(window_pixels) // max(grid.width, 1), accumulators[next(iter(categorical))].block_rows)
    for row0, row1, selected in rings.strips(strip_rows):
        progress(row0 / grid.height, f"rows {row0}-{row1} of {grid.height}")
        if len(selected) == 0:
            continue
        strips = {name: acc.prepare(row0, row1) for name, acc in accumulators.items()}
        runs = []
        for first, last, boundary, run in rings.coverage(selected, row0, row1, chunk_cells, progress):
            parts = selected[first:last]
            part, cover, flat = boundary
            for name, acc in accumulators.items():
                acc.add(strips[name], parts, part, cover, flat)
            runs.append((run[0] + first, run[1], run[2]))
        runs = tuple(np.concatenate(column) for column in zip(*runs))
        for name, acc in accumulators.items():
            acc.add_runs(strips[name], selected, *runs)
    progress(1.0, "zonal statistics done")
    pixel_area = grid.pixel_area
    to_units = rings.to_units(n_units)
    # every pixel inside the raster falls in one column of a class accumulator (a code, unknown or nodata)
    in_raster = accumulators[next(iter(categorical))].sum.sum(axis=1)
    return ZonalResult(
        unit_area=to_units(rings.part_area) * pixel_area,
        in_raster=to_units(in_raster) * pixel_area,
        classes={n: a.result(to_units, pixel_area) for n, a in accumulators.items() if n in categorical},
        means={n: a.result(to_units, pixel_area) for n, a in accumulators.items() if n in continuous},
    )


def _strip_rows(rows, block_rows):
    """Rows per strip near ``rows`` that tile the raster's blocks where possible: a multiple of
    the block height, or its largest divisor not above ``rows`` unless that is under half of it
    (then ``rows``: a block may be read twice)."""
    rows = max(rows, 1)
    if rows >= block_rows:
        return rows // block_rows * block_rows
    divisor = max(d for d in range(1, rows + 1) if block_rows % d == 0)
    return divisor if 2 * divisor > rows else rows


def _paint(run_part, run_flat, run_length, n_parts, size):
    """Label the strip's wholly covered pixels with the index + 1 of the part whose run holds them.

    run_part: part index (0..n_parts-1) of each run; run_flat: flat strip index of its first
    pixel; run_length: pixels (a run never passes its row end); size: pixels in the strip.
    Returns (labels: flat int array, 0 on pixels in no run; clash: boolean per part, True where
    its runs overlap another part's; clashing parts are left out of ``labels`` so that the
    caller counts their pixels one by one).
    """
    order = np.argsort(run_flat, kind="stable")
    start, end = run_flat[order], run_flat[order] + run_length[order]
    overlaps = np.zeros(len(order), dtype=bool)
    overlaps[1:] = start[1:] < np.maximum.accumulate(end)[:-1]
    overlaps[:-1] |= end[:-1] > np.minimum.accumulate(start[::-1])[::-1][1:]
    clash = np.zeros(n_parts, dtype=bool)
    clash[run_part[order][overlaps]] = True
    keep = order[~clash[run_part[order]]]
    start, end = run_flat[keep], run_flat[keep] + run_length[keep]
    values = np.zeros(2 * len(keep) + 1, dtype=np.int64)
    values[1::2] = run_part[keep] + 1
    lengths = np.empty(2 * len(keep) + 1, dtype=np.int64)
    lengths[0:-1:2] = start - np.r_[0, end[:-1]]
    lengths[1::2] = end - start
    lengths[-1] = size - (end[-1] if len(end) else 0)
    return np.repeat(values, lengths), clash


def _unit(values):
    """``values`` clipped to 0..1 in place (rounding may carry a coverage a hair outside)."""
    return np.minimum(np.maximum(values, 0.0, out=values), 1.0, out=values)


def _expand(counts):
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
    segment, k = _expand(points)
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


class _Edges(typing.NamedTuple):
    """Ring edges of polygon parts in pixel coordinates (``_ring_edges``). Per part: the index of
    its geometry, its area (pixels) and bounds; per edge, grouped by part: its part, ends and
    sign (+1/-1, int8: the accumulation in ``_Rings._chunk`` adds a shell's area and subtracts a
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


def _ring_edges(geometries, grid):
    """Non-horizontal ring edges of polygons and multipolygons (an :class:`_Edges`)."""
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
    return _Edges(part_geometry, part_area, *bounds, ring_part[ring], u0[moving], v0[moving], u1[moving],
                  v1[moving], ring_sign[ring])


class _Rings:
    """Polygon parts as ring edges in pixel coordinates, with per-part boxes; yields coverage per strip."""

    def __init__(self, geometries, units, grid):
        self.grid = grid
        polygonal = np.flatnonzero(np.isin(shapely.get_type_id(geometries), (3, 6)) & ~shapely.is_empty(geometries))
        batches = [_ring_edges(geometries[polygonal[i:i + RING_BATCH]], grid)
                   for i in range(0, len(polygonal), RING_BATCH)] or [_ring_edges(geometries[:0], grid)]
        parts = [len(batch.part_geometry) for batch in batches]
        first_geometry = np.repeat(np.arange(0, len(polygonal) + 1, RING_BATCH)[:len(batches)], parts)
        first_part = np.repeat(np.cumsum([0] + parts[:-1]), [len(batch.edge_part) for batch in batches])
        edges = _Edges(*(np.concatenate(column) for column in zip(*batches)))
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

    def coverage(self, selected, row0, row1, chunk_cells, progress):
        """Coverage of the ``selected`` parts on rows [row0, row1), in chunks of bounded size.

        Yields (first, last, boundary, runs) per chunk; the chunk's parts are selected[first:last],
        and part indices in boundary and runs count from ``first``. boundary:
        (part, covered fraction 0..1, flat strip index) of every pixel a ring crosses or a
        horizontal edge runs through; runs: (part, flat strip index of the first pixel, length in
        pixels) of the wholly covered pixels between them.
        """
        rows = np.minimum(self.row1[selected], row1) - np.maximum(self.row0[selected], row0)
        cost = np.maximum(rows * (self.col1[selected] - self.col0[selected] + 1), self.pieces[selected])
        chunk = np.floor_divide(np.cumsum(cost) - cost, max(int(chunk_cells), 1))
        bounds = np.flatnonzero(np.r_[True, chunk[1:] != chunk[:-1], True])
        for a, b in zip(bounds[:-1], bounds[1:]):
            progress.check()
            yield (a, b) + self._chunk(selected[a:b], row0, row1)

    def _chunk(self, parts, row0, row1):
        width = self.col1[parts] - self.col0[parts] + 1  # one spare column on the right
        top = np.maximum(self.row0[parts], row0)
        height = np.minimum(self.row1[parts], row1) - top
        offset = np.cumsum(width * height) - width * height
        total = int((width * height).sum())
        local, position = _expand(self.edge_count[parts])
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
        first_flat = (row - row0) * self.grid.width + first_col
        real_count = high - first_col
        # a piece inside one pixel column (most of them) needs no curve: its pixel gets
        # dv x (1 - offset of its middle) and the next one the rest
        span = last_col - first_col
        alone = (span == 1) & (lo_col == first_col) & (hi_col == first_col)
        single, several = np.flatnonzero(alone), np.flatnonzero(~alone)
        right = dv[single] * (first_col[single] + 1 - (lo[single] + hi[single]) / 2)
        count = span[several] + 1
        which, k = _expand(count)
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
            which, step = _expand(gap[partial])
            crossed = (np.r_[crossed[0], part[partial][which]],
                       np.r_[crossed[1], _unit(cover[partial])[which]],
                       np.r_[crossed[2], flat[partial][which] + 1 + step])
        return crossed, (part[full], flat[full] + 1, gap[full])


class _Accumulator:
    """Reads band 1 of a raster strip by strip and sums coverage-weighted values per part."""

    def __init__(self, dataset):
        self.band = dataset.GetRasterBand(1)
        self.nodata = self.band.GetNoDataValue()
        self.width, self.height = dataset.RasterXSize, dataset.RasterYSize
        self.block_rows = self.band.GetBlockSize()[1]

    def read(self, row0, row1):
        """Rows [row0, row1) of band 1, flattened. Once a strip reaches into a new row of blocks,
        the band's blocks are dropped from GDAL's cache, where they would otherwise stay (up to
        GDAL_CACHEMAX, 5% of RAM by default); strips that tile the blocks read each block once."""
        values = self.band.ReadAsArray(0, row0, self.width, row1 - row0).ravel()
        if row1 // self.block_rows > row0 // self.block_rows or row1 == self.height:
            self.band.FlushCache()
        return values


class _ClassAccumulator(_Accumulator):
    """Class areas per part, in pixels: columns 0..k-1 the codes, k unknown codes, k+1 nodata."""

    def __init__(self, dataset, codes, n_parts):
        super().__init__(dataset)
        if self.band.DataType not in (gdal.GDT_Byte, gdal.GDT_UInt16, gdal.GDT_Int16, gdal.GDT_UInt32, gdal.GDT_Int32):
            raise LedgerInputError("a land-cover raster must hold integer class codes",
                                   layer=dataset.GetDescription())
        self.codes = np.asarray(codes, dtype=np.int64)
        self.columns = len(self.codes) + 2
        self.sum = np.zeros((n_parts, self.columns))
        self.unknown_codes = set()

    def prepare(self, row0, row1):
        """(raw codes, column index) of every pixel of the strip."""
        values = self.read(row0, row1)
        k = len(self.codes)
        if values.dtype in (np.uint8, np.uint16):  # a lookup table over every possible code
            table = np.full(np.iinfo(values.dtype).max + 1, k, dtype=np.int16)
            fits = (self.codes >= 0) & (self.codes < len(table))
            table[self.codes[fits]] = np.flatnonzero(fits)
            if self.nodata is not None and 0 <= self.nodata < len(table):
                table[int(self.nodata)] = k + 1
            return values, table[values]
        order = np.argsort(self.codes)
        position = np.clip(np.searchsorted(self.codes[order], values), 0, max(k - 1, 0))
        index = np.where(self.codes[order][position] == values, order[position], k) if k else np.zeros(len(values), np.int64)
        if self.nodata is not None:
            index = np.where(values == self.nodata, k + 1, index)
        return values, index.astype(np.int16)

    def _note_unknown(self, codes):
        """Remember codes found under units that are not in ``codes``."""
        self.unknown_codes.update(np.unique(codes).tolist())

    def add(self, strip, parts, part, cover, flat):
        """Add pixels with covered fractions: ``part`` indexes ``parts``; flat indexes the strip."""
        values, index = strip
        index = index[flat]
        unknown = index == len(self.codes)
        if unknown.any():
            self._note_unknown(values[flat[unknown & (cover > 0)]])
        sums = np.bincount(part * self.columns + index, cover, minlength=len(parts) * self.columns)
        self.sum[parts] += sums.reshape(len(parts), self.columns)

    def add_runs(self, strip, selected, run_part, run_flat, run_length):
        """Add the wholly covered pixels of runs (part index in ``selected``, first flat strip
        index, length): painted as a label image and counted in one bincount; runs of parts that
        overlap another part's are counted pixel by pixel."""
        values, index = strip
        labels, clash = _paint(run_part, run_flat, run_length, len(selected), len(index))
        unknown = index == len(self.codes)
        if unknown.any():
            self._note_unknown(values[unknown & (labels > 0)])
        counts = np.bincount(labels * self.columns + index, minlength=(len(selected) + 1) * self.columns)
        self.sum[selected] += counts[self.columns:(len(selected) + 1) * self.columns].reshape(len(selected), self.columns)
        if clash.any():
            runs_of = np.flatnonzero(clash[run_part])
            which, step = _expand(run_length[runs_of])
            self.add(strip, selected, run_part[runs_of][which], np.ones(len(which)), run_flat[runs_of][which] + step)

    def result(self, to_units, pixel_area):
        total = to_units(self.sum) * pixel_area
        k = len(self.codes)
        return ClassAreas(self.codes, total[:, :k], total[:, k], total[:, k + 1], sorted(self.unknown_codes))


class _MeanAccumulator(_Accumulator):
    """Coverage-weighted sums of a continuous raster's valid values, per part."""

    def __init__(self, dataset, n_parts):
        super().__init__(dataset)
        self.weight = np.zeros(n_parts)
        self.weighted = np.zeros(n_parts)

    def prepare(self, row0, row1):
        """Of the strip: (values with invalid pixels at 0, validity or None when all are valid,
        and of both the sums along each row before every pixel: (rows, width + 1) flattened)."""
        values = self.read(row0, row1)
        valid = np.isfinite(values) if values.dtype.kind == "f" else np.ones(len(values), bool)
        if self.nodata is not None:
            valid &= values != self.nodata
        if valid.all():
            valid = None
        else:
            values = np.where(valid, values, 0)
        return values, valid, self._row_sums(values), None if valid is None else self._row_sums(valid)

    def _row_sums(self, values):
        rows = values.reshape(-1, self.width)
        sums = np.zeros((len(rows), self.width + 1))
        np.cumsum(rows, axis=1, dtype=np.float64, out=sums[:, 1:])
        return sums.ravel()

    def add(self, strip, parts, part, cover, flat):
        values, valid = strip[:2]
        weight = cover if valid is None else cover * valid[flat]
        self.weight[parts] += np.bincount(part, weight, minlength=len(parts))
        self.weighted[parts] += np.bincount(part, weight * values[flat], minlength=len(parts))

    def add_runs(self, strip, selected, run_part, run_flat, run_length):
        """Add the wholly covered pixels of runs (part index in ``selected``, first flat strip
        index, length) from the sums along rows: a run's sum is a difference of two of them."""
        row, column = np.divmod(run_flat, self.width)
        start = row * (self.width + 1) + column
        value_sums, valid_sums = strip[2:]
        count = run_length if valid_sums is None else valid_sums[start + run_length] - valid_sums[start]
        self.weight[selected] += np.bincount(run_part, count, minlength=len(selected))
        self.weighted[selected] += np.bincount(run_part, value_sums[start + run_length] - value_sums[start],
                                               minlength=len(selected))

    def result(self, to_units, pixel_area):
        weight, weighted = to_units(self.weight), to_units(self.weighted)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(weight > 0, weighted / weight, np.nan)
        return RasterMean(mean, weight * pixel_area)
