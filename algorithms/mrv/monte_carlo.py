"""IPCC Approach 2 (Monte Carlo) intervals of entries and unit totals, streamed in chunks (t CO2e/yr).

In each of N iterations every factor row is drawn once from its distribution (``distributions.draw_factors``) and that
one draw is used by every entry that names the factor, so a shared factor (one grid factor for the whole city) is
fully correlated across units. Activities are drawn from two-piece normals with median ``activity`` and 2.5/97.5
percentiles ``activity_low``/``activity_high`` (``distributions.split_normal_from_standard``), one draw per input
amount: entries with the same ``inputs_hash`` and relative bounds (the gases of one fuel row, the downscaled shares of
one district total) share it, every other activity is independent. A downscaled activity also carries its proxy error
(``ledger.intervals``, proxy deviation): unit v's share of input k is multiplied by ``1 + r (z_v - W_k) / Z95`` with
one standard normal z_v per (input, unit) and ``W_k = sum_v s_v z_v``, so the shares still add up to the input's total
in every iteration; W is summed in a first pass over the same draws. The sample of a unit is the sum of the samples of
the source and sink entries of the unit and its descendants (``avoided`` flows are never in the net); the interval is
the 2.5th and 97.5th percentile over the iterations. An entry's own interval depends only on its factor row and its
relative activity bounds, so entries alike share one Monte Carlo of that ratio, with the same factor draws
(``_Stream._entry_classes``).

Memory stays bounded: units are put in pre-order so that every unit's subtree is one contiguous run of entries;
entries are drawn in chunks of ``CHUNK_CELLS / N`` rows (at least one block of ``block_rows(N)``), units whose run
lies inside a chunk are summed there with a running sum, and only the few units whose run crosses a chunk edge
(ancestors of the edge, at most one per level) keep a per-iteration accumulator. Activity sources are numbered in
pre-order of first use; those of the k-th block of ``block_rows(N)`` (``BLOCK``, fewer at large N) are drawn from
``SeedSequence(seed, spawn_key=(k + 1,))``, the factors from ``spawn_key=(0,)``, the proxy draws of block k from
``spawn_key=(0, 0, k + 1)``: the same ledger, seed and N give the same numbers, whatever the chunk size and the number
of threads. The set-up (``prepared``) holds arrays of its own, so that a caller can let the entries go before the
draws (``drawn``).

A skewed sum can have a 95% interval that leaves out the sum of central estimates; the interval is then widened to
reach the estimate and the number of such rows is reported.
"""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from .distributions import Z95, draw_factors, factor_rows, split_normal_from_standard, split_normal_scales
from ..core.ahead import results_in_order
from ..core.errors import LedgerInputError
from ..core.messages import tr
from ..core.progress import NO_PROGRESS
from ..ledger import intervals, part_keys
from ..ledger.coded_entries import unknown_unit
from ..ledger.hierarchy import Hierarchy

WORKERS = min(4, os.cpu_count() or 1)  # threads drawing chunks at once (numpy lets the GIL go in draws and products)
CHUNK_CELLS = 1 << 22  # entry draws held at once (entries x iterations): 4.2 million float64, 32 MB per array
BLOCK = 256  # activity sources (and classes of alike entries) per random stream, at most; chunks hold whole blocks
BLOCK_CELLS = 1 << 22
"""Draws of one random stream held at once (block rows x iterations): above BLOCK_CELLS / BLOCK = 16,384
iterations a block has fewer rows (``block_rows``), so memory stays bounded at any ITERATIONS (a block of
256 rows at 1,000,000 iterations would be 2 GB per array). It depends on the iterations alone, so the
same ledger, seed and iterations give the same numbers whatever CHUNK_CELLS and WORKERS."""
TILE_CELLS = 1 << 17
"""Entry draws (rows x iterations, 1 MB) taken at once through the proxy factor, factor draws and running sums (in the
cache); per element the same operations in the same order, so the numbers do not depend on it."""
PERCENTILES = (2.5, 97.5)
PROXY_STREAM = (0, 0)  # spawn key prefix of the proxy draws' random streams (activity: (), classes: (0,))
PROXY_CELLS = 1 << 22
"""Draws of (input, unit) pairs in a step of the first pass that sums W (pairs x iterations, 32 MB, whole blocks; the
next drawn in a thread meanwhile): 4,096 pairs at 1,000 iterations, 4 at 1,000,000. The sums do not depend on it."""
NET_FLOWS = ("source", "sink")


