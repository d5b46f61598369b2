"""The sums of entries per group with their 95% intervals (``intervals.group_sums``), gathered part by part.

A report sums a whole city's entries per flow; :class:`GroupSums` takes them a part (a batch read from the ledger)
at a time and keeps only what the sums need: per group its running total, per (group, shared part) the summed
shifts (``subtree_sums.held_sums``), the parts of their own, and the proxy rows as codes (no text per entry). Its
sums are those of ``intervals.group_sums`` over all the entries at once, to the bit: every sum adds its terms in the
order of that one pass, and the parts are numbered as ``part_keys.part_numbers`` numbers them over all the entries.
"""
import numpy as np
import pandas as pd

from . import intervals, part_keys
from .subtree_sums import held_sums


def fold_parts(entries, groups, numbering, shared, own):
    """Fold the factor and activity parts of ``entries`` (``intervals.part_shifts``) into sums per group, after those
    folded before: ``groups``, an int code per entry (a group, a unit); ``numbering``, per kind (factor, activity) a
    dict key -> number in order of first appearance, updated; ``shared``, per kind (sorted keys group << 32 | number,
    summed shifts (below, above), t CO2e/yr), replaced by ``subtree_sums.held_sums``; ``own``, per kind a list the
    (group, shifts) of the parts with no shared key are appended to, in entry order."""
    factor_keys, activity, below, above = intervals.part_shifts(entries, part_keys.activity_key_codes)
    count = len(entries)
    keyed = (pd.factorize(pd.Series(factor_keys, dtype=object)), activity)  # (code per entry, keys) per kind
    for kind, rows in enumerate((slice(0, count), slice(count, 2 * count))):  # factor parts, activity parts
        codes, keys = keyed[kind]
        numbers = np.array([numbering[kind].setdefault(key, len(numbering[kind])) for key in keys] + [-1],
                           dtype=np.int64)[codes]  # a code of -1 (no key) takes the last: -1
        shifts = np.column_stack([below[rows], above[rows]])
        keyed_rows = numbers >= 0
        shared[kind] = held_sums(*shared[kind], (groups[keyed_rows].astype(np.int64) << 32) | numbers[keyed_rows],
                                 shifts[keyed_rows])
        own[kind].append((groups[~keyed_rows], shifts[~keyed_rows]))


class GroupSums:
    """Sums (t CO2e/yr) of ``count`` groups, with their Approach 1 intervals, of the entries added in order."""

    def __init__(self, count):
        self.count = count
        self.total = np.zeros(count)
        self.keys = ({}, {})  # factor keys, activity keys -> number, in order of first appearance
        self.shared = [(np.zeros(0, dtype=np.int64), np.zeros((0, 2))) for _ in range(2)]  # group << 32 | number
        self.own = ([], [])  # per kind: (group, shifts (below, above)) of the parts of their own, in entry order
        self.proxy, self.inputs = [], {}  # proxy rows with codes; inputs_hash -> number, in order of first appearance

    def add(self, groups, entries, units):
        """Add ``entries`` (as for ``intervals.group_sums``) after those added: ``groups``, the group code of each
        (0 .. count - 1); ``units``, a code per entry naming its unit_id (equal ids, equal codes; -1 for none)."""
        groups = np.asarray(groups, dtype=np.int64)
        self.total = np.bincount(np.concatenate([np.arange(self.count), groups]), minlength=self.count,
                                 weights=np.concatenate([self.total, entries["co2e_t"].to_numpy(dtype=float)]))
        fold_parts(entries, groups, self.keys, self.shared, self.own)
        frame = intervals.proxy_frame(entries, groups)
        if len(frame):
            codes, hashes = pd.factorize(frame["input"].to_numpy(dtype=object))
            numbers = np.array([self.inputs.setdefault(key, len(self.inputs)) for key in hashes] + [-1],
                               dtype=np.int64)
            chosen = np.flatnonzero(intervals.proxy_columns(entries)[0] > 0)
            self.proxy.append(frame.assign(input=numbers[codes], unit=np.asarray(units, dtype=np.int64)[chosen]))

    def sums(self):
        """(total, low, high) float arrays of length ``count`` (t CO2e/yr; 0 for empty groups)."""
        (factor_keys, factor_sums), (activity_keys, activity_sums) = self.shared
        own = [(np.concatenate([p[0] for p in kind] or [np.zeros(0, dtype=np.int64)]),
                np.concatenate([p[1] for p in kind] or [np.zeros((0, 2))])) for kind in self.own]
        # each group's parts in the order of their numbers: factor keys, activity keys, then the parts of their own
        owner = np.concatenate([factor_keys >> 32, activity_keys >> 32, own[0][0], own[1][0]])
        shifts = np.concatenate([factor_sums, activity_sums, own[0][1], own[1][1]])
        below, above = intervals.spread(shifts[:, 0], shifts[:, 1])
        var_below = np.bincount(owner, weights=below ** 2, minlength=self.count)
        var_above = np.bincount(owner, weights=above ** 2, minlength=self.count)
        proxy = self._proxy_variances()
        return (self.total.copy(), *intervals.bounds(self.total, var_below + proxy, var_above + proxy))

    def _proxy_variances(self):
        """``intervals.proxy_variances`` of the proxy rows added ((t CO2e/yr)^2 per group)."""
        if not self.proxy:
            return np.zeros(self.count)
        frame = pd.concat(self.proxy, ignore_index=True)
        frame = frame[(frame["input"] >= 0) & (frame["unit"] >= 0)]
        sums = intervals.input_variances(intervals.unit_amounts(frame, ("group",)), ("group",))
        return np.bincount(sums["group"].to_numpy(dtype=np.int64), weights=sums["variance"].to_numpy(dtype=float),
                           minlength=self.count)
