"""Bulk loading of a GeoPackage layer's empty R*-tree: nodes packed by Sort-Tile-Recursive, written at once.

SQLite's R*-tree inserts a row at a time (about 20-45 us per feature, most of it node splits and
forced reinserts). An empty index can instead be written directly into the three shadow tables the
rtree module keeps (``<name>_node``, ``<name>_parent``, ``<name>_rowid``), in the module's own
format (sqlite.org/src/file/ext/rtree/rtree.c): a node is a blob of the root's node size (1228
bytes for 51 cells of 2 dimensions); it starts with the tree depth (2 bytes, root only) and its
cell count (2 bytes), then per cell a 64-bit big-endian id (the feature's rowid in a leaf, the
child node's number otherwise) and the box as big-endian 32-bit floats, minimum rounded down and
maximum rounded up (as the module rounds doubles). Node 1 is the root. The tree afterwards is an
ordinary R*-tree: later inserts and deletes go through the module, and ``rtreecheck()`` checks it.

Leaves are packed by Sort-Tile-Recursive (Leutenegger, Lopez and Edgington 1997): boxes sorted by
centre x into vertical slices of whole nodes, each slice by centre y, then cut into full nodes; the
levels above pack the nodes below the same way until one node, the root, remains.
"""
import contextlib
import math

import numpy as np

from . import contents, schema

CELL_DTYPE = np.dtype([("id", ">i8"), ("box", ">f4", (4,))])
"""One cell: id and (min x, max x, min y, max y), big-endian as the rtree module stores them."""
HEADER_BYTES = 4


def is_empty(connection, rtree):
    """Whether the R*-tree table ``rtree`` holds no entry (its root node has no cell)."""
    return connection.execute(f'SELECT count(*) FROM "{rtree}_rowid"').fetchone()[0] == 0


def clear(connection, rtree):
    """Empty the R*-tree ``rtree`` at once: its shadow tables emptied and an empty root node written
    (what deleting every row one at a time through the module ends with)."""
    node_size = connection.execute(f'SELECT length(data) FROM "{rtree}_node" WHERE nodeno = 1').fetchone()[0]
    for shadow in ("node", "parent", "rowid"):
        connection.execute(f'DELETE FROM "{rtree}_{shadow}"')
    connection.execute(f'INSERT INTO "{rtree}_node" (nodeno, data) VALUES (1, ?)', (bytes(node_size),))


def bulk_load(connection, rtree, ids, bounds):
    """Fill the empty R*-tree ``rtree`` with ``ids`` (int64 feature ids) and their (n, 4) ``bounds``
    (min x, max x, min y, max y: float64, or float32 rounded outward already, ``_rounded``); rows with a NaN
    bound (empty geometries) are skipped.

    Writes the shadow tables inside the caller's transaction. Raises ValueError when the tree is not
    empty (a bulk load replaces the whole tree).
    """
    if not is_empty(connection, rtree):
        raise ValueError(f"R*-tree '{rtree}' is not empty: bulk loading replaces the whole tree")
    node_size = connection.execute(f'SELECT length(data) FROM "{rtree}_node" WHERE nodeno = 1').fetchone()[0]
    capacity = (node_size - HEADER_BYTES) // CELL_DTYPE.itemsize
    bounds = np.asarray(bounds)
    keep = ~np.isnan(bounds).any(axis=1)
    ids = np.asarray(ids, dtype=np.int64)[keep]
    boxes = bounds[keep] if bounds.dtype == np.float32 else _rounded(bounds[keep].astype(float))
    if len(ids) == 0:
        return
    levels = []  # per level from the leaves up: cell ids, cell boxes (packed order), start of each node
    while True:
        order, starts = _packed(boxes, capacity)
        ids, boxes = ids[order], boxes[order]
        levels.append((ids, boxes, starts))
        if len(starts) == 1:
            break
        ids, boxes = np.arange(len(starts)), _node_boxes(boxes, starts)  # cells of the level above: nodes
    _write(connection, rtree, levels, node_size)


def _rounded(bounds):
    """Bounds as float32, minima rounded down and maxima rounded up, so every box still contains its
    feature (as the rtree module stores a double)."""
    boxes = bounds.astype(np.float32)
    for column, direction in ((0, -np.inf), (1, np.inf), (2, -np.inf), (3, np.inf)):
        outward = boxes[:, column] > bounds[:, column] if direction < 0 else boxes[:, column] < bounds[:, column]
        boxes[outward, column] = np.nextafter(boxes[outward, column], np.float32(direction))
    return boxes


def _packed(boxes, capacity):
    """Sort-Tile-Recursive order of ``boxes`` and the start of each node in that order."""
    count = len(boxes)
    nodes = math.ceil(count / capacity)
    slice_size = math.ceil(math.sqrt(nodes)) * capacity
    centre_x = (boxes[:, 0] + boxes[:, 1]) / 2.0
    centre_y = (boxes[:, 2] + boxes[:, 3]) / 2.0
    by_x = np.argsort(centre_x, kind="stable")
    slice_of = np.empty(count, dtype=np.int64)
    slice_of[by_x] = np.arange(count) // slice_size
    order = np.lexsort((centre_y, slice_of))
    starts = np.concatenate([np.arange(s, min(s + slice_size, count), capacity)
                             for s in range(0, count, slice_size)])
    return order, starts


