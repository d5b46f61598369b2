"""The tape measure, image side: superpixel segments inside parcels, read window by window.

Each parcel belongs to the window (``window`` x ``window`` px) holding its centroid; a window
is read over the bounding box of the parcels it owns, so no parcel is ever cut by a window
edge and memory stays at about one window of bands. Inside a window, SLIC (scikit-image)
runs on the bands scaled by their image-wide 2nd-98th percentiles, plus one channel holding a
random value per parcel, weighted so that a cluster never spans two parcels; segments are
then split by parcel and by 4-connected component, so no segment crosses a parcel boundary,
whatever SLIC did. SLIC runs on the whole window box from a regular grid of seeds (its
``mask=`` option seeds by k-means over the masked pixels, which is far slower), and pixels
outside the window's parcels are discarded afterwards. Segments are polygonized with GDAL (pixel edges, image CRS).
"""
import dataclasses

import numpy as np
import shapely
from osgeo import gdal, ogr, osr
from skimage.measure import label as connected_components
from skimage.segmentation import slic

from ..core.gdal_arrow import numpy_arrow_reads
from ..core.gdal_errors import gdal_exceptions
from .zonal import open_raster


PARCEL_CHANNEL_WEIGHT = 10.0
"""Weight of the per-parcel channel against bands scaled to about 0..1: a cluster spanning two
parcels would pay a feature distance of up to this much, far above any spectral difference."""
COMPACTNESS = 0.1
"""SLIC compactness for bands scaled to about 0..1 (spectral vs spatial proximity)."""
SLIC_ITERATIONS = 5
"""k-means iterations of SLIC; segments move little after five at these sizes."""
SMALL_FRACTION = 0.25
"""Segments under this fraction of SCALE (fragments left where a working-resolution superpixel
spills over a parcel edge) are merged into their largest-border neighbour in the same parcel."""
MIN_WORKING_PX = 25
"""SLIC works on block means coarse enough to leave this many working pixels per segment (5 x 5, the
usual SLIC grid step), so its cost falls with the segment size; parcels are split at full resolution."""


@dataclasses.dataclass
class ImageInfo:
    """What segmentation needs to know about a raster: size, grid, CRS, bands, nodata."""

    path: str
    cols: int
    rows: int
    bands: int
    transform: tuple
    crs_wkt: str
    nodata: list

    @property
    def pixel_area(self):
        """Area of one pixel in the raster's CRS units squared (m2 for a projected CRS)."""
        return abs(self.transform[1] * self.transform[5] - self.transform[2] * self.transform[4])


@gdal_exceptions()
def image_info(path, layer="IMAGE"):
    """Open a raster and describe it; raise LedgerInputError if it cannot be read or is not projected."""
    dataset = open_raster(path, layer)
    srs = dataset.GetSpatialRef()
    nodata = [dataset.GetRasterBand(b + 1).GetNoDataValue() for b in range(dataset.RasterCount)]
    return ImageInfo(str(path), dataset.RasterXSize, dataset.RasterYSize, dataset.RasterCount,
                     dataset.GetGeoTransform(), srs.ExportToWkt(), nodata)


