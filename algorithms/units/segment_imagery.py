"""Image segments of the ledger's parcels as ``segment`` units, with band means, NDVI and land cover.

``segment_imagery`` reads the parcels of a ledger, segments the image window by window
(``imagery.py``), and returns the segment units (ids ``<parcel>-S0001``, parent the parcel) and
their statistics for the ``unit_stats`` table: ``mean:band_<i>`` (image values), ``mean:ndvi``
(ratio, from the raw red and NIR values) and ``area_m2:lc_<code>`` (m2 of each land-cover code,
land cover sampled at the image pixel centres). Segments come out of the image as pixels
(each pixel goes to the parcel holding its centre); each pixel crossed by a parcel edge but centred
outside the parcel is claimed by the parcel's segment beside it, and the pixels with their claims are
cut to the parcel, so the segments of a parcel tile it exactly (``segment_fit``). ``write_segments`` replaces the
segments and their stats in one transaction.

At city scale the segments are never all held: ``segment_batches`` yields them window by window (every segment
of a parcel in the parcel's window) and ``write_segment_batches`` writes each batch as it comes, in one
transaction; only the parcels (ids, land use, outlines) are held for the whole run.
"""
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from osgeo import gdal
from pyproj import CRS

from ..core import ahead
from ..core.gdal_errors import gdal_exceptions
from . import reconcile as reconcile_units, superpixels as imagery
from .segment_fit import fit_territories, territories
from ..ledger import replacement, resegmentation, rtree_bulk, schema, totals
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from .unit_ids import child_ids, reading_order_rank


MIN_SEGMENT_PX = 20
"""Fewest pixels per segment (SCALE / pixel area) before a warning: smaller segments are noise."""
STATS_COLUMNS = ["unit_id", "stat", "value", "value_unit"]
"""Columns of the stats frames (rows of ``unit_stats`` without their run)."""
REFLECTANCE_MAX = 10_000.0
"""Largest red or NIR value (98th percentile) taken as reflectance: 0..1, or reflectance x 10,000 as
Sentinel-2 Level-2A and many products store it. Above it the values are digital numbers."""


def _check_band(value, info, name):
    if value is not None and not 1 <= int(value) <= info.bands:
        raise LedgerInputError(tr("band {band} does not exist: the image has {bands} bands").format(
            band=value, bands=info.bands), layer="IMAGE", field=name)


def segment_imagery(ledger, image_path, scale_m2, red_band=3, nir_band=None, landcover_path=None, window=2048,
                    progress=NO_PROGRESS):
    """Segment the image inside every parcel of ``ledger``, all at once (``segment_batches`` gathered).

    Same arguments as ``segment_batches``. Returns (segments GeoDataFrame in the ledger CRS with the
    units columns, sorted by unit_id; stats DataFrame unit_id/stat/value/value_unit; counts dict).
    """
    batches, counts = segment_batches(ledger, image_path, scale_m2, red_band, nir_band, landcover_path, window,
                                      progress)
    pieces = list(batches)
    if not pieces:
        return _no_segments(ledger.crs_wkt), pd.DataFrame(columns=STATS_COLUMNS), counts
    units = pd.concat([u for u, _ in pieces], ignore_index=True).sort_values("unit_id", kind="mergesort")
    return units.reset_index(drop=True), pd.concat([s for _, s in pieces], ignore_index=True), counts


