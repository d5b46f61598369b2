"""GeoPackage blobs of single polygons and lines written as one-part multi-geometries (issue 22: the multi head
put before the WKB instead of building the multi-geometry)."""
import numpy as np
import shapely

from urban_carbon_ledger.algorithms.ledger import gpkg_geometry


def test_single_geometries_are_written_as_the_one_part_multi_geometries_built_from_them():
    """The blob of each single geometry with ``multi`` is the blob of the multi-geometry built from it, byte for
    byte; multi-geometries, other kinds, Z, empty and None pass as they are. A 2D polygon's WKB after the head
    01 06000000 01000000 (little-endian, MultiPolygon, 1 part): 9 bytes longer than its own."""
    polygon = shapely.Polygon([(0.1, 0.2), (4, 0), (4, 4), (1 / 3, 4)], [[(1, 1), (2, 1), (2, 2)]])
    line = shapely.LineString([(0, 0), (2 / 3, 1)])
    solid = shapely.from_wkt("POLYGON Z ((0 0 1, 1 0 1, 1 1 1, 0 0 1))")
    geometry = np.array([polygon, line, shapely.MultiPolygon([polygon]), solid, shapely.Polygon(), None], dtype=object)
    for kind, single in (("polygon", polygon), ("line", line)):
        written = gpkg_geometry.encode(geometry, 4547, multi=kind)
        assert written == gpkg_geometry.encode(gpkg_geometry.to_multi(geometry, kind), 4547)
        position = 0 if kind == "polygon" else 1
        assert written[position][40:] == (b"\x01" + (6 if kind == "polygon" else 5).to_bytes(4, "little")
                                          + (1).to_bytes(4, "little") + shapely.to_wkb(single, byte_order=1))
        decoded = gpkg_geometry.decode(written)
        assert decoded[position].geom_type == ("MultiPolygon" if kind == "polygon" else "MultiLineString")
        assert shapely.equals_exact(shapely.get_geometry(decoded[position], 0), single, tolerance=0.0)
        assert written[-1] is None
