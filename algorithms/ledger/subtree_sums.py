"""Sums of additive quantities per (unit subtree, code), for the intervals of unit totals (``totals.RollUp``).

A unit's interval needs, for every part key (a shared factor, a shared input amount, a part of its own), the
sum of its shifts over the unit's subtree, closed (spread and squared) per unit; the proxy error likewise per
input. :func:`held_sums` gathers the rows of entries part by part into one sum per (unit, key), and
:func:`rolled` carries those sums up the hierarchy level by level, a few whole branches at a time, so that the
copies it makes are bounded; the float sums are those of one pass over all the rows, to the bit.
"""
import numpy as np


def held_sums(keys, sums, part_keys, part_sums):
    """The per-key sums ``sums`` ((held, 2), t CO2e/yr) of the sorted int64 ``keys`` with the rows ``part_keys``,
    ``part_sums`` added in order: returns the sorted keys of both and their sums. Each sum adds its rows one by one
    after the one held (``np.bincount`` over the held sum, then the rows), as one ``np.bincount`` over every row
    so far would: the same bits. Costs the part's rows plus a copy of the held arrays when new keys come."""
    unique, inverse = np.unique(part_keys, return_inverse=True)
    at = np.searchsorted(keys, unique)
    held = at < len(keys)
    held[held] = keys[at[held]] == unique[held]
    order = np.concatenate([np.flatnonzero(held), inverse])
    rows = np.concatenate([sums[at[held]], part_sums])
    added = np.column_stack([np.bincount(order, weights=w, minlength=len(unique)) for w in rows.T]) \
        if len(unique) else np.zeros((0, 2))
    sums[at[held]] = added[held]
    new = ~held
    return np.insert(keys, at[new], unique[new]), np.insert(sums, at[new], added[new], axis=0)


ROWS_PER_BATCH = 500_000
"""Rows of whole branches (the subtrees of the units at depth 1) rolled up at a time by :func:`rolled`."""


def rolled(tree, owner, codes, weights, close):
    """Sums of ``weights`` per (unit subtree, code), closed per unit, level by level from the deepest.

    owner: code in ``tree`` of each row; codes: integer part code of each row; weights: (rows, k)
    additive sums. close(codes, sums) -> (below, above) per row of one level's (unit, code) sums; each unit's are
    added in code order. Returns (below, above) arrays over the tree's units. Rows of units in a parent cycle are
    left out. Whole branches are rolled up about ROWS_PER_BATCH rows at a time (the copies of a level are those of a
    batch); the top units then sum what the branches hand up in the order of one pass over all the rows (by the
    unit each row came from, then code): the same bits.
    """
    rooted = tree.rooted[owner] if len(owner) else np.zeros(0, dtype=bool)
    kept = np.flatnonzero(rooted)
    branch = _branches(tree, owner[kept])
    order = kept[np.argsort(branch, kind="stable")]  # rows at the top first, then branch by branch in code order
    branch.sort(kind="stable")
    codes = np.asarray(codes, dtype=np.int64)
    variance = (np.zeros(len(tree)), np.zeros(len(tree)))
    deepest = int(tree.depth.max()) if len(tree) else -1
    top = int(np.searchsorted(branch, 0))
    handed = [_level(tree, -1, owner[order[:top]], codes[order[:top]], weights[order[:top]], close, variance)]
    start = top
    while start < len(order):
        end = int(np.searchsorted(branch, branch[min(start + ROWS_PER_BATCH, len(order)) - 1], side="right"))
        rows = order[start:end]
        batch = owner[rows], codes[rows], weights[rows]
        for level in range(deepest, 0, -1):
            batch = _level(tree, level, *batch[:3], close, variance)
        handed.append(batch)
        start = end
    del order, branch
    came = np.argsort(np.concatenate([rows[3] for rows in handed]), kind="stable")
    _level(tree, 0, *(np.concatenate([rows[i] for rows in handed])[came] for i in range(3)), close, variance)
    return variance


def _branches(tree, owner):
    """The unit at depth 1 above (or at) each of ``owner`` (rooted unit codes), -1 for a unit at depth 0."""
    branch = np.array(owner, dtype=np.int64)
    for _ in range(int(tree.depth.max()) - 1 if len(tree) else 0):
        deep = tree.depth[branch] > 1
        branch[deep] = tree.parent[branch[deep]]
    return np.where(tree.depth[branch] >= 1, branch, -1)


def _level(tree, level, owner, codes, weights, close, variance):
    """One level of :func:`rolled`: the rows summed per (owner, code) in order, the sums of units at ``level``
    closed and added into ``variance`` (each unit's in code order), and handed to their parents. Returns the rows
    left (owner, codes, weights) with the unit each came from."""
    key = owner * (int(codes.max(initial=0)) + 1) + codes
    unique, inverse = np.unique(key, return_inverse=True)
    first = np.zeros(len(unique), dtype=np.int64)
    first[inverse] = np.arange(len(key))
    owner, codes = owner[first], codes[first]
    weights = np.column_stack([np.bincount(inverse, weights=w, minlength=len(unique)) for w in weights.T]) \
        if weights.shape[1] else np.zeros((len(unique), 0))
    here = tree.depth[owner] == level
    if here.any():
        units, at = np.unique(owner[here], return_inverse=True)
        for total, rows in zip(variance, close(codes[here], weights[here]), strict=True):
            total[units] += np.bincount(at, weights=rows, minlength=len(units))
    came = owner
    owner = np.where(here, tree.parent[owner], owner)
    keep = owner >= 0
    return owner[keep], codes[keep], weights[keep], came[keep]