def _own(values):
    """``values`` (a frame's column) as an array of its own: itself when nothing else lies under it (a frame of one
    array per column, as a read gives it), else a copy (a view into a block of columns would keep them all)."""
    root = values
    while isinstance(root.base, np.ndarray):
        root = root.base
    return values if root.nbytes <= values.nbytes else values.copy()


def _code_type(count):
    """Integer type of codes 0 .. count - 1 and -1 of ``count`` entries: int32 where it holds them, else int64."""
    return np.int32 if count < np.iinfo(np.int32).max else np.int64


def _units(entries, hierarchy):
    """(Hierarchy, each entry's unit code, index of the results' units) of ``hierarchy``: unit_id, parent_id of every
    unit and link (the entries' unit_id texts; results by unit_id, copied: np.array(Index) is a view under numpy 2), or
    a Hierarchy of codes (the entries' ``unit`` codes, as ``ledger.coded_entries`` reads them; results by code)."""
    if isinstance(hierarchy, Hierarchy):
        return hierarchy, entries["unit"].to_numpy(), pd.RangeIndex(len(hierarchy.parent), name="unit_code")
    units = pd.Index(hierarchy["unit_id"].to_numpy())
    if not units.is_unique:
        raise LedgerInputError(tr("unit_id is repeated across units and links"), layer="units", field="unit_id")
    unit_of = units.get_indexer(entries["unit_id"].to_numpy())
    missing = np.flatnonzero(unit_of < 0)
    if len(missing):
        raise unknown_unit(entries["unit_id"].iloc[missing[0]], len(missing), int(missing[0]) + 1)
    tree = Hierarchy.of_codes(units, units.get_indexer(hierarchy["parent_id"].to_numpy()))  # one index of the ids
    return tree, unit_of, pd.Index(units.to_numpy(dtype=object, copy=True), name="unit_id")


def _percentiles(samples):
    """2.5th and 97.5th percentile of each row of ``samples`` (rows, iterations), linear
    interpolation as ``numpy.percentile``; partially sorts each row in place."""
    if len(samples) == 0:
        return np.empty(0), np.empty(0)
    count = samples.shape[1]
    positions = np.asarray(PERCENTILES) / 100.0 * (count - 1)
    below = np.floor(positions).astype(int)
    above = np.minimum(below + 1, count - 1)
    samples.partition(np.unique(np.concatenate([below, above])), axis=1)
    low_values, high_values = samples[:, below], samples[:, above]
    result = low_values + (high_values - low_values) * (positions - below)
    return result[:, 0], result[:, 1]


def _contain(low, high, estimate):
    """Widen [low, high] to reach ``estimate``; return (low, high, rows that needed it)."""
    tolerance = 1e-9 * (np.abs(estimate) + 1.0)
    widened = int(((estimate < low - tolerance) | (estimate > high + tolerance)).sum())
    return np.minimum(low, estimate), np.maximum(high, estimate), widened


