"""Unit totals: entries summed per unit and rolled up the hierarchy (t CO2e/yr).

A unit's total covers its own entries and those of all its descendants, so a district equals
the sum of its blocks and links, and the city the sum of its districts. Avoided flows are kept
out of the net. The interval is that of ``intervals.py`` (Approach 1, IPCC 2006 Vol 1 Ch 3
3.2.3.1: the shifts of entries that share a factor or an input amount add per unit and up the
hierarchy before they are squared); the Monte Carlo of ``mrv`` replaces it with correlated draws.
"""
import numpy as np
import pandas as pd

from . import intervals, subtree_sums, years
from ..core.errors import LedgerInputError
from ..core.messages import tr
from .group_parts import fold_parts
from .hierarchy import Hierarchy
from .schema import BASELINE
from .unit_codes import UnitCodes, found_sql

TOTAL_COLUMNS = ("source_t", "sink_t", "net_t", "net_low_t", "net_high_t")
ROWS_PER_READ = 200_000
"""Units, links or year_totals rows read from the ledger at a time when rolling up stored totals."""
ENTRIES_PER_READ = 100_000
"""Entries read from the ledger at a time when rolling up stored totals: each part is reduced to arrays before the
next is read, and its row tuples and texts (about 1 kB an entry) are held only while it is (200,000 at a time raised
the peak of a 100,000-parcel city's roll-up by some 140 MB; 50,000 saved little more and cost CPU, each part merged
into the held sums; benchmarks/RESULTS.md)."""


def unit_totals(entries, hierarchy, bounds=True):
    """Totals per unit, own entries plus descendants, as a DataFrame indexed by unit_id.

    entries: DataFrame with unit_id, flow, co2e_t, low_t, high_t and the ``intervals.CORRELATED``
    columns (unit_id, flow and co2e_t only when not ``bounds``). hierarchy: DataFrame with unit_id,
    parent_id for every unit and link (or a Hierarchy). Returns TOTAL_COLUMNS (t CO2e/yr) for every
    unit in ``hierarchy``; only CHECKED_TOTALS when not ``bounds`` (the interval is two thirds of the cost).
    """
    tree = hierarchy if isinstance(hierarchy, Hierarchy) else Hierarchy(hierarchy)
    if not bounds:  # no copy of the entries' other columns
        gathered = DirectSums(tree)
        gathered.add_entries(tree.codes(entries["unit_id"].to_numpy()), entries)
        return gathered.totals()
    direct = entries[entries["flow"].isin(["source", "sink"])].reset_index(drop=True)
    return rolled_up(tree, tree.codes(direct["unit_id"].to_numpy()), direct)


def rolled_up(tree, unit, entries, skip_cycles=False):
    """TOTAL_COLUMNS per unit of the Hierarchy ``tree`` from direct entries (unit: code of each in
    ``tree``, -1 for an unknown unit, skipped; entries as for :func:`unit_totals`). A parent cycle
    raises LedgerInputError, unless ``skip_cycles``: its units' entries then add into no parent."""
    gathered = RollUp()
    gathered.add(unit, entries)
    return gathered.totals(tree, skip_cycles)


