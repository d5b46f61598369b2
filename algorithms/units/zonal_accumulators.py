"""Raster strips summed per polygon part (``zonal``): class areas of categorical rasters and
coverage-weighted sums of continuous ones, from the boundary pixels (with their covered
fractions) and the runs of wholly covered pixels that ``zonal_rings`` yields. Areas in m2
(squared CRS units) once multiplied by the pixel area.
"""
import dataclasses

import numpy as np
from osgeo import gdal

from ..core.errors import LedgerInputError
from ..core.messages import tr
from .zonal_rings import expand


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


def paint_runs(run_part, run_flat, run_length, n_parts, size):
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


class Accumulator:
    """Reads band 1 of a raster strip by strip and sums coverage-weighted values per part."""

    def __init__(self, dataset):
        self.band = dataset.GetRasterBand(1)
        self.nodata = self.band.GetNoDataValue()
        self.width, self.height = dataset.RasterXSize, dataset.RasterYSize
        self.block_rows = self.band.GetBlockSize()[1]

    def read(self, row0, row1, col0=0, col1=None):
        """Rows [row0, row1) of band 1, columns [col0, col1) (None: to the right edge), flattened. Once a strip
        reaches into a new row of blocks, the band's blocks are dropped from GDAL's cache, where they would
        otherwise stay (up to GDAL_CACHEMAX, 5% of RAM by default); strips that tile the blocks read each block
        once."""
        col1 = self.width if col1 is None else col1
        values = self.band.ReadAsArray(col0, row0, col1 - col0, row1 - row0).ravel()
        if row1 // self.block_rows > row0 // self.block_rows or row1 == self.height:
            self.band.FlushCache()
        return values


class ClassAccumulator(Accumulator):
    """Class areas per part, in pixels: columns 0..k-1 the codes, k unknown codes, k+1 nodata."""

    def __init__(self, dataset, codes, n_parts):
        super().__init__(dataset)
        if self.band.DataType not in (gdal.GDT_Byte, gdal.GDT_UInt16, gdal.GDT_Int16, gdal.GDT_UInt32, gdal.GDT_Int32):
            raise LedgerInputError(tr("a land-cover raster must hold integer class codes"),
                                   layer=dataset.GetDescription())
        self.codes = np.asarray(codes, dtype=np.int64)
        self.columns = len(self.codes) + 2
        self.sum = np.zeros((n_parts, self.columns))
        self.unknown_codes = set()

    def prepare(self, row0, row1, col0=0, col1=None):
        """(raw codes, column index) of every pixel of the strip's columns [col0, col1) (None: to the right edge),
        flat indices counting in that window."""
        values = self.read(row0, row1, col0, col1)
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
        if k:
            index = np.where(self.codes[order][position] == values, order[position], k)
        else:
            index = np.zeros(len(values), np.int64)
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
        labels, clash = paint_runs(run_part, run_flat, run_length, len(selected), len(index))
        unknown = index == len(self.codes)
        if unknown.any():
            self._note_unknown(values[unknown & (labels > 0)])
        counts = np.bincount(labels * self.columns + index, minlength=(len(selected) + 1) * self.columns)
        block = counts[self.columns:(len(selected) + 1) * self.columns]
        self.sum[selected] += block.reshape(len(selected), self.columns)
        if clash.any():
            runs_of = np.flatnonzero(clash[run_part])
            which, step = expand(run_length[runs_of])
            self.add(strip, selected, run_part[runs_of][which], np.ones(len(which)), run_flat[runs_of][which] + step)

    def result(self, to_units, pixel_area):
        total = to_units(self.sum) * pixel_area
        k = len(self.codes)
        return ClassAreas(self.codes, total[:, :k], total[:, k], total[:, k + 1], sorted(self.unknown_codes))


class PairAccumulator(ClassAccumulator):
    """Areas per part of every (earlier code, later code) pair of two categorical rasters on one
    grid: a transition matrix. Columns: pair i x k + j (earlier ``codes[i]``, later ``codes[j]``),
    then k^2 a pixel with an unknown code in either raster, k^2 + 1 nodata in either."""

    def __init__(self, earlier, later, codes, n_parts):
        self.earlier, self.later = ClassAccumulator(earlier, codes, 0), ClassAccumulator(later, codes, 0)
        self.block_rows = self.later.block_rows
        self.pair_codes = np.asarray(codes, dtype=np.int64)
        k = len(self.pair_codes)
        self.codes = np.arange(k * k)  # column labels; ``result`` reports them as (earlier, later) pairs
        self.columns = k * k + 2
        self.sum = np.zeros((n_parts, self.columns))
        self.unknown_codes = set()

    def prepare(self, row0, row1, col0=0, col1=None):
        """(pair column of every pixel as its raw value, the same as its index) of the strip's columns [col0,
        col1)."""
        k = len(self.pair_codes)
        (_, first), (_, second) = self.earlier.prepare(row0, row1, col0, col1), self.later.prepare(row0, row1, col0,
                                                                                                   col1)
        first, second = first.astype(np.int64), second.astype(np.int64)
        index = np.where((first < k) & (second < k), first * k + second, k * k)
        index = np.where((first == k + 1) | (second == k + 1), k * k + 1, index)
        return index, index

    def _note_unknown(self, codes):
        """Unknown codes are reported by the rasters' own accumulators, not per pair."""


