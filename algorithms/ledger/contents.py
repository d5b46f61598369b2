"""gpkg_contents and gpkg_ogr_contents kept in step with a table's rows: extent, last change, feature count."""
import datetime

import numpy as np

from . import schema


def _now():
    """The GeoPackage's timestamp format, UTC to the second."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _has_counts(connection):
    """Whether the file has OGR's feature count table."""
    return connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_ogr_contents'").fetchone() is not None


def _touch(connection, name):
    """Last change of table ``name`` set to now."""
    connection.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?", (_now(), name))


def refresh(connection, name):
    """Extent (from the layer's R*-tree), last change and feature count of table ``name``, read again whole."""
    if name in schema.SPATIAL_LAYERS:
        rtree = f'"{schema.rtree_table(name)}"'
        connection.execute(
            f"UPDATE gpkg_contents SET last_change = ?, min_x = (SELECT min(minx) FROM {rtree}), "
            f"max_x = (SELECT max(maxx) FROM {rtree}), min_y = (SELECT min(miny) FROM {rtree}), "
            f"max_y = (SELECT max(maxy) FROM {rtree}) WHERE table_name = ?", (_now(), name))
    else:
        _touch(connection, name)
    if _has_counts(connection):
        connection.execute(f'UPDATE gpkg_ogr_contents SET feature_count = (SELECT count(*) FROM "{name}") '
                           "WHERE lower(table_name) = lower(?)", (name,))


def extend(connection, name, rows, bounds=None):
    """After ``rows`` rows were appended to table ``name``: its extent grown by ``bounds`` (min x, min y,
    max x, max y of the appended geometries, or None) and its feature count by ``rows``, without reading
    the table (a layer written in many batches would otherwise rescan its whole R*-tree per batch). An
    extent or count not stored yet (NULL) is read whole once."""
    if bounds is not None:
        rtree = f'"{schema.rtree_table(name)}"'
        grown = ", ".join(
            f"{column} = CASE WHEN {column} IS NULL THEN (SELECT {whole}({tree}) FROM {rtree}) "
            f"ELSE {whole}({column}, ?) END"
            for column, whole, tree in (("min_x", "min", "minx"), ("min_y", "min", "miny"),
                                        ("max_x", "max", "maxx"), ("max_y", "max", "maxy")))
        connection.execute(f"UPDATE gpkg_contents SET last_change = ?, {grown} WHERE table_name = ?",
                           (_now(), *bounds, name))
    else:
        _touch(connection, name)
    if _has_counts(connection):
        connection.execute(
            f'UPDATE gpkg_ogr_contents SET feature_count = coalesce(feature_count + ?, (SELECT count(*) FROM "{name}"))'
            " WHERE lower(table_name) = lower(?)", (rows, name))


def extent_of(parts):
    """(min x, min y, max x, max y) over parts of (n, 4) bounds as the R*-tree holds them (min x, max x,
    min y, max y; empty geometries NaN and left out), or None when there is none."""
    bounds = np.concatenate(parts) if parts else np.empty((0, 4))
    bounds = bounds[np.isfinite(bounds).all(axis=1)]
    if not len(bounds):
        return None
    return (float(bounds[:, 0].min()), float(bounds[:, 2].min()), float(bounds[:, 1].max()), float(bounds[:, 3].max()))