class RollUp:
    """Direct entries gathered part by part (in fid order) as the arrays the totals need, so that the text
    columns of a part are dropped once it is added (the entries of a whole city are never held as a frame).

    Each part keeps its entries' unit codes (int32), values (t CO2e/yr) and flows. The shifts of their two
    parts (``intervals.parts``) are summed at once per unit and part key (a shared factor or input amount is
    one uncertain quantity: its shifts add linearly, so one partial sum per unit and key is all the roll-up
    needs), the keys numbered as ``part_keys.part_codes`` numbers them over all the entries (factor keys
    first, then activity keys, each in order of first appearance); a part of its own is kept as it is,
    numbered after every key. The proxy rows (``intervals.proxy_frame``) keep codes, not text. The totals are
    those of :func:`rolled_up` over all the entries at once, to the bit: every partial sum adds its shifts in
    entry order, from the one held (``subtree_sums.held_sums``), as one ``np.bincount`` over all the entries would.
    """

    def __init__(self):
        self.unit, self.value, self.source, self.proxy = [], [], [], []
        self.keys = ({}, {})  # factor keys, activity keys: key -> number in order of first appearance
        self.shared = [(np.zeros(0, dtype=np.int64), np.zeros((0, 2))) for _ in range(2)]  # per kind: sorted keys
        # unit code << 32 | key number, and the summed shifts (below, above) of each, t CO2e/yr
        self.own = ([], [])  # per kind, per part: (unit code, below, above) of the parts of their own
        self.inputs = {}  # inputs_hash -> number, in order of first appearance (the proxy rows' input)

    def add(self, unit, entries):
        """Add ``entries`` (as for :func:`unit_totals`; unit: code of each in the tree, -1 for an unknown
        unit, skipped), the entries after those already added."""
        known = unit >= 0
        unit, entries = unit[known].astype(np.int32), entries[known].reset_index(drop=True)
        self.unit.append(unit)
        self.value.append(entries["co2e_t"].to_numpy(dtype=float))
        self.source.append((entries["flow"] == "source").to_numpy())
        fold_parts(entries, unit, self.keys, self.shared, self.own)
        self.proxy.append(self._proxy_rows(entries, unit))

    def _proxy_rows(self, entries, unit):
        """``intervals.proxy_frame`` of ``entries`` grouped by their unit codes ``unit``, with the inputs_hash as
        its number in ``self.inputs`` and the unit as its code (one unit_id, one code): no text is kept."""
        frame = intervals.proxy_frame(entries, unit)
        codes, hashes = pd.factorize(pd.Series(frame["input"].to_numpy(), dtype=object))
        numbers = np.array([self.inputs.setdefault(key, len(self.inputs)) for key in hashes] + [-1], dtype=np.int64)
        return frame.assign(input=numbers[codes], unit=frame["group"])

    def totals(self, tree, skip_cycles=False):
        """TOTAL_COLUMNS per unit of the Hierarchy ``tree`` (t CO2e/yr) from the entries added, as
        :func:`rolled_up` describes them (once: the parts are let go as they are used)."""
        return pd.DataFrame(self.columns(tree, skip_cycles), columns=list(TOTAL_COLUMNS), index=tree.ids)

    def columns(self, tree, skip_cycles=False):
        """The totals of :meth:`totals` as a (units, 5) float array: TOTAL_COLUMNS in order, a row per unit code."""
        unit, value, is_source = (np.concatenate(parts) for parts in (self.unit, self.value, self.source))
        self.unit, self.value, self.source = None, None, None
        source, sink, net = _sums(tree, unit, value, is_source, skip_cycles)
        del unit, value, is_source
        columns = np.column_stack([source, sink, net, *intervals.bounds(net, *self._variances(tree))])
        self.keys, self.inputs = None, None  # nothing of the entries is held after
        return columns

    def _variances(self, tree):
        """Squared deviations (below, above) of every unit's total, (t CO2e/yr)^2.

        The shifts of each part are summed over the unit's subtree, then spread and squared; the proxy
        sums of downscaled entries (``intervals.proxy_variances``) are summed over the subtree per input,
        then closed to the proxy variance, which adds on both sides. Entries of units in a parent cycle
        are left out. The proxy rows are rolled up and let go before the shifts' rows are made (the two are
        never held at once).
        """
        proxy = self._proxy_variance(tree)

        def spread_squares(codes, sums):
            below, above = intervals.spread(sums[:, 0], sums[:, 1])
            return below ** 2, above ** 2

        var_below, var_above = subtree_sums.rolled(tree, *self._shift_rows(), spread_squares)  # rows not held here
        return var_below + proxy, var_above + proxy

    def _proxy_variance(self, tree):
        """The proxy variance of every unit's total ((t CO2e/yr)^2, the same below and above) from the proxy rows,
        which are let go."""
        proxy, self.proxy = self.proxy, None
        amounts = intervals.unit_amounts(pd.concat(proxy, ignore_index=True), ("group",))
        del proxy
        inputs = pd.factorize(amounts["input"])[0]
        per_input = amounts.groupby(inputs).agg(error=("error", "first"), concentration=("concentration", "first"))
        a = amounts["amount"].to_numpy(dtype=float)

        def proxy_squares(codes, sums):
            variance = intervals.proxy_variance(per_input["error"].to_numpy()[codes],
                                                per_input["concentration"].to_numpy()[codes], *sums.T)
            return variance, variance

        return subtree_sums.rolled(tree, amounts["group"].to_numpy(dtype=np.int64), inputs,
                                   np.column_stack([a, a ** 2, a * amounts["share"].to_numpy(dtype=float)]),
                                   proxy_squares)[0]

    def _shift_rows(self):
        """The summed shifts as rows (unit code, part code, (below, above) in t CO2e/yr), part codes as
        ``part_keys.part_codes`` numbers them: factor keys, then activity keys, then the parts of their own in order.
        The held sums are let go."""
        (factor_keys, factor_sums), (activity_keys, activity_sums) = self.shared
        own_unit, own_sums = (np.concatenate([part[i] for kind in self.own for part in kind]) for i in range(2))
        self.shared, self.own = None, None
        factors, activities = len(self.keys[0]), len(self.keys[1])
        owner = np.concatenate([factor_keys >> 32, activity_keys >> 32, own_unit.astype(np.int64)])
        numbers = np.concatenate([factor_keys & 0xFFFFFFFF, factors + (activity_keys & 0xFFFFFFFF),
                                  factors + activities + np.arange(len(own_unit), dtype=np.int64)])
        return owner, numbers, np.concatenate([factor_sums, activity_sums, own_sums.reshape(-1, 2)])