def _node_boxes(boxes, starts):
    """The box of each node (cells from each start to the next), float32 like its cells."""
    return np.column_stack([np.minimum.reduceat(boxes[:, 0], starts), np.maximum.reduceat(boxes[:, 1], starts),
                            np.minimum.reduceat(boxes[:, 2], starts), np.maximum.reduceat(boxes[:, 3], starts)])


def _write(connection, rtree, levels, node_size):
    """Number the nodes (root 1, then level by level from the top) and write the shadow tables."""
    depth = len(levels) - 1
    numbers, next_number = [], 1
    for level in reversed(levels):
        numbers.insert(0, np.arange(next_number, next_number + len(level[2])))
        next_number += len(level[2])
    nodes, parents = [], []
    for height, (cell_ids, cell_boxes, starts) in enumerate(levels):
        if height > 0:  # the cells of an upper level point at the nodes below it
            cell_ids = numbers[height - 1][cell_ids]
        ends = np.append(starts[1:], len(cell_ids))
        for number, start, end in zip(numbers[height], starts, ends, strict=False):
            cells = np.empty(end - start, dtype=CELL_DTYPE)
            cells["id"], cells["box"] = cell_ids[start:end], cell_boxes[start:end]
            header = np.array([depth if number == 1 else 0, end - start], dtype=">u2").tobytes()
            blob = header + cells.tobytes()
            nodes.append((int(number), blob + bytes(node_size - len(blob))))
            if height > 0:
                parents.extend(zip(cell_ids[start:end].tolist(), [int(number)] * (end - start), strict=False))
    leaf_ids, _, leaf_starts = levels[0]
    leaf_of = np.repeat(numbers[0], np.diff(np.append(leaf_starts, len(leaf_ids))))
    connection.execute(f'DELETE FROM "{rtree}_node"')
    connection.executemany(f'INSERT INTO "{rtree}_node" (nodeno, data) VALUES (?, ?)', nodes)
    connection.executemany(f'INSERT INTO "{rtree}_parent" (nodeno, parentnode) VALUES (?, ?)', parents)
    by_rowid = np.argsort(leaf_ids, kind="stable")  # appended in key order: no B-tree page splits
    connection.executemany(f'INSERT INTO "{rtree}_rowid" (rowid, nodeno) VALUES (?, ?)',
                           zip(leaf_ids[by_rowid].tolist(), leaf_of[by_rowid].tolist(), strict=False))


@contextlib.contextmanager
def deferred(writer, names, rebuild=False):
    """Within, the rows ``writer`` (a store.LedgerWriter) appends to the layers ``names`` are indexed at
    the end, in one bulk load of their empty R*-trees (a layer written in batches: the batches after the
    first would otherwise go into the tree a row at a time). Nothing is loaded when the block raises
    (the transaction rolls back). Raises ValueError when a tree is not empty, unless ``rebuild``: then the
    tree's entries as they stand at the end are read back and packed again with the new rows (one pass over
    the tree in place of an insert per new row)."""
    for name in names:
        if not rebuild and not is_empty(writer.connection, schema.rtree_table(name)):
            raise ValueError(f"R*-tree of '{name}' is not empty: a deferred index is bulk loaded whole")
    writer.deferred_index = {name: _Held() for name in names}
    try:
        yield writer
    finally:  # raised or not, the writer indexes as usual again
        held, writer.deferred_index = writer.deferred_index, {}
    for name, parts in held.items():
        rtree = schema.rtree_table(name)
        if parts and rebuild:
            standing = _entries(writer.connection, rtree)
            clear(writer.connection, rtree)
            parts = [(standing[:, 0].astype(np.int64), standing[:, 1:])] + parts
        if parts:
            bulk_load(writer.connection, rtree, np.concatenate([f for f, _ in parts]),
                      np.concatenate([b for _, b in parts]))
        contents.refresh(writer.connection, name)


class _Held(list):
    """The (fids, boxes) of a deferred layer's rows, held until the bulk load: each box as the float32 the tree
    stores (``_rounded``; 16 bytes a row where the writer's float64 bounds take 32)."""

    def append(self, part):
        fids, bounds = part
        super().append((fids, _rounded(np.asarray(bounds, dtype=float))))


def _entries(connection, rtree, rows=100_000):
    """(n, 5) float64 array of the entries of R*-tree ``rtree``: id, min x, max x, min y, max y (its float32 boxes
    as doubles, which ``bulk_load`` packs unchanged), read ``rows`` at a time (no Python tuple per entry held)."""
    cursor = connection.execute(f'SELECT id, minx, maxx, miny, maxy FROM "{rtree}"')
    parts = [np.zeros((0, 5))]
    while chunk := cursor.fetchmany(rows):
        parts.append(np.array(chunk, dtype=float))
    return np.concatenate(parts)