class MeanAccumulator(Accumulator):
    """Coverage-weighted sums of a continuous raster's valid values, per part."""

    def __init__(self, dataset, n_parts):
        super().__init__(dataset)
        self.weight = np.zeros(n_parts)
        self.weighted = np.zeros(n_parts)

    def prepare(self, row0, row1, col0=0, col1=None):
        """Of the strip's columns [0, col1) (None: to the right edge): (values with invalid pixels at 0, validity or
        None when all are valid, and of both the sums along each row before every pixel: (rows, col1 + 1)
        flattened, then the window (col0, col1) whose flat indices ``add`` and ``add_runs`` are given. The sums
        start at column 0 whatever the window, so that a run's sum is the same difference of the same running
        sums as over the whole row."""
        col1 = self.width if col1 is None else col1
        return self.summed(self.read(row0, row1, 0, col1), None, (col0, col1))

    def summed(self, values, excluded, window):
        """``prepare``'s tuple for a strip's values (columns 0 to ``window``'s end); excluded: boolean per pixel left
        out, or None; window: (col0, col1) of the flat indices to come."""
        valid = np.isfinite(values) if values.dtype.kind == "f" else np.ones(len(values), bool)
        if self.nodata is not None:
            valid &= values != self.nodata
        if excluded is not None:
            valid &= ~excluded
        if valid.all():
            valid = None
        else:
            values = np.where(valid, values, 0)
        width = window[1]
        return values, valid, _row_sums(values, width), None if valid is None else _row_sums(valid, width), window

    def add(self, strip, parts, part, cover, flat):
        values, valid = strip[:2]
        flat = _in_read(flat, *strip[4])
        weight = cover if valid is None else cover * valid[flat]
        self.weight[parts] += np.bincount(part, weight, minlength=len(parts))
        self.weighted[parts] += np.bincount(part, weight * values[flat], minlength=len(parts))

    def add_runs(self, strip, selected, run_part, run_flat, run_length):
        """Add the wholly covered pixels of runs (part index in ``selected``, first flat strip
        index, length) from the sums along rows: a run's sum is a difference of two of them."""
        col0, col1 = strip[4]
        row, column = np.divmod(run_flat, col1 - col0)
        start = row * (col1 + 1) + col0 + column
        value_sums, valid_sums = strip[2:4]
        count = run_length if valid_sums is None else valid_sums[start + run_length] - valid_sums[start]
        self.weight[selected] += np.bincount(run_part, count, minlength=len(selected))
        self.weighted[selected] += np.bincount(run_part, value_sums[start + run_length] - value_sums[start],
                                               minlength=len(selected))

    def result(self, to_units, pixel_area):
        weight, weighted = to_units(self.weight), to_units(self.weighted)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(weight > 0, weighted / weight, np.nan)
        return RasterMean(mean, weight * pixel_area)


class MaskedMeanAccumulator(MeanAccumulator):
    """Coverage-weighted sums of a continuous raster's valid values floored at ``floor``, leaving
    out the pixels whose class (a categorical raster on the same grid) is one of ``codes``."""

    def __init__(self, dataset, classes, codes, floor, n_parts):
        super().__init__(dataset, n_parts)
        self.classes = ClassAccumulator(classes, codes, 0)
        self.floor = floor

    def prepare(self, row0, row1, col0=0, col1=None):
        """``MeanAccumulator.prepare`` of the floored values, pixels of the left-out classes invalid."""
        col1 = self.width if col1 is None else col1
        _, index = self.classes.prepare(row0, row1, 0, col1)
        values = self.read(row0, row1, 0, col1)
        keep = np.isnan(values) if values.dtype.kind == "f" else np.zeros(len(values), bool)
        if self.nodata is not None:
            keep |= values == self.nodata
        values = np.where(keep, values, np.maximum(values, self.floor))
        return self.summed(values, index < len(self.classes.codes), (col0, col1))


def _row_sums(values, width):
    """Running sums along each row of a strip ``width`` pixels wide (flat), each row's from 0: (rows, width + 1)
    flattened, float64."""
    rows = values.reshape(-1, width)
    sums = np.zeros((len(rows), width + 1))
    np.cumsum(rows, axis=1, dtype=np.float64, out=sums[:, 1:])
    return sums.ravel()


def _in_read(flat, col0, col1):
    """Flat indices of a strip's window (columns [col0, col1)) as indices of the strip read from column 0."""
    if col0 == 0:
        return flat
    row, column = np.divmod(flat, col1 - col0)
    return row * col1 + col0 + column