def _sums(tree, unit, value, is_source, skip_cycles):
    """source_t, sink_t, net_t (t CO2e/yr) per unit of ``tree``, own entries plus descendants, of the entries
    with unit codes ``unit`` (all known), values ``value`` and flows source where ``is_source`` (else sink)."""
    gathered = DirectSums(tree)
    gathered.add(unit, value, is_source)
    return gathered.rolled(skip_cycles)


class DirectSums:
    """Source and sink sums (t CO2e/yr) per unit of a Hierarchy of the direct entries added part by part in fid
    order, rolled up the hierarchy at the end: each part adds its values one by one in order (``np.add.at``, as
    ``np.bincount`` adds them), so the sums are those of all the parts at once, to the bit, and a part's
    entries can be dropped once it is added."""

    def __init__(self, tree):
        self.tree = tree
        self.columns = None  # source, sink per unit code, from the first part

    def add(self, unit, value, is_source):
        """Add the entries with unit codes ``unit`` (all known), values ``value`` and flows source where
        ``is_source`` (else sink), after those added."""
        columns = (np.where(is_source, value, 0.0), np.where(is_source, 0.0, value))
        if self.columns is None:
            self.columns = [np.bincount(unit, weights=c, minlength=len(self.tree)).astype(float) for c in columns]
            return
        for total, part in zip(self.columns, columns, strict=True):
            np.add.at(total, unit, part)

    def add_entries(self, unit, entries):
        """Add the source and sink entries among ``entries`` (unit_id, flow, co2e_t; unit: their codes in the
        tree, -1 for an unknown unit, skipped)."""
        flow = entries["flow"].to_numpy(dtype=object)
        direct = ((flow == "source") | (flow == "sink")) & (unit >= 0)
        self.add(unit[direct], entries["co2e_t"].to_numpy(dtype=float)[direct], (flow == "source")[direct])

    def rolled(self, skip_cycles=False):
        """source_t, sink_t, net_t (t CO2e/yr) per unit of the tree, own entries plus descendants."""
        if self.columns is None:
            self.add(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=bool))
        source, sink = self.tree.roll_up(np.column_stack(self.columns), skip_cycles).T
        return source, sink, source + sink

    def totals(self):
        """The CHECKED_TOTALS per unit of the tree, as :func:`unit_totals` without ``bounds`` returns them."""
        source, sink, net = self.rolled()
        return pd.DataFrame({"source_t": source, "sink_t": sink, "net_t": net}, index=self.tree.ids)