def block_rows(iterations):
    """Rows of a random stream's block at ``iterations``: BLOCK, fewer above BLOCK_CELLS / BLOCK iterations."""
    return max(1, min(BLOCK, BLOCK_CELLS // int(iterations)))


def _standard_normals(seed, sources, out, stream=()):
    """Fill ``out`` (len(sources), iterations) with the standard normal draws of ``sources``.

    Source s is row s % B of block s // B (B = ``block_rows(iterations)``), whose draws come from
    ``SeedSequence(seed, spawn_key=stream + (block + 1,))``: a source gets the same draws in every chunk.
    """
    size = block_rows(out.shape[1])
    blocks = sources // size
    for block in np.unique(blocks):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(*stream, int(block) + 1)))
        chosen = np.flatnonzero(blocks == block)
        offset = sources[chosen] - block * size
        run = np.arange(len(chosen))
        if np.array_equal(chosen - chosen[0], run) and np.array_equal(offset - offset[0], run):  # as a rule:
            rng.standard_normal((int(offset[0]), out.shape[1]))  # consecutive rows: the block's rows before them,
            rng.standard_normal(out=out[chosen[0]:chosen[-1] + 1])  # then theirs in place (one stream, no copy)
        else:
            out[chosen] = rng.standard_normal((int(offset.max()) + 1, out.shape[1]))[offset]  # the first rows, alike


def _running_sums(samples, net, sums):
    """sums[i] = sums[0] + the net rows of samples[:i] (rows + 1, iterations), row by row.

    A loop over rows of whole-iteration vectors: numpy's cumsum along the first axis is
    several times slower on this layout.
    """
    for row in range(len(samples)):
        if net[row]:
            np.add(sums[row], samples[row], out=sums[row + 1])
        else:
            sums[row + 1] = sums[row]
    return sums


