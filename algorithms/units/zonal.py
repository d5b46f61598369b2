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

The raster is read once, in strips of rows (``window_pixels`` pixels of a full row per strip, tiling
the raster's blocks, whose GDAL cache is dropped once read), each strip only over the columns its
polygons span (a partition of a city's units covers a part of its width; means read from column 0,
so that their sums along the row are those of the whole row), and the polygons touching a strip are
processed in chunks of bounded size; every step is vectorised numpy (repeat/arange expansion,
bincount, cumsum). Memory stays at about one strip of every raster plus one chunk of boxes, on
top of the ring edges (about 40 bytes per polygon vertex) and the per-unit sums.

The parts: ``zonal_rasters`` (grid, opening and resampling rasters), ``zonal_rings`` (ring edges
and exact pixel coverage per strip), ``zonal_accumulators`` (strips read and summed per part);
this module runs them in one pass (``zonal_statistics``).
"""
import dataclasses

import numpy as np

from ..core.gdal_errors import gdal_exceptions
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from .zonal_accumulators import ClassAccumulator, MaskedMeanAccumulator, MeanAccumulator, PairAccumulator
from .zonal_rasters import Grid, align, open_raster, same_crs  # noqa: F401 (public API: callers use zonal.open_raster ...)
from .zonal_rings import Rings

WINDOW_PIXELS = 1_000_000
"""Pixels per strip read at once (rows x width): 1 MB per uint8 raster, 4 MB per float32."""

CHUNK_CELLS = 300_000
"""Bounding-box pixels (and ring pieces) processed per chunk of polygons. Small chunks and strips are
faster as well as leaner: their work arrays (a few MB) are reused from the heap and stay in cache,
where chunks of millions of cells were fresh memory maps, paid in page faults (a third less CPU at
1,000,000 parcels, ``benchmarks/bench_zonal.py``)."""

RING_BATCH = 100_000
"""Geometries turned into ring edges at once (bounds the temporary coordinate arrays)."""

AREA_ROUNDING_M2 = 1e-4
"""Areas (m2) below this, 1 cm2 (a millionth of a 10 m pixel), are rounding, not land: the running
sums of the coverage (a pixel counts as wholly covered within 1e-9 of it) and the subtraction of
nested units' areas leave a few 1e-13 to 1e-6 m2 where a unit holds none of a class. Kept, they
became entries of 1e-12 t CO2e with intervals and fingerprints (7% of the 100,000-parcel city's
entries, 21% of its stock rows)."""


def is_land(area_m2):
    """True where an area (m2, array) is land of its class rather than rounding (``AREA_ROUNDING_M2``)."""
    return np.asarray(area_m2) >= AREA_ROUNDING_M2


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


@gdal_exceptions()
def zonal_statistics(geometries, units, n_units, categorical, continuous=None, progress=NO_PROGRESS,
                     window_pixels=WINDOW_PIXELS, chunk_cells=CHUNK_CELLS, pairs=None, masked=None):
    """Exact class areas and raster means per unit, in one pass over the rasters.

    geometries: array of shapely polygons or multipolygons in the rasters' CRS (others ignored).
    units: int array, the unit index (0 .. n_units-1) of each geometry; several geometries may
    share a unit. Geometries may overlap (each is counted in full).
    categorical: {name: (gdal.Dataset, codes)}: integer class rasters and the class codes to
    report; continuous: {name: gdal.Dataset}: rasters to average. All rasters share one grid
    (the first categorical one's); band 1 is read; the band's nodata value is honoured.
    pairs: {name: (earlier name, later name)} of categorical rasters sharing their codes: the area
    of every (earlier code, later code) pair, in ``classes[name]`` with k^2 columns (pair i x k + j).
    masked: {name: (continuous name, categorical name, codes, floor)}: the mean of a continuous
    raster over the pixels whose class is not one of ``codes``, each value floored at ``floor``,
    in ``means[name]``.
    Returns a :class:`ZonalResult`, areas in m2 (squared CRS units).
    """
    continuous = continuous or {}
    if not categorical:
        raise ValueError("zonal_statistics needs at least one categorical raster")
    grid = Grid.of(next(iter(categorical.values()))[0])
    for name, dataset in [(n, d) for n, (d, _) in categorical.items()] + list(continuous.items()):
        if Grid.of(dataset) != grid:
            raise LedgerInputError(tr("raster is not on the grid of the first land-cover raster {grid}").format(
                grid=grid), layer=name)
    rings = Rings(np.asarray(geometries, dtype=object), np.asarray(units, dtype=np.int64), grid, RING_BATCH)
    accumulators = {name: ClassAccumulator(dataset, codes, rings.n_parts)
                    for name, (dataset, codes) in categorical.items()}
    accumulators.update({name: PairAccumulator(categorical[a][0], categorical[b][0], categorical[b][1], rings.n_parts)
                         for name, (a, b) in (pairs or {}).items()})
    accumulators.update({name: MeanAccumulator(dataset, rings.n_parts) for name, dataset in continuous.items()})
    accumulators.update({name: MaskedMeanAccumulator(continuous[c], categorical[m][0], codes, floor, rings.n_parts)
                         for name, (c, m, codes, floor) in (masked or {}).items()})
    strip_rows = _strip_rows(int(window_pixels) // max(grid.width, 1), accumulators[next(iter(categorical))].block_rows)
    for row0, row1, selected in rings.strips(strip_rows):
        progress(row0 / grid.height, tr("rows {first_row}-{end_row} of {rows}").format(
            first_row=row0, end_row=row1, rows=grid.height))
        if len(selected) == 0:
            continue
        window = rings.columns(selected)  # a partition's units span a part of the width: only those columns
        strips = {name: acc.prepare(row0, row1, *window) for name, acc in accumulators.items()}
        runs = []
        for first, last, boundary, run in rings.coverage(selected, row0, row1, chunk_cells, progress, window):
            parts = selected[first:last]
            part, cover, flat = boundary
            for name, acc in accumulators.items():
                acc.add(strips[name], parts, part, cover, flat)
            runs.append((run[0] + first, run[1], run[2]))
        runs = tuple(np.concatenate(column) for column in zip(*runs, strict=False))
        for name, acc in accumulators.items():
            acc.add_runs(strips[name], selected, *runs)
    progress(1.0, tr("zonal statistics done"))
    pixel_area = grid.pixel_area
    to_units = rings.to_units(n_units)
    # every pixel inside the raster falls in one column of a class accumulator (a code, unknown or nodata)
    in_raster = accumulators[next(iter(categorical))].sum.sum(axis=1)
    return ZonalResult(
        unit_area=to_units(rings.part_area) * pixel_area,
        in_raster=to_units(in_raster) * pixel_area,
        classes={
            n: a.result(to_units, pixel_area) for n, a in accumulators.items() if n in categorical or n in (pairs or {})
        },
        means={
            n: a.result(to_units, pixel_area) for n, a in accumulators.items() if n in continuous or n in (masked or {})
        },
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