def write_unit_totals(writer, entries=None, bounds=None, ordered_bounds=None, chosen=None, tree=None):
    """Recompute the baseline totals of the run's inventory year inside ``writer``'s transaction.

    The baseline entries of ``writer.year`` (the columns the interval needs) are read ENTRIES_PER_READ at a time,
    unless the caller passes them as ``entries`` (its source and sink entries of that year as written, an iterable
    of frames in fid order, or a RollUp of them on ``tree``, the Hierarchy of ``unit_tree``, as
    ``interval_updates.write_intervals`` gathers them while it writes). The totals replace that year's rows of
    year_totals, and go on the units and links layers when the year is the ledger's latest (the layers show the
    latest year), with the net_low_t and net_high_t of ``bounds`` (indexed by unit_id: a Monte Carlo's) instead of
    the roll-up's when given, or of ``ordered_bounds``: (net_low_t, net_high_t) arrays in the tree's order (the
    units, then the links, each in fid order, as ``Ledger.units_and_links`` reads them), which need no unit_id held;
    LedgerInputError when their length is not the number of units and links.
    The units are held as integer codes (``unit_codes.UnitCodes``): no unit id of the whole city is held at once,
    those of a part of ROWS_PER_READ rows are read with it. Returns the roll-up's TOTAL_COLUMNS (t CO2e/yr, those
    written to year_totals) of the unit ids ``chosen`` (a few: districts, top units), indexed by unit_id, or None.
    """
    tree = unit_tree(writer) if tree is None else tree
    if ordered_bounds is not None and len(ordered_bounds[0]) != len(tree):
        raise LedgerInputError(tr("{intervals:,} unit intervals for {units:,} units and links: the ledger's units "
                                  "changed while their intervals were drawn; nothing was written").format(
            intervals=len(ordered_bounds[0]), units=len(tree)), layer="units")
    year = years.match(writer.year)
    if not isinstance(entries, RollUp):
        entries = _gathered(writer, tree, _baseline_entries(writer, year) if entries is None else entries)
    totals = entries.columns(tree)
    picked = None if chosen is None else _picked(writer, tree, totals, chosen)
    if writer.year is not None:
        _write_year_totals(writer, tree.ids, totals, year)
        if writer.year != writer.latest_year():
            return picked
    for layer, first, held in tree.ids.parts(ROWS_PER_READ):  # compared and written in parts: bounded memory
        stored = pd.read_sql_query(f'SELECT {", ".join(TOTAL_COLUMNS)} FROM "{layer}" WHERE fid BETWEEN ? AND ? '
                                   "ORDER BY fid", writer.connection, params=(int(held[0]), int(held[-1])),
                                   dtype={c: "float64" for c in TOTAL_COLUMNS})
        part = totals[first:first + len(held)]
        if bounds is not None:
            part = np.column_stack([part[:, :3], bounds[["net_low_t", "net_high_t"]].reindex(
                tree.ids.part_values(layer, held)).to_numpy(dtype=float)])
        elif ordered_bounds is not None:
            at = slice(first, first + len(held))
            part = np.column_stack([part[:, :3], ordered_bounds[0][at], ordered_bounds[1][at]])
        changed = _changed(stored[list(TOTAL_COLUMNS)].to_numpy(), part)
        writer.update_columns(layer, pd.DataFrame(part[changed], columns=list(TOTAL_COLUMNS)).assign(
            fid=held[changed]), key="fid")
    return picked


def unit_tree(writer):
    """The Hierarchy of the units and links of ``writer``'s ledger as codes, its ids a ``unit_codes.UnitCodes`` read
    through the writer's connection (inside its transaction)."""
    units, parents, _ = UnitCodes.read(connection=writer.connection)
    return Hierarchy.of_codes(units, parents)


def _picked(writer, tree, totals, chosen):
    """TOTAL_COLUMNS of the unit ids ``chosen`` among ``totals`` ((units, 5) floats in the order of ``tree``), indexed
    by unit_id; LedgerInputError for an id that is no unit or link."""
    codes = tree.ids.codes(np.asarray(chosen, dtype=object))
    if (codes < 0).any():
        raise LedgerInputError(tr("unit '{unit_id}' is not in the ledger").format(
            unit_id=np.asarray(chosen, dtype=object)[codes < 0][0]), layer="units", field="unit_id")
    return pd.DataFrame(totals[codes], columns=list(TOTAL_COLUMNS), index=pd.Index(chosen, name="unit_id"))


def _gathered(writer, tree, parts):
    """A RollUp of the entries of ``parts`` (frames in fid order) on the Hierarchy ``tree`` (its ids a
    ``unit_codes.UnitCodes``): no part is held after."""
    gathered = RollUp()
    for part in parts:
        gathered.add(tree.ids.codes(part["unit_id"].to_numpy()), part)
    return gathered