@gdal_exceptions()
def segment_batches(ledger, image_path, scale_m2, red_band=3, nir_band=None, landcover_path=None, window=2048,
                    progress=NO_PROGRESS):
    """Segment the image inside every parcel of ``ledger``, one window of parcels at a time (the next windows
    segmented in threads meanwhile, ``ahead.results_in_order``: GDAL, GEOS and numpy work outside the GIL).

    scale_m2: mean segment area wanted (m2). red_band, nir_band: 1-based bands for NDVI (no
    NDVI when nir_band is None). landcover_path: optional classified raster (integer codes).
    window: window side in pixels. Inputs are checked at once; returns (batches, counts): batches
    yields, window by window, (segments GeoDataFrame in the ledger CRS with the units columns, sorted by
    unit_id; stats DataFrame unit_id/stat/value/value_unit), so that only one window's segments are held;
    counts (segments, parcels without segment or outside the image, unsegmented m2) is complete once
    batches is exhausted.
    """
    if scale_m2 is None or scale_m2 <= 0:
        raise LedgerInputError(tr("SCALE must be a positive area in m2, got {scale}").format(scale=scale_m2),
                               field="SCALE")
    if window < 64:
        raise LedgerInputError(tr("WINDOW must be at least 64 px, got {window}").format(window=window),
                               field="WINDOW")
    info = imagery.image_info(image_path)
    _check_band(red_band, info, "RED_BAND")
    _check_band(nir_band, info, "NIR_BAND")
    if scale_m2 / info.pixel_area < MIN_SEGMENT_PX:
        progress.warn(tr("SCALE {scale:g} m2 is {pixels:.1f} pixels of {pixel_area:g} m2: segments under "
                         "{min_pixels} pixels follow noise; set SCALE to at least {least_scale:g} m2 for this image")
                      .format(scale=scale_m2, pixels=scale_m2 / info.pixel_area, pixel_area=info.pixel_area,
                              min_pixels=MIN_SEGMENT_PX, least_scale=MIN_SEGMENT_PX * info.pixel_area))
    landcover = imagery.image_info(landcover_path, "LANDCOVER") if landcover_path else None
    parcels = ledger.units_of_levels(["parcel"], ["unit_id", "land_use"])
    if len(parcels) == 0:
        raise LedgerInputError(tr("has no parcels: run carbonledger:segmentunits first"), layer="LEDGER")
    same_crs = CRS.from_wkt(info.crs_wkt).equals(CRS.from_wkt(ledger.crs_wkt))
    geometry = parcels.geometry.values if same_crs else parcels.to_crs(info.crs_wkt).geometry.values
    boxes = imagery.pixel_bounds(geometry, info.transform, info.cols, info.rows)
    inside = (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
    groups = imagery.plan_windows(boxes[inside], window, info.cols, info.rows)
    inside_index = np.flatnonzero(inside)
    scaling = imagery.band_scaling(info, range(1, info.bands + 1))
    if nir_band is not None:
        check_reflectance(scaling, {"RED_BAND": red_band, "NIR_BAND": nir_band})
    counts = {"segments": 0, "parcels_without_segment": len(parcels), "parcels_outside_image": int((~inside).sum()),
              "unsegmented_m2": 0.0}

    def window(step_members):  # in a thread (ahead), with its own dataset: GDAL's are not shared between threads
        step, members = step_members
        members = inside_index[members]
        with gdal_exceptions():
            return members, _window_segments(gdal.Open(info.path), info, landcover, geometry[members], boxes[members],
                                             scaling, scale_m2, red_band, nir_band, seed=step)

    def batches():
        with gdal_exceptions():  # around each window: a generator runs after segment_batches returned
            offset = 0
            windows = ahead.results_in_order(window, enumerate(groups.values()))
            for step, (members, piece) in enumerate(windows):
                progress(step / max(1, len(groups)), tr("Segmenting window {window} of {windows}").format(
                    window=step + 1, windows=len(groups)))
                if piece is None:
                    continue
                piece["parcel"] = members[piece["parcel"] - 1]
                piece["label"] = piece["label"] + offset
                offset += int(piece["label"].max()) if len(piece["label"]) else 0
                units, stats, unsegmented_m2 = _assemble(piece, parcels, info, ledger.crs_wkt, same_crs)
                counts["segments"] += len(units)
                counts["parcels_without_segment"] -= int(units["parent_id"].nunique())
                counts["unsegmented_m2"] += unsegmented_m2
                yield units, stats
            progress(1.0, tr("Segments done"))
            if counts["unsegmented_m2"]:
                progress.warn(tr("{area:.1f} m2 of parcels touch no segment of their parcel (pieces smaller than a "
                                 "pixel apart from the rest): in no segment").format(area=counts["unsegmented_m2"]))
    return batches(), counts


def check_reflectance(scaling, bands):
    """Refuse red/NIR values that are not reflectance (NDVI of digital numbers is meaningless).

    scaling: (low, high) per band (2nd and 98th percentiles); bands: {parameter: 1-based band}.
    """
    for name, band in bands.items():
        high = scaling[band - 1, 1]
        if high > REFLECTANCE_MAX:
            raise LedgerInputError(tr(
                "band {band} reaches {high:,.0f} (98th percentile): NDVI needs surface reflectance (0..1, or x "
                "10,000 as Sentinel-2 Level-2A stores it), not digital numbers; apply the product's scale and "
                "offset first (Landsat Collection 2 Level-2: DN x 0.0000275 - 0.2)").format(band=band, high=high),
                layer="IMAGE", field=name)


def _window_segments(dataset, info, landcover, geometry, boxes, scaling, scale_m2, red_band, nir_band, seed):
    """Segments of the parcels owned by one window, as a dict of arrays (None when none)."""
    col0, row0 = int(boxes[:, 0].min()), int(boxes[:, 1].min())
    width, height = int(boxes[:, 2].max()) - col0, int(boxes[:, 3].max()) - row0
    x0, dx, rx, y0, ry, dy = info.transform
    transform = (x0 + col0 * dx + row0 * rx, dx, rx, y0 + col0 * ry + row0 * dy, ry, dy)
    raw = [dataset.GetRasterBand(band + 1).ReadAsArray(col0, row0, width, height).astype(np.float32, copy=False)
           for band in range(info.bands)]  # one contiguous plane per band: bincounts read them without a copy
    valid = np.ones((height, width), bool)
    for band, plane in enumerate(raw):
        valid &= np.isfinite(plane)
        if info.nodata[band] is not None:
            valid &= plane != info.nodata[band]
    ids = imagery.rasterize_ids(geometry, np.arange(1, len(geometry) + 1), width, height, transform, info.crs_wkt)
    scaled = np.empty((height, width, info.bands), np.float32)
    for band, (low, high) in enumerate(scaling):
        scaled[..., band] = (raw[band].astype(np.float64) - low) / (high - low)  # float64, stored as float32
    labels, count = imagery.segment_window(scaled, ids, valid, info.pixel_area, scale_m2, seed)
    del scaled
    if count == 0:
        return None
    flat = labels.ravel()
    pixels = np.bincount(flat, minlength=count + 1)
    parcel = np.zeros(count + 1, np.int64)
    parcel[flat] = ids.ravel()
    means = np.stack([np.bincount(flat, weights=raw[b].ravel(), minlength=count + 1) for b in range(info.bands)],
                     axis=1) / np.maximum(pixels, 1)[:, None]
    piece = {"label": np.arange(1, count + 1), "parcel": parcel[1:], "pixels": pixels[1:], "means": means[1:]}
    if nir_band is not None:
        red, nir = raw[red_band - 1].astype(np.float64), raw[nir_band - 1].astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            ndvi = (nir - red) / (nir + red)
        good = np.isfinite(ndvi).ravel() & (flat > 0)
        total = np.bincount(flat[good], weights=ndvi.ravel()[good], minlength=count + 1)
        seen = np.bincount(flat[good], minlength=count + 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            piece["ndvi"] = (total / seen)[1:]
    if landcover is not None:
        piece["landcover"] = _landcover_counts(landcover, info, transform, width, height, flat, count)
    values, polygons = territories(labels, ids, transform, info.crs_wkt)
    geometry_of = np.empty(count + 1, dtype=object)
    geometry_of[values] = polygons
    piece["geometry"] = geometry_of[1:]
    return piece


def _landcover_counts(landcover, info, transform, width, height, flat, count):
    """(label, code, pixels) of the land cover resampled (nearest) onto the window's image grid.

    Pixels outside the land-cover raster or at its nodata are not counted.
    """
    x_min = transform[0]
    y_max = transform[3]
    warped = gdal.Warp("", landcover.path, format="MEM", outputBounds=(
        x_min, y_max + height * transform[5], x_min + width * transform[1], y_max),
        width=width, height=height, dstSRS=info.crs_wkt, resampleAlg="near", dstAlpha=True)
    codes = warped.GetRasterBand(1).ReadAsArray().ravel()
    good = (flat > 0) & (warped.GetRasterBand(2).ReadAsArray().ravel() > 0)
    nodata = landcover.nodata[0]
    warped = None
    if nodata is not None:
        good &= codes != nodata
    codes = codes[good]
    if len(codes) and (codes.min() < 0 or not np.array_equal(codes, np.round(codes))):
        raise LedgerInputError(tr("holds negative or fractional codes; land-cover codes must be integers >= 0"),
                               layer="LANDCOVER")
    codes = codes.astype(np.int64)
    if len(codes) == 0:
        return np.zeros((0, 3), np.int64)
    present = np.flatnonzero(np.bincount(codes))
    dense = np.zeros(int(codes.max()) + 1, np.int64)
    dense[present] = np.arange(len(present))
    tally = np.bincount(flat[good].astype(np.int64) * len(present) + dense[codes],
                        minlength=(count + 1) * len(present)).reshape(count + 1, len(present))
    label, column = np.nonzero(tally)
    return np.stack([label, present[column], tally[label, column]], axis=1)


def _no_segments(crs):
    """An empty GeoDataFrame with the units columns."""
    return gpd.GeoDataFrame({c: [] for c in schema.columns("units")}, geometry=[], crs=crs)


def _assemble(piece, parcels, info, ledger_crs, same_crs):
    """Segment units (sorted by unit_id) and stats of one window's piece, and the m2 of its parcels in no
    segment. Only the window's parcels are fitted: every segment of a parcel is in its window."""
    held, parcel = np.unique(piece["parcel"], return_inverse=True)
    mine = parcels.iloc[held]
    geometry = piece["geometry"]
    if not same_crs:
        geometry = gpd.GeoSeries(geometry, crs=info.crs_wkt).to_crs(ledger_crs).values
    geometry, unsegmented_m2 = fit_territories(np.asarray(geometry, dtype=object), parcel, mine.geometry.values)
    parcel_ids = mine["unit_id"].to_numpy(dtype=object)
    ids = child_ids(parcel_ids[parcel], reading_order_rank(geometry, parcel), "segment")
    units = gpd.GeoDataFrame({
        "unit_id": ids, "parent_id": parcel_ids[parcel], "level": "segment",
        "land_use": mine["land_use"].to_numpy(dtype=object)[parcel],
        "source_id": piece["label"].astype(str),
        "area_m2": shapely.area(geometry),
    }, geometry=geometry, crs=ledger_crs)
    columns = schema.columns("units")
    for column in columns:
        if column not in units.columns:
            units[column] = None
    units = units[columns + ["geometry"]].sort_values("unit_id", kind="mergesort").reset_index(drop=True)
    return units, _stats_frame(ids, piece, info), unsegmented_m2


def _stats_frame(ids, piece, info):
    """unit_stats rows of one window's segments (``ids`` in label order): mean:band_<i>, mean:ndvi,
    area_m2:lc_<code>."""
    means = piece["means"]
    frames = [pd.DataFrame({"unit_id": ids, "stat": f"mean:band_{b + 1}", "value": means[:, b],
                            "value_unit": "image value"}) for b in range(means.shape[1])]
    if "ndvi" in piece:
        frames.append(pd.DataFrame({"unit_id": ids, "stat": "mean:ndvi", "value": piece["ndvi"],
                                    "value_unit": "ratio"}))
    if "landcover" in piece:
        tally = piece["landcover"]
        codes, code = np.unique(tally[:, 1], return_inverse=True)
        frames.append(pd.DataFrame({
            "unit_id": ids[tally[:, 0] - 1], "stat": np.array([f"area_m2:lc_{c}" for c in codes], dtype=object)[code],
            "value": tally[:, 2] * info.pixel_area, "value_unit": "m2",
        }))
    return pd.concat(frames, ignore_index=True)


def write_segments(ledger, units, stats, parameters=None, inputs=None, algorithm="carbonledger:segmentimagery",
                   progress=NO_PROGRESS, policy=replacement.KEEP_ALL):
    """Replace the ``segment`` units and their unit_stats rows by ``units`` and ``stats`` in one transaction
    (``write_segment_batches`` with one batch); returns the run id."""
    return write_segment_batches(ledger, [(units, stats)], parameters, inputs, algorithm, progress, policy)


def write_segment_batches(ledger, batches, parameters=None, inputs=None, algorithm="carbonledger:segmentimagery",
                          progress=NO_PROGRESS, policy=replacement.KEEP_ALL):
    """Replace the ``segment`` units and their unit_stats rows in one transaction; returns the run id.

    batches: (segments, stats) pairs as ``segment_batches`` yields them, each holding every segment of its
    parcels; each is written and let go before the next is made.
    New segments overlapping old ones of the same parcel (``reconcile.py``) keep their ids; the
    entries and stocks of the old segments are never deleted: the reconciliation table lists each
    old segment as kept, moved or orphaned with its rows (and the run warns: rerun the accounting).
    Segments covering less area than ``policy`` (replacement.Policy) allows of the segments there
    before (an image outside the parcels), or a segment that entries name changing or gone
    (``resegmentation.py``): refused (LedgerInputError, nothing written), or written with a notice when it says
    REPLACE. A coarser SCALE gives fewer segments over the same area.
    """
    old = ledger.read_layer("units", ["unit_id", "parent_id", "level", "area_m2"], {"level": "segment"})
    old_parent = old["parent_id"].to_numpy(dtype=object)
    held = (reconcile_units.with_row_counts(old[["unit_id"]].copy(), ledger) if len(old) else pd.DataFrame(
        columns=["unit_id", *reconcile_units.TABLES], dtype=np.int64)).set_index("unit_id")  # read before writing
    matched = np.zeros(len(old), bool)
    reports, written_m2 = [], 0.0
    with ledger.transaction(algorithm, parameters, inputs) as writer, \
            resegmentation.units_under_entries(writer, policy, algorithm):
        with writer.indexes_dropped("units", "unit_stats"):  # built once after the last batch, not row by row
            writer.delete_rows_of_level("unit_stats", "segment")
            writer.delete_rows("units", {"level": ["segment"]})
            with rtree_bulk.deferred(writer, ("units",), rebuild=True):  # packed once, not a row at a time
                for units, stats in batches:
                    parents = units["parent_id"].to_numpy(dtype=object)
                    mine = np.isin(old_parent, pd.unique(parents)) if len(old) else matched
                    matched |= mine
                    final, report = reconcile_units.level_ids(old[mine], units, parents, "segment", False, 0.0)
                    stats = stats.assign(unit_id=stats["unit_id"].map(dict(zip(units["unit_id"], final, strict=True))))
                    units = units.assign(unit_id=final).sort_values("unit_id", kind="mergesort")
                    writer.append_rows("units", units)
                    writer.append_rows("unit_stats", stats.assign(run_id=writer.run_id))
                    written_m2 += float(units["area_m2"].sum())
                    reports.append(report)
        reports.append(reconcile_units.level_ids(old[~matched], old.iloc[:0], np.zeros(0, dtype=object), "segment",
                                                 False, 0.0)[1])  # old segments of parcels given none: orphaned
        replacement.guard(writer, tr("segments"), "units", float(old["area_m2"].sum()), written_m2, policy, "IMAGE",
                          "m2")
        report = pd.concat(reports, ignore_index=True).assign(level="segment").join(held, on="unit_id")
        writer.append_rows("reconciliation", report.assign(run_id=writer.run_id))
        reconcile_units.warn(report, progress)
        if writer.count("entries"):
            totals.write_unit_totals(writer)
        return writer.run_id