class _Stream:
    """Monte Carlo over entries in pre-order, chunk by chunk (one chunk per call of :meth:`chunk`)."""

    def __init__(self, entries, factors, hierarchy, iterations, seed):
        self.iterations, self.seed = iterations, seed
        tree, unit_of, self.unit_index = _units(entries, hierarchy)
        self.code_type = _code_type(len(entries))
        rows, self.missing_factors, factor_of = factor_rows(factors, entries)
        self.factor_of = factor_of.astype(self.code_type)
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
        self.factor_draws = draw_factors(rows, iterations, rng)
        self.factor_value = rows["value"].to_numpy(dtype=float)
        self.center = _own(entries["activity"].to_numpy(dtype=float))
        self.below, self.above = split_normal_scales(self.center, entries["activity_low"], entries["activity_high"])
        hashes = entries["inputs_hash"] if "inputs_hash" in entries else pd.Series(None, entries.index, object)
        self.conversion = _own(entries["conversion"].to_numpy(dtype=float))
        self.net = entries["flow"].isin(NET_FLOWS).to_numpy()
        self.estimate = _own(entries["co2e_t"].to_numpy(dtype=float))
        self.proxy_scale = intervals.proxy_columns(entries)[0] / Z95
        self._entry_classes()

        tree.check_rooted()
        position, size = tree.preorder
        self.order = np.argsort(position[unit_of], kind="stable").astype(self.code_type)
        sorted_position = position[unit_of][self.order]
        self.start = np.searchsorted(sorted_position, position, "left")
        self.end = np.searchsorted(sorted_position, position + size, "left")
        self.running = np.concatenate([[0.0], np.cumsum(np.where(self.net, self.estimate, 0.0)[self.order])])
        self.source_of = self._activity_sources(part_keys.activity_codes(
            np.asarray(hashes.array.take(self.order), dtype=object),
            *(intervals.relative_deviation(self.center, entries[c].to_numpy(dtype=float))[self.order]
              for c in ("activity_low", "activity_high"))))
        del self.below, self.above  # the sources' and classes' relative bounds are kept, not the entries' own
        self._proxy_sources(entries, unit_of)

        block = block_rows(iterations)
        self.rows_per_chunk = max(1, CHUNK_CELLS // iterations // block) * block
        self.tile_rows = max(1, TILE_CELLS // iterations)
        self.chunks = max(1, -(-len(entries) // self.rows_per_chunk))
        chunk_of_start = self.start // self.rows_per_chunk
        nonempty = self.end > self.start
        inside = nonempty & (chunk_of_start == (self.end - 1) // self.rows_per_chunk)
        inside_units = np.flatnonzero(inside)
        self.inside_units = inside_units[np.argsort(chunk_of_start[inside_units], kind="stable")]
        self.inside_bounds = np.searchsorted(chunk_of_start[self.inside_units], np.arange(self.chunks + 1))
        self.crossing = np.flatnonzero(nonempty & ~inside)
        self._local = threading.local()

    def _activity_sources(self, number):
        """Number every entry's activity source (-1 for exact activities); keep each source's relative bounds.

        number: ``ledger.part_keys.activity_codes`` of the entries in pre-order (``order``; a number of its own:
        an input amount of its own).
        Entries with the same key (inputs_hash and relative bounds) are shares of one input amount
        (the gases of one fuel row, the downscaled shares of one district total): one draw per
        iteration serves them all, so they are fully correlated, as Approach 1 treats them. Every
        other uncertain activity is its own source. Activities <= 0 are taken as exact. Sources are
        numbered in pre-order of first use.
        """
        positive = self.center > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            relative_below = np.where(positive, self.below / self.center, 0.0)
            relative_above = np.where(positive, self.above / self.center, 0.0)
        used = (positive & ((relative_below > 0) | (relative_above > 0)))[self.order]
        _, first_use = np.unique(np.where(used, number, -1), return_inverse=True)
        source = np.full(len(self.order), -1, dtype=self.code_type)
        source[self.order] = np.where(used, first_use - (0 if used.all() else 1), -1)
        count = int(source.max()) + 1 if len(source) else 0
        self.source_below, self.source_above = np.zeros(count), np.zeros(count)
        self.source_below[source[source >= 0]] = relative_below[source >= 0]
        self.source_above[source[source >= 0]] = relative_above[source >= 0]
        return source

    def _proxy_sources(self, entries, unit_of):
        """Number the (input, unit) pairs of proxied entries in pre-order of first use (-1: none) by one integer each,
        (input code + 1) x units + ``unit_of`` (no tuple of texts); sum W_k = sum_v s_v z_v per input (x iterations)."""
        share = intervals.proxy_columns(entries)[1]
        proxied = (self.proxy_scale > 0)[self.order]
        self.proxy_of = np.full(len(self.order), -1, dtype=self.code_type)
        self.input_of = np.full(len(self.order), -1, dtype=self.code_type)
        if not proxied.any():
            self.proxy_sums = np.zeros((0, self.iterations))
            return
        chosen = self.order[proxied]
        inputs = pd.factorize(entries["inputs_hash"].take(chosen))[0]  # a Series of texts or of a Categorical
        pair = pd.factorize((inputs + 1) * len(self.unit_index) + unit_of[chosen])[0]
        self.proxy_of[chosen] = pair
        self.input_of[chosen] = inputs
        first = np.unique(pair, return_index=True)[1]
        pair_share, pair_input = share[chosen][first], inputs[first]
        self.proxy_sums = np.zeros((int(inputs.max()) + 1, self.iterations))
        sums = list(self.proxy_sums)  # a view of each input's row
        block = block_rows(self.iterations)
        step = max(1, PROXY_CELLS // self.iterations // block) * block

        def scaled(start):  # a step's draws times their shares, drawn in threads (the GIL let go) while main adds
            numbers = np.arange(start, min(start + step, len(first)))
            draws = np.empty((len(numbers), self.iterations))
            _standard_normals(self.seed, numbers, draws, PROXY_STREAM)
            draws *= pair_share[numbers, None]
            return numbers, draws
        for numbers, draws in results_in_order(scaled, range(0, len(first), step), workers=1):  # +32 MB ahead
            for row, total in zip(draws, pair_input[numbers].tolist(), strict=True):  # in order, as np.add.at adds
                np.add(sums[total], row, out=sums[total])  # (80 s at 942,302 entries)

    def _proxy_draws(self, rows, draws):
        """Draw the z_v of the (input, unit) pairs of ``rows`` into ``draws``; return the positions of the rows with a
        pair and the row of ``draws`` of each."""
        chosen = np.flatnonzero(self.proxy_of[rows] >= 0)
        needed, inverse = np.unique(self.proxy_of[rows[chosen]], return_inverse=True)
        _standard_normals(self.seed, needed, draws[:len(needed)], PROXY_STREAM)
        return chosen, inverse

    def _add_proxy(self, rows, samples, draws, chosen, inverse, work):
        """Multiply the activity ratios ``samples`` of ``rows`` (a tile) by their proxy factor 1 + r (z_v - W_k) / Z95
        (``chosen``, ``inverse``: of :meth:`_proxy_draws`, positions in the tile; built in place in ``work``)."""
        if len(chosen) == 0:
            return
        factor = np.take(draws, inverse, axis=0, out=work[:len(chosen)])
        factor -= self.proxy_sums[self.input_of[rows[chosen]]]
        factor *= self.proxy_scale[rows[chosen], None]
        factor += 1.0
        if len(chosen) == len(rows):
            samples *= factor
        else:
            samples[chosen] *= factor

    def _entry_classes(self):
        """Relative 2.5/97.5 percentiles of every class of alike entries.

        An entry E = A x F x c over its reference E0 = activity x value x c is
        (A / activity) x (F / value): its distribution depends only on the factor row and the
        relative activity bounds. Entries with a positive activity share one class per (factor,
        relative bounds to 12 digits); each class gets N draws of that ratio with the factor's own
        draws (classes in blocks of ``block_rows``, block b drawn from ``spawn_key=(0, b + 1)``). Other entries
        (activity <= 0, factor value 0) take the percentiles of their own draws.
        """
        value = self.factor_value[self.factor_of]
        alike = (self.center > 0) & (value != 0) & (self.proxy_scale == 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            keys = pd.DataFrame({
                "below": np.round(np.where(alike, self.below / self.center, 0.0), 12),
                "above": np.round(np.where(alike, self.above / self.center, 0.0), 12),
                "factor": self.factor_of})
        first = keys[alike].drop_duplicates()
        self.class_of = np.full(len(keys), -1, dtype=self.code_type)
        self.class_of[alike] = pd.MultiIndex.from_frame(first).get_indexer(pd.MultiIndex.from_frame(keys[alike]))
        self.class_low, self.class_high = np.empty(len(first)), np.empty(len(first))
        size = block_rows(self.iterations)
        for number, start in enumerate(range(0, len(first), size)):
            part = first.iloc[start:start + size]
            rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(0, number + 1)))
            ratio = split_normal_from_standard(
                rng.standard_normal((len(part), self.iterations)), np.ones(len(part)), part["below"].to_numpy(),
                part["above"].to_numpy(), np.ones(len(part), dtype=bool), np.empty((len(part), self.iterations)))
            factor = part["factor"].to_numpy()
            ratio *= self.factor_draws[factor] / self.factor_value[factor, None]
            self.class_low[start:start + len(part)], self.class_high[start:start + len(part)] = _percentiles(ratio)

    def _entry_percentiles(self, rows, samples):
        """2.5/97.5 percentiles of entries ``rows``: from their class, else from their ``samples`` (partially sorted in
        place when no entry has a class: no copy)."""
        klass = self.class_of[rows]
        reference = self.center[rows] * self.factor_value[self.factor_of[rows]] * self.conversion[rows]  # E0
        if len(self.class_low):
            class_low, class_high = self.class_low[np.maximum(klass, 0)], self.class_high[np.maximum(klass, 0)]
        else:  # no class at all: every entry takes its own samples' percentiles below
            class_low, class_high = np.zeros(len(rows)), np.zeros(len(rows))
        low = np.where(reference >= 0, reference * class_low, reference * class_high)
        high = np.where(reference >= 0, reference * class_high, reference * class_low)
        own = np.flatnonzero(klass < 0)
        if len(own):
            low[own], high[own] = _percentiles(samples if len(own) == len(rows) else samples[own])
        return low, high

    def _buffers(self):
        """This thread's work arrays: source draws, entry samples, running sums (rows x iterations), a tile."""
        if not hasattr(self._local, "samples"):
            rows = min(self.rows_per_chunk, len(self.center))
            self._local.draws = np.empty((rows, self.iterations))
            self._local.samples = np.empty((rows, self.iterations))
            self._local.sums = np.empty((rows + 1, self.iterations))
            self._local.tile = np.empty((min(rows, self.tile_rows), self.iterations))
        return self._local.draws, self._local.samples, self._local.sums, self._local.tile

    def _activities(self, rows, draws, samples, scratch):
        """Activity draws of ``rows`` relative to their central value (1 = the activity), into ``samples``."""
        sources = self.source_of[rows]
        drawn = sources >= 0
        needed, inverse = np.unique(sources[drawn], return_inverse=True)
        ratio, work = draws[:len(needed)], scratch[:len(needed)]
        _standard_normals(self.seed, needed, ratio)
        split_normal_from_standard(ratio, np.ones(len(needed)), self.source_below[needed], self.source_above[needed],
                                   np.ones(len(needed), dtype=bool), work)
        index = np.full(len(rows), len(needed))  # an exact activity: a row of ones after the sources' (there is room:
        index[drawn] = inverse  # fewer sources than rows)
        if not drawn.all():
            draws[len(needed)] = 1.0
        np.take(draws, index, axis=0, out=samples)

    def chunk(self, chunk):
        """Draw chunk ``chunk``; return its entries' and inside units' percentiles, the partial sums
        of the units crossing its edges and its per-iteration total."""
        first = chunk * self.rows_per_chunk
        last = min(first + self.rows_per_chunk, len(self.center))
        rows = self.order[first:last]
        draws_buffer, samples_buffer, sums_buffer, tile = self._buffers()
        samples, sums = samples_buffer[:len(rows)], sums_buffer[:len(rows) + 1]
        self._activities(rows, draws_buffer, samples, sums[1:])
        chosen, inverse = self._proxy_draws(rows, draws_buffer)
        scale, sums[0] = self.center[rows] * self.conversion[rows], 0.0
        for lo in range(0, len(rows), len(tile)):  # the rest tile by tile: each tile's passes in the cache
            hi = min(lo + len(tile), len(rows))
            begin, end = np.searchsorted(chosen, (lo, hi))
            self._add_proxy(rows[lo:hi], samples[lo:hi], draws_buffer, chosen[begin:end] - lo, inverse[begin:end], tile)
            factor = np.take(self.factor_draws, self.factor_of[rows[lo:hi]], axis=0, out=tile[:hi - lo])
            samples[lo:hi] *= factor
            samples[lo:hi] *= scale[lo:hi, None]
            _running_sums(samples[lo:hi], self.net[rows[lo:hi]], sums[lo:hi + 1])
        entry_low, entry_high = self._entry_percentiles(rows, samples)

        units = self.inside_units[self.inside_bounds[chunk]:self.inside_bounds[chunk + 1]]
        lo, hi = self.start[units] - first, self.end[units] - first
        single = (hi - lo == 1) & self.net[rows[np.minimum(lo, len(rows) - 1)]]
        unit_low, unit_high = np.empty(len(units)), np.empty(len(units))
        unit_low[single], unit_high[single] = entry_low[lo[single]], entry_high[lo[single]]
        unit_low[~single], unit_high[~single] = _percentiles(sums[hi[~single]] - sums[lo[~single]])

        crossing = self.crossing[(self.start[self.crossing] < last) & (self.end[self.crossing] > first)]
        parts = [sums[min(self.end[u], last) - first] - sums[max(self.start[u], first) - first] for u in crossing]
        return rows, entry_low, entry_high, units, unit_low, unit_high, crossing, parts, sums[-1].copy(), last


def monte_carlo(entries, factors, hierarchy, iterations, seed, progress=NO_PROGRESS):
    """IPCC Approach 2 intervals of every entry, every unit and the whole ledger (t CO2e/yr).

    entries: DataFrame with unit_id, flow, activity, activity_low, activity_high, factor_id, conversion, co2e_t.
    factors: DataFrame with factor_id, value, low, high, distribution. hierarchy: DataFrame with unit_id, parent_id of
    every unit and link, or a Hierarchy of their codes (the entries then carry ``unit`` codes, not unit_id: ``_units``).
    Returns a dict: ``entry_low_t``/``entry_high_t`` (arrays aligned with ``entries``), ``units`` (DataFrame indexed
    by unit_id, or by code, with net_t, net_low_t, net_high_t), ``total`` (net_t, net_low_t, net_high_t of all
    entries), ``widened`` (rows whose interval was widened to reach the estimate) and ``missing_factors`` (factor ids
    not in ``factors``, taken as exact at the entries' ``factor``). Chunks are drawn by ``WORKERS`` threads and
    combined in chunk order, so the numbers do not depend on the number of threads.
    """
    return drawn(prepared(entries, factors, hierarchy, iterations, seed), progress)


def prepared(entries, factors, hierarchy, iterations, seed):
    """The Monte Carlo of :func:`monte_carlo` set up (its draws not yet made): it holds arrays of its own, no view of
    ``entries`` or ``hierarchy``, so a caller can let those go before :func:`drawn` draws it."""
    iterations = int(iterations)
    if iterations < 2:
        raise LedgerInputError(tr("{iterations} iterations are too few for percentiles").format(iterations=iterations),
                               layer="ITERATIONS")
    return _Stream(entries, factors, hierarchy, iterations, seed)


def drawn(stream, progress=NO_PROGRESS):
    """The result of :func:`monte_carlo` from its :func:`prepared` ``stream``."""
    count, iterations = len(stream.center), stream.iterations
    entry_low, entry_high = np.zeros(count), np.zeros(count)
    unit_low, unit_high = np.zeros(len(stream.unit_index)), np.zeros(len(stream.unit_index))
    total = np.zeros(iterations)
    open_sums = {}
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    try:
        for rows, low, high, units, u_low, u_high, crossing, parts, chunk_total, last in pool.map(
                stream.chunk, range(stream.chunks)):
            entry_low[rows], entry_high[rows] = low, high
            unit_low[units], unit_high[units] = u_low, u_high
            total += chunk_total
            for unit, part in zip(crossing, parts, strict=False):
                open_sums[unit] = open_sums.get(unit, 0.0) + part
                if stream.end[unit] <= last:
                    (unit_low[unit],), (unit_high[unit],) = _percentiles(open_sums.pop(unit)[None, :])
            progress(last / max(count, 1),
                     tr("Monte Carlo: {done:,} of {entries:,} entries").format(done=last, entries=count))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

    entry_low, entry_high, widened_entries = _contain(entry_low, entry_high, stream.estimate)
    unit_estimate = stream.running[stream.end] - stream.running[stream.start]
    unit_low, unit_high, widened_units = _contain(unit_low, unit_high, unit_estimate)
    (total_low,), (total_high,) = _percentiles(total[None, :])
    total_estimate = float(stream.running[-1])
    total_low, total_high, widened_total = _contain(total_low, total_high, total_estimate)
    units = pd.DataFrame({"net_t": unit_estimate, "net_low_t": unit_low, "net_high_t": unit_high},
                         index=stream.unit_index)
    return {"entry_low_t": entry_low, "entry_high_t": entry_high, "units": units,
            "total": (total_estimate, float(total_low), float(total_high)),
            "widened": widened_entries + widened_units + widened_total, "missing_factors": stream.missing_factors}