@gdal_exceptions()
def band_scaling(info, bands, sample_px=1_000_000):
    """(low, high) per band: 2nd and 98th percentiles of a regular sample of at most ``sample_px`` px."""
    dataset = gdal.Open(info.path)
    step = max(1, int(np.sqrt(info.cols * info.rows / sample_px)))
    scale = []
    for band in bands:
        raster = dataset.GetRasterBand(band)
        values = raster.ReadAsArray(buf_xsize=max(1, info.cols // step), buf_ysize=max(1, info.rows // step))
        values = values.astype(np.float64).ravel()
        nodata = raster.GetNoDataValue()
        values = values[np.isfinite(values) & (values != nodata if nodata is not None else True)]
        low, high = (np.percentile(values, [2, 98]) if len(values) else (0.0, 1.0))
        scale.append((float(low), float(max(high, low + 1e-9))))
    return np.array(scale)


def plan_windows(parcel_bounds_px, window, cols, rows):
    """Group parcels by the window holding their box centre; returns {(wx, wy): parcel indices}.

    parcel_bounds_px: (n, 4) pixel boxes (col0, row0, col1, row1), already clipped to the image.
    """
    centre_col = (parcel_bounds_px[:, 0] + parcel_bounds_px[:, 2]) / 2.0
    centre_row = (parcel_bounds_px[:, 1] + parcel_bounds_px[:, 3]) / 2.0
    wx = np.clip((centre_col // window).astype(int), 0, max(0, (cols - 1) // window))
    wy = np.clip((centre_row // window).astype(int), 0, max(0, (rows - 1) // window))
    key = wy * (cols // window + 2) + wx
    order = np.argsort(key, kind="stable")
    groups = {}
    for k in np.unique(key):
        members = order[key[order] == k]
        groups[(int(wx[members[0]]), int(wy[members[0]]))] = members
    return groups


def pixel_bounds(geometry, transform, cols, rows):
    """(n, 4) integer pixel boxes (col0, row0, col1, row1) of geometries, clipped to the raster."""
    bounds = shapely.bounds(geometry)
    x0, dx, _, y0, _, dy = transform
    col0 = np.floor((bounds[:, 0] - x0) / dx)
    col1 = np.ceil((bounds[:, 2] - x0) / dx)
    row0 = np.floor((bounds[:, 3] - y0) / dy)
    row1 = np.ceil((bounds[:, 1] - y0) / dy)
    box = np.stack([col0, row0, col1, row1], axis=1)
    box[:, [0, 2]] = np.clip(box[:, [0, 2]], 0, cols)
    box[:, [1, 3]] = np.clip(box[:, [1, 3]], 0, rows)
    return box.astype(np.int64)


@gdal_exceptions()
def _memory_dataset(cols, rows, transform, crs_wkt, dtype=gdal.GDT_Int32):
    dataset = gdal.GetDriverByName("MEM").Create("", int(cols), int(rows), 1, dtype)
    dataset.SetGeoTransform(transform)
    dataset.SetProjection(crs_wkt)
    return dataset


@gdal_exceptions()
def burn_values(dataset, geometry, values):
    """Burn geometries with int ``values`` into band 1 of a GDAL dataset (pixel centres)."""
    source = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = source.CreateLayer("burn", dataset.GetSpatialRef(), ogr.wkbUnknown)
    layer.CreateField(ogr.FieldDefn("value", ogr.OFTInteger))
    definition = layer.GetLayerDefn()
    for wkb, value in zip(shapely.to_wkb(geometry), values, strict=False):
        feature = ogr.Feature(definition)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(wkb))
        feature.SetField(0, int(value))
        layer.CreateFeature(feature)
    gdal.RasterizeLayer(dataset, [1], layer, options=["ATTRIBUTE=value"])


@gdal_exceptions()
def rasterize_ids(geometry, values, cols, rows, transform, crs_wkt):
    """Burn polygons with int ``values`` (pixel centres) into a (rows, cols) int32 array, 0 elsewhere."""
    dataset = _memory_dataset(cols, rows, transform, crs_wkt)
    burn_values(dataset, geometry, values)
    return dataset.GetRasterBand(1).ReadAsArray()


@gdal_exceptions()
def polygonize(labels, transform, crs_wkt):
    """Polygons of every non-zero label (4-connected regions), as (label array, shapely array)."""
    dataset = _memory_dataset(labels.shape[1], labels.shape[0], transform, crs_wkt)
    band = dataset.GetRasterBand(1)
    band.WriteArray(labels.astype(np.int32, copy=False))
    source = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = source.CreateLayer("segments", osr.SpatialReference(wkt=crs_wkt), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
    gdal.Polygonize(band, band, layer, 0, [])  # the band is its own mask: 0 is no polygon
    values, wkb = _labels_and_wkb(layer)
    return values, shapely.from_wkb(wkb)


def _labels_and_wkb(layer):
    """(int64 labels, object array of WKB) of a polygonized layer: through OGR's Arrow stream where it
    is read faithfully (``core.gdal_arrow``), else feature by feature."""
    if not numpy_arrow_reads():
        pairs = [(feature.GetField(0), bytes(feature.GetGeometryRef().ExportToWkb())) for feature in layer]
        labels = np.array([label for label, _ in pairs], dtype=np.int64)
        return labels, np.array([blob for _, blob in pairs], dtype=object)
    values, wkb = [], []
    for batch in layer.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO"]):
        values.append(np.asarray(batch["label"], dtype=np.int64))
        blobs = batch["wkb_geometry"]
        wkb.append(np.array([bytes(b) for b in blobs], dtype=object) if blobs.dtype != object else blobs)
    if not values:
        return np.zeros(0, np.int64), np.zeros(0, dtype=object)
    return np.concatenate(values), np.concatenate(wkb)


def working_factor(scale_m2, pixel_area):
    """Block size (px) SLIC works at: the largest keeping MIN_WORKING_PX working pixels per segment."""
    return max(1, int(np.sqrt(scale_m2 / pixel_area / MIN_WORKING_PX)))


def _block_mean(array, factor):
    """(rows, cols, k) float32 array averaged over factor x factor blocks (edges padded by repetition)."""
    rows, cols = array.shape[:2]
    padded = np.pad(array, ((0, -rows % factor), (0, -cols % factor), (0, 0)), mode="edge")
    across = np.zeros_like(padded[:, ::factor])  # the columns of each block added in turn onto 0, as sum() adds
    for offset in range(factor):
        across += padded[:, offset::factor]
    summed = np.zeros_like(across[::factor])  # then its rows: whole planes added, not a strided reduction
    for offset in range(factor):
        summed += across[offset::factor]
    return summed / np.float32(factor * factor)


def segment_window(bands, parcel_ids, valid, pixel_area, scale_m2, seed=0):
    """Superpixels of one window that never cross a parcel: (labels 1..n, 0 outside) and n.

    bands: (rows, cols, k) float32 scaled to about 0..1. parcel_ids: (rows, cols) int, 0 where no
    parcel. valid: (rows, cols) bool, False at nodata. scale_m2: mean segment area wanted, m2.
    SLIC runs on factor x factor block means (``working_factor``); its labels are brought back
    to full resolution and split there by parcel and connected component.
    """
    mask = (parcel_ids > 0) & valid
    if not mask.any():
        return np.zeros(parcel_ids.shape, np.int32), 0
    rows, cols = parcel_ids.shape
    factor = working_factor(scale_m2, pixel_area)
    rng = np.random.default_rng(seed)
    code = rng.random(int(parcel_ids.max()) + 1).astype(np.float32) * PARCEL_CHANNEL_WEIGHT
    if factor > 1:
        bands = _block_mean(bands, factor)
        parcel_ids_working = parcel_ids[::factor, ::factor]
    else:
        parcel_ids_working = parcel_ids
    features = np.concatenate([bands, code[parcel_ids_working][..., None]], axis=-1)
    n_segments = max(1, int(round(rows * cols * pixel_area / scale_m2)))
    superpixels = slic(features, n_segments=n_segments, compactness=COMPACTNESS, max_num_iter=SLIC_ITERATIONS,
                       convert2lab=False, channel_axis=-1, start_label=1)
    del features
    if factor > 1:
        superpixels = superpixels[np.arange(rows)[:, None] // factor, np.arange(cols)[None, :] // factor]
    combined = superpixels.astype(np.int64)
    combined *= int(parcel_ids.max()) + 1
    combined += parcel_ids
    combined[~mask] = 0
    labels, count = connected_components(combined, background=0, connectivity=1, return_num=True)
    min_px = scale_m2 / pixel_area * SMALL_FRACTION
    return merge_small_segments(labels.astype(np.int32), parcel_ids, count, min_px)


def merge_small_segments(labels, parcel_ids, count, min_px):
    """Merge segments under ``min_px`` pixels into the neighbour of the same parcel sharing most edge.

    One pass over the 4-neighbour pixel pairs; a small segment with no larger neighbour in its
    parcel (a parcel smaller than ``min_px``) stays. Returns (labels renumbered 1..n, n).
    """
    pixels = np.bincount(labels.ravel(), minlength=count + 1)
    small = pixels < min_px
    small[0] = False
    if not small.any():
        return labels, count
    parcel = np.zeros(count + 1, np.int64)
    parcel[labels.ravel()] = parcel_ids.ravel()
    pairs = [(x[x != y], y[x != y]) for x, y in ((labels[:, :-1], labels[:, 1:]), (labels[:-1, :], labels[1:, :]))]
    a = np.concatenate([part for x, y in pairs for part in (x, y)]).astype(np.int64)
    b = np.concatenate([part for x, y in pairs for part in (y, x)]).astype(np.int64)
    keep = small[a] & ~small[b] & (b > 0) & (parcel[a] == parcel[b])
    key, shared = np.unique(a[keep] * (count + 1) + b[keep], return_counts=True)
    source, target = key // (count + 1), key % (count + 1)
    order = np.lexsort((target, -shared, source))
    source, target = source[order], target[order]
    first = np.r_[True, source[1:] != source[:-1]]
    mapping = np.arange(count + 1)
    mapping[source[first]] = target[first]
    kept = np.unique(mapping)
    kept = kept[kept > 0]
    renumber = np.zeros(count + 1, np.int32)
    renumber[kept] = np.arange(1, len(kept) + 1)
    return renumber[mapping][labels], len(kept)