def _baseline_entries(writer, year):
    """The baseline source and sink entries of ``year`` (``years.match``) with the columns of the interval, read
    inside ``writer``'s transaction: frames of up to ENTRIES_PER_READ entries, in fid order (one empty frame when
    there are none)."""
    return source_and_sink_entries(writer, {"scenario": BASELINE, **year})


def source_and_sink_entries(writer, match, fids=("", ())):
    """The source and sink entries of ``match`` ({column: value}, each column equal to its value) with the columns of
    the interval and fids in ``fids`` (SQL condition " AND ..." and its parameters; all by default), read inside
    ``writer``'s transaction: frames of up to ENTRIES_PER_READ entries, in fid order (one empty frame when there are
    none)."""
    columns = ("unit_id", "flow", "co2e_t", "low_t", "high_t") + intervals.CORRELATED
    cursor = writer.connection.execute(
        f"SELECT {', '.join(columns)} FROM entries WHERE flow IN ('source', 'sink')"
        + "".join(f' AND "{column}" = ?' for column in match) + f"{fids[0]} ORDER BY fid", (*match.values(), *fids[1]))
    rows = cursor.fetchmany(ENTRIES_PER_READ)
    yield pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    while rows := cursor.fetchmany(ENTRIES_PER_READ):
        yield pd.DataFrame.from_records(rows, columns=columns)


def _write_year_totals(writer, ids, totals, year):
    """Replace the year_totals rows of ``year`` (a ``years.match`` dict) by ``totals`` ((units, 5) floats,
    TOTAL_COLUMNS of every unit and link of the tree whose ids are ``ids``, a UnitCodes) inside ``writer``'s
    transaction, a part of ROWS_PER_READ rows at a time; when the year holds one row per unit already, only the rows
    whose totals changed are set (with this run's id), the rest are left as the run that wrote them."""
    where, params = " AND ".join(f"{column} = ?" for column in year), tuple(year.values())
    stored = writer.connection.execute(f"SELECT count(*) FROM year_totals WHERE {where}", params).fetchone()[0]
    if stored == len(totals) and _set_changed_year_totals(writer, ids, totals, where, params):
        return
    writer.delete_rows("year_totals", year)
    parts = (pd.DataFrame(totals[first:first + len(fids)], columns=list(TOTAL_COLUMNS)).assign(
        unit_id=ids.part_values(layer, fids), **year, run_id=writer.run_id)
        for layer, first, fids in ids.parts(ROWS_PER_READ))
    writer.append_parts("year_totals", parts, len(totals))


def _set_changed_year_totals(writer, ids, totals, where, params):
    """Set the totals that changed on the year's stored rows (SQL ``where`` with ``params``), ROWS_PER_READ rows at a
    time in fid order, each matched to its unit in SQL (the year_totals of a whole city are never held at once).
    Returns False when the stored rows are not one per unit of ``totals`` (some rows may have been set: the caller
    replaces them all)."""
    seen = np.zeros(len(totals), dtype=bool)
    last = -1
    while True:
        stored = pd.read_sql_query(
            f"SELECT fid, {found_sql('stored.unit_id')} AS found, {', '.join(TOTAL_COLUMNS)} FROM year_totals AS "
            f"stored WHERE {where} AND fid > ? ORDER BY fid LIMIT {ROWS_PER_READ}", writer.connection,
            params=(*params, last), dtype={c: "float64" for c in TOTAL_COLUMNS})
        if not len(stored):
            return bool(seen.all())
        position = ids.coded(stored["found"].to_numpy())
        if (position < 0).any():
            return False
        seen[position] = True
        fids = stored["fid"].to_numpy()
        changed = _changed(stored[list(TOTAL_COLUMNS)].to_numpy(), totals[position])
        values = pd.DataFrame(totals[position[changed]], columns=list(TOTAL_COLUMNS))
        writer.update_columns("year_totals", values.assign(run_id=writer.run_id, fid=fids[changed]), key="fid")
        last = int(fids[-1])


def _changed(stored, computed):
    """Boolean per row: a total of ``computed`` differs from ``stored`` ((rows, k) floats, NaN for NULL) in
    any bit (so -0.0 replaces 0.0, and a NULL is always filled).

    Only those rows are updated: an UPDATE rewrites the whole feature, geometry included, and a run that
    changes a few units' entries leaves the totals of the rest as they were, to the bit."""
    stored, computed = (np.ascontiguousarray(a, dtype=np.float64).view(np.int64) for a in (stored, computed))
    return (stored != computed).any(axis=1)


