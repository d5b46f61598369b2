"""The unit hierarchy (district > block > parcel > building / segment, and road links) as integer codes.

A :class:`Hierarchy` is built once from unit_id, parent_id (and level) of every unit and link,
and answers every question about the tree with vectorised numpy: parent codes, depths,
ancestors (the whole chain, the one at a level, the nearest in a set), descendants, children,
depth-first (pre-order) numbering and roll-ups of per-unit sums. A unit whose parent is not in
the hierarchy is a top unit. Units in a parent cycle (or deeper than MAX_DEPTH) are not
``rooted``: the pre-order leaves them out and :meth:`Hierarchy.roll_up` refuses them.
"""
import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr

MAX_DEPTH = 64
"""Deepest unit hierarchy followed (the schema has seven levels); deeper means parent_id has a cycle."""


class Hierarchy:
    """The tree of units and links: unit i has code i (its row in ``frame``).

    frame: DataFrame with unit_id, parent_id and optionally level (``Ledger.hierarchy`` reads it
    from a ledger). ``parent`` is the parent's code per unit (-1 at the top or for a parent not in
    ``frame``), ``depth`` the number of ancestors (0 at the top), ``rooted`` False for units in or
    below a parent cycle.
    """

    def __init__(self, frame):
        self.ids = pd.Index(frame["unit_id"].to_numpy())
        self.level = frame["level"].to_numpy(dtype=object) if "level" in frame.columns else None
        self._grow(self.ids.get_indexer(frame["parent_id"].to_numpy()))

    @classmethod
    def of_codes(cls, ids, parent):
        """The Hierarchy (without levels) of the units ``ids`` (an Index: unit i has code i) whose parents have
        the codes ``parent`` (int array, -1 at the top): the parent_id text need not be held."""
        tree = cls.__new__(cls)
        tree.ids, tree.level = ids, None
        tree._grow(np.asarray(parent, dtype=np.int64))
        return tree

    def _grow(self, parent):
        """Set the parent codes and work out the depths and the rooted units (see the class docstring)."""
        self.parent = parent
        self.depth = np.zeros(len(self.parent), dtype=np.int64)
        above = self.parent.copy()
        for _ in range(MAX_DEPTH):
            climbing = above >= 0
            if not climbing.any():
                break
            self.depth[climbing] += 1
            above[climbing] = self.parent[above[climbing]]
        self.rooted = above < 0
        self._chain = None
        self._preorder = None
        self._preorder_codes = None
        self._children = None
        self._level_codes = None

    def __len__(self):
        return len(self.ids)

    def codes(self, unit_ids):
        """Codes of ``unit_ids`` (int array; -1 for an id not in the hierarchy)."""
        return self.ids.get_indexer(np.asarray(unit_ids, dtype=object))

    def check_rooted(self):
        """Raise LedgerInputError when parent_id has a cycle (some unit never reaches the top)."""
        if not self.rooted.all():
            first = self.ids[int(np.flatnonzero(~self.rooted)[0])]
            raise LedgerInputError(
                tr("the unit hierarchy has a cycle (deeper than {levels} levels) at unit '{unit_id}'").format(
                    levels=MAX_DEPTH, unit_id=first), layer="units", field="parent_id")

    @property
    def chain(self):
        """Ancestor codes, (units, 1 + deepest depth): column 0 the unit itself, column k its k-th
        ancestor, -1 above the top (a unit in a cycle: its first MAX_DEPTH ancestors)."""
        if self._chain is None:
            steps = [np.arange(len(self.parent))]
            current = self.parent
            while (current >= 0).any() and len(steps) <= MAX_DEPTH:
                steps.append(current)
                current = np.where(current >= 0, self.parent[np.maximum(current, 0)], -1)
            self._chain = np.stack(steps, axis=1)
        return self._chain

    def ancestors(self, code):
        """Codes of the unit ``code`` and its ancestors, the unit first and the top last."""
        row = self.chain[code]
        return row[row >= 0]

    def ancestor_at_level(self, level, codes=None):
        """Code of the unit itself or its nearest ancestor whose level is ``level`` (-1 if none),
        for ``codes`` (default every unit)."""
        if self._level_codes is None:
            numbers, names = pd.factorize(self.level)
            self._level_codes = numbers, pd.Index(names)
        numbers, names = self._level_codes
        wanted = names.get_indexer([level])[0]  # -1 when no unit has that level
        chain = self.chain if codes is None else self.chain[np.asarray(codes)]
        hit = (chain >= 0) & (numbers[np.maximum(chain, 0)] == wanted) & (wanted >= 0)
        first = hit.argmax(axis=1)
        return np.where(hit.any(axis=1), chain[np.arange(len(chain)), first], -1)

    def nearest_ancestor_in(self, codes, targets, include_self=False):
        """For each of ``codes``, its nearest strict ancestor (or, with ``include_self``, the unit
        itself first) among the codes ``targets``; -1 where there is none (or the code is -1)."""
        codes = np.asarray(codes, dtype=np.int64)
        chain = self.chain[np.maximum(codes, 0)]
        hit = (chain >= 0) & np.isin(chain, np.asarray(targets, dtype=np.int64))
        hit[:, 0] &= include_self
        hit[codes < 0] = False
        return np.where(hit.any(axis=1), chain[np.arange(len(chain)), hit.argmax(axis=1)], -1)

    def topmost_in(self, codes, targets):
        """For each of ``codes``, the highest of itself and its ancestors that is among the codes
        ``targets`` (itself when none is): units nested in one another get the same answer."""
        chain = self.chain[np.asarray(codes, dtype=np.int64)]
        hit = (chain >= 0) & np.isin(chain, np.asarray(targets, dtype=np.int64))
        hit[:, 0] = True
        return chain[np.arange(len(chain)), chain.shape[1] - 1 - hit[:, ::-1].argmax(axis=1)]

    @property
    def leaves(self):
        """Boolean mask: units without children (the finest units)."""
        return np.bincount(self.parent[self.parent >= 0], minlength=len(self.parent)) == 0

    def inside(self, targets, codes=None):
        """Boolean mask over ``codes`` (default every unit): the unit is one of the codes ``targets``
        or below one (False for a code -1)."""
        marked = np.zeros(len(self.parent) + 1, dtype=bool)  # a lookup table: the last slot is code -1
        marked[np.asarray(targets, dtype=np.int64)] = True
        if codes is None:
            return marked[self.chain].any(axis=1)
        codes = np.asarray(codes, dtype=np.int64)
        return marked[self.chain[np.maximum(codes, 0)]].any(axis=1) & (codes >= 0)

    def _child_index(self):
        """Children in CSR form: (codes ordered by parent then code, start and end per unit). The top
        units (parent -1) come first; unit i's children follow the units whose parent is below i."""
        if self._children is None:
            order = np.argsort(self.parent, kind="stable")
            ends = np.cumsum(np.bincount(self.parent + 1, minlength=len(self.parent) + 1))
            self._children = order, ends[:-1], ends[1:]
        return self._children

    def children(self, code):
        """Codes of the direct children of unit ``code``, in code order."""
        order, start, end = self._child_index()
        return order[start[code]:end[code]]

    def below(self, codes):
        """Codes of the units ``codes`` and every unit below them, breadth first: ``codes``, then
        their children (each unit's in code order), then the grandchildren, and so on."""
        order, start, end = self._child_index()
        frontier = np.asarray(codes, dtype=np.int64)
        found = [frontier]
        for _ in range(MAX_DEPTH):
            counts = end[frontier] - start[frontier]
            if not counts.sum():
                break
            offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            frontier = order[np.repeat(start[frontier], counts) + offsets]
            found.append(frontier)
        return np.concatenate(found)

    @property
    def preorder(self):
        """(position, size): depth-first number of every rooted unit (-1 for the others; top units
        and siblings in code order) and its subtree size, so that the units at or below unit i are
        positions [position[i], position[i] + size[i]). Vectorised level by level: subtree sizes
        bottom-up, then each child's number = its parent's + 1 + the sizes of its elder siblings."""
        if self._preorder is None:
            parent, rooted = self.parent, self.rooted
            size = np.ones(len(parent), dtype=np.int64)
            deepest = int(self.depth[rooted].max()) + 1 if rooted.any() else 0
            levels = [np.flatnonzero(rooted & (self.depth == d)) for d in range(deepest)]
            for nodes in reversed(levels[1:]):
                np.add.at(size, parent[nodes], size[nodes])
            position = np.full(len(parent), -1, dtype=np.int64)
            for d, nodes in enumerate(levels):
                if d:
                    nodes = nodes[np.lexsort((nodes, parent[nodes]))]  # siblings together, in code order
                    keys = parent[nodes]
                else:
                    keys = np.zeros(len(nodes), dtype=np.int64)
                before = np.cumsum(size[nodes]) - size[nodes]
                first = np.r_[True, keys[1:] != keys[:-1]][:len(nodes)]
                group_start = np.maximum.accumulate(np.where(first, np.arange(len(nodes)), 0))
                offset = before - before[group_start]
                position[nodes] = position[keys] + 1 + offset if d else offset
            self._preorder = position, size
        return self._preorder

    def preorder_codes(self):
        """Codes of the rooted units in depth-first order (the inverse of ``preorder`` position)."""
        if self._preorder_codes is None:
            position = self.preorder[0]
            codes = np.empty(int((position >= 0).sum()), dtype=np.int64)
            codes[position[position >= 0]] = np.flatnonzero(position >= 0)
            codes.flags.writeable = False  # kept: callers get read-only slices
            self._preorder_codes = codes
        return self._preorder_codes

    def descendants(self, code):
        """Codes of unit ``code`` and every unit below it, depth-first, the unit first."""
        position, size = self.preorder
        return self.preorder_codes()[position[code]:position[code] + size[code]]

    def roll_up(self, sums, skip_cycles=False):
        """Per-unit sums (units x k array) plus those of all descendants: a unit's total covers
        its subtree. Adds children into parents level by level from the deepest, in place and
        returned. Raises LedgerInputError on a parent cycle, unless ``skip_cycles``: then the units
        of a cycle keep their own sums and add into no parent."""
        if not skip_cycles:
            self.check_rooted()
        for level in range(int(self.depth.max()) if len(self.depth) else 0, 0, -1):
            children = np.flatnonzero((self.depth == level) & self.rooted)
            for k in range(sums.shape[1]):
                sums[:, k] += np.bincount(self.parent[children], weights=sums[children, k], minlength=len(self.ids))
        return sums


def nearest_ancestor_in(hierarchy, units, targets):
    """For each of ``units``, the nearest strict ancestor whose id is in ``targets`` (None if none).

    hierarchy: a Hierarchy or a DataFrame with unit_id and parent_id. Returns a Series of unit
    ids indexed by ``units``.
    """
    tree = hierarchy if isinstance(hierarchy, Hierarchy) else Hierarchy(hierarchy)
    units = pd.Index(units)
    targets = tree.codes(pd.Index(targets))
    found = tree.nearest_ancestor_in(tree.codes(units), targets[targets >= 0])
    return pd.Series(np.where(found >= 0, tree.ids.to_numpy(dtype=object)[found], None), index=units, dtype=object)