CHECKED_TOTALS = ("source_t", "sink_t", "net_t")
"""Stored totals compared with their roll-up from the entries (the intervals may come from a Monte Carlo)."""
TOTALS_TOLERANCE = 1e-9
"""Stored and recomputed totals agree within this share of their size, plus this many t CO2e/yr."""


def disagreements(stored, recomputed):
    """Stored totals that differ from their roll-up from the entries, as rows unit_id, field, stored, recomputed.

    stored: unit_id and CHECKED_TOTALS as the units and links hold them (NULL counts as 0, unless every
    total is NULL: a ledger whose totals were never rolled up, made by hand, holds none to compare).
    recomputed: ``unit_totals`` of the baseline entries (indexed by unit_id). A unit of ``stored`` that
    ``recomputed`` lacks is compared with 0.
    """
    recomputed = recomputed[list(CHECKED_TOTALS)].reindex(stored["unit_id"].to_numpy())
    return Disagreements().add(stored["unit_id"].to_numpy(dtype=object),
                               {field: stored[field].astype(float).to_numpy() for field in CHECKED_TOTALS},
                               [recomputed[field].to_numpy(dtype=float) for field in CHECKED_TOTALS]).rows()


class Disagreements:
    """``disagreements`` of stored totals given part by part: the rows unit_id, field, stored, recomputed, by field,
    then in the order the units came; none when every stored total is NULL; NULL counts as 0, stored or
    recomputed."""

    def __init__(self):
        self.found = {field: [] for field in CHECKED_TOTALS}
        self.valued = False

    def add(self, unit_ids, stored, recomputed):
        """Add units ``unit_ids`` with their ``stored`` totals ({CHECKED_TOTALS: float array}) and their
        ``recomputed`` ones (arrays in the order of CHECKED_TOTALS), t CO2e/yr."""
        for field, sums in zip(CHECKED_TOTALS, recomputed, strict=True):
            a, b = np.asarray(stored[field], dtype=float), np.asarray(sums, dtype=float)
            self.valued |= not np.isnan(a).all()
            a, b = np.where(np.isnan(a), 0.0, a), np.where(np.isnan(b), 0.0, b)
            differ = np.flatnonzero(totals_differ(a, b))
            if len(differ):
                self.found[field].append(pd.DataFrame({"unit_id": np.asarray(unit_ids, dtype=object)[differ],
                                                       "field": field, "stored": a[differ],
                                                       "recomputed": b[differ]}))
        return self

    def rows(self):
        """The rows of the units whose totals differ (unit_id, field, stored, recomputed)."""
        parts = [part for field in CHECKED_TOTALS for part in self.found[field]] if self.valued else []
        if not parts:
            return pd.DataFrame(columns=["unit_id", "field", "stored", "recomputed"])
        return pd.concat(parts, ignore_index=True)


def totals_differ(stored, recomputed):
    """Per unit, whether a ``stored`` total differs from its ``recomputed`` roll-up (float arrays, t CO2e/yr, NULL
    as 0): by more than TOTALS_TOLERANCE of the roll-up's size plus as many t CO2e/yr."""
    return np.abs(stored - recomputed) > TOTALS_TOLERANCE * (1 + np.abs(recomputed))


def require_agreement(stored, recomputed):
    """Raise LedgerInputError naming the first unit whose stored totals differ from its entries (see
    ``disagreements``), so that no report publishes them."""
    differ = disagreements(stored, recomputed)
    if len(differ):
        first = differ.iloc[0]
        others = differ["unit_id"].nunique() - 1
        raise LedgerInputError(
            tr("the {field} stored on unit '{unit_id}' ({stored:,.3f} t CO2e/yr) is not the sum of its entries "
               "({recomputed:,.3f} t CO2e/yr){others}: the ledger was altered after its last run; nothing was "
               "published (carbonledger:verifyledger lists what differs)").format(
                field=first["field"], unit_id=first["unit_id"], stored=first["stored"], recomputed=first["recomputed"],
                others=tr(", nor are the totals of {count:,} other units").format(count=others) if others else ""),
            layer="units", field=first["field"])
