"""The bundled teaching district opens in QGIS with the documented CRS, fields, classes and value ranges.

Everything is read through QgsVectorLayer / QgsRasterLayer (the OGR and GDAL providers QGIS uses), so a
file QGIS cannot open, a wrong CRS or a misaligned raster fails here.
"""
import os
import re

import numpy as np
import pytest

EXTENT = (528000.0, 3380000.0, 532000.0, 3383000.0)  # xmin, ymin, xmax, ymax (m, EPSG:4547)
LAND_USES = {"residential", "commercial", "industrial", "public", "park", "forest", "grassland",
             "wetland", "water", "cropland", "bare_land", "parking"}
BUILT = {"residential", "commercial", "industrial", "public"}
# Paved corridor half-width by road class (m), as written in resources/sample/README.md.
HALF_WIDTH = {"arterial": 16.0, "secondary": 10.0, "local": 5.0}
AADT = {"arterial": (20000, 40000), "secondary": (8000, 15000), "local": (1000, 4000)}
LC = {"forest": 1, "urban_trees": 2, "grassland": 3, "lawn": 4, "cropland": 5, "wetland": 6, "water": 7,
      "built_up": 8, "paved": 9, "bare_land": 10}


def vector(sample_dir, name):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{os.path.join(sample_dir, 'teaching_district.gpkg')}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    assert layer.crs().authid() == "EPSG:4547"
    return layer


def rows(layer):
    """[(attribute dict, QgsGeometry)] of every feature."""
    names = layer.fields().names()
    return [(dict(zip(names, f.attributes(), strict=False)), f.geometry()) for f in layer.getFeatures()]


def raster(sample_dir, name):
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(os.path.join(sample_dir, name), name, "gdal")
    assert layer.isValid(), name
    assert layer.crs().authid() == "EPSG:4547"
    return layer


def band(layer, number=1):
    """Band values as a 2-D numpy array (rows north to south), read through the QGIS provider."""
    from qgis.core import Qgis

    dtypes = {Qgis.DataType.Byte: np.uint8, Qgis.DataType.UInt16: np.uint16, Qgis.DataType.Float32: np.float32}
    provider = layer.dataProvider()
    block = provider.block(number, layer.extent(), layer.width(), layer.height())
    return np.frombuffer(bytes(block.data()), dtypes[provider.dataType(number)]).reshape(layer.height(), layer.width())


def check_geometries(layer, wkb_type):
    from qgis.core import QgsRectangle

    extent = QgsRectangle(*EXTENT)
    extent.grow(0.01)
    for _, geometry in rows(layer):
        assert geometry.wkbType() == wkb_type
        assert geometry.isGeosValid()
        assert extent.contains(geometry.boundingBox())


@pytest.fixture(scope="module")
def layers(qgis_app, sample_dir):
    return {n: vector(sample_dir, n) for n in ("districts", "roads", "landuse", "buildings", "facilities")}


def test_vector_layers_have_documented_fields_and_geometry(layers):
    from qgis.core import QgsWkbTypes

    expected = {
        "districts": (["code", "name", "name_zh", "population"], QgsWkbTypes.Type.Polygon),
        "roads": (["road_id", "name", "road_class", "aadt", "lanes"], QgsWkbTypes.Type.LineString),
        "landuse": (["lu_id", "land_use"], QgsWkbTypes.Type.Polygon),
        "buildings": (["building_id", "use", "floors", "built_year", "population"], QgsWkbTypes.Type.Polygon),
        "facilities": (["facility_id", "name", "sector", "carrier", "building_id"], QgsWkbTypes.Type.Point),
    }
    for name, (fields, wkb_type) in expected.items():
        layer = layers[name]
        assert [f for f in layer.fields().names() if f != "fid"] == fields, name
        check_geometries(layer, wkb_type)


def test_districts_tile_the_extent_and_hold_the_building_population(layers):
    from qgis.core import QgsGeometry

    districts = rows(layers["districts"])
    assert [a["code"] for a, _ in districts] == ["D01", "D02", "D03"]
    assert [a["name_zh"] for a, _ in districts] == ["湖滨区", "北苑区", "南港区"]
    # 4 km x 3 km = 12,000,000 m2, no overlaps, shared boundaries that are not straight lines.
    assert sum(g.area() for _, g in districts) == pytest.approx(12.0e6, abs=1.0)
    assert QgsGeometry.unaryUnion([g for _, g in districts]).area() == pytest.approx(12.0e6, abs=1.0)
    for _, g in districts:
        assert len(list(g.vertices())) > 20
    # Population (persons) = residents of the buildings whose centroid lies in the district.
    buildings = rows(layers["buildings"])
    for attrs, g in districts:
        inside = sum(b["population"] for b, bg in buildings if g.contains(bg.centroid()))
        assert attrs["population"] == inside > 10000


def test_roads_classes_aadt_and_two_dead_ends(layers):
    roads = rows(layers["roads"])
    assert 100 <= len(roads) <= 400
    ids = [a["road_id"] for a, _ in roads]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"R\d{4}", i) for i in ids)
    for attrs, _ in roads:
        low, high = AADT[attrs["road_class"]]
        assert low <= attrs["aadt"] <= high
        assert attrs["lanes"] in ({6, 8} if attrs["road_class"] == "arterial" else
                                  {4} if attrs["road_class"] == "secondary" else {2})
        assert attrs["name"]
    # Links meet at shared end nodes; only the two documented dead ends stop inside the extent.
    ends = {}
    for _, g in roads:
        line = g.asPolyline()
        for p in (line[0], line[-1]):
            key = (round(p.x(), 3), round(p.y(), 3))
            ends[key] = ends.get(key, 0) + 1
    on_edge = lambda x, y: x in (EXTENT[0], EXTENT[2]) or y in (EXTENT[1], EXTENT[3])  # noqa: E731
    assert len([k for k, n in ends.items() if n == 1 and not on_edge(*k)]) == 2


def test_arterials_cross_district_boundaries_and_one_runs_along_them(layers):
    from qgis.core import QgsGeometry

    districts = [g for _, g in rows(layers["districts"])]
    interiors = [d.buffer(-20.0, 4) for d in districts]
    arterials = {}
    for attrs, g in rows(layers["roads"]):
        if attrs["road_class"] == "arterial":
            arterials.setdefault(attrs["name"], []).append(g)
    crossing = {name for name, links in arterials.items()
                if sum(i.intersects(QgsGeometry.unaryUnion(links)) for i in interiors) >= 2}
    assert crossing == {"Qingshan Avenue", "Hubin Avenue", "Jiangcheng Avenue"}
    # Zhongshan Avenue is the D01 boundary: every vertex of it lies on the D01 outline.
    outline = QgsGeometry.fromPolylineXY(districts[0].asPolygon()[0])
    for link in arterials["Zhongshan Avenue"]:
        assert all(outline.distance(QgsGeometry(v.clone())) < 0.01 for v in link.vertices())


def test_landuse_covers_the_extent_except_road_corridors(layers):
    from qgis.core import QgsGeometry

    parcels = rows(layers["landuse"])
    assert {a["land_use"] for a, _ in parcels} == LAND_USES
    ids = [a["lu_id"] for a, _ in parcels]
    assert len(set(ids)) == len(ids)
    union = QgsGeometry.unaryUnion([g for _, g in parcels])
    assert union.area() == pytest.approx(sum(g.area() for _, g in parcels), abs=5.0)  # no overlaps (m2)
    corridors = [g.buffer(HALF_WIDTH[a["road_class"]], 8) for a, g in rows(layers["roads"])]
    covered = QgsGeometry.unaryUnion([union] + corridors)
    extent = QgsGeometry.fromRect(layers["landuse"].extent())
    assert extent.area() == pytest.approx(12.0e6, abs=1.0)
    assert 12.0e6 - covered.area() < 100.0  # m2 of slivers at most
    districts = [g for _, g in rows(layers["districts"])]
    for _, g in parcels:  # every parcel lies in one district
        assert max(d.intersection(g).area() for d in districts) == pytest.approx(g.area(), rel=1e-6, abs=0.01)


@pytest.mark.slow
def test_buildings_attributes_and_placement(layers):
    from qgis.core import QgsGeometry

    buildings = rows(layers["buildings"])
    assert 300 <= len(buildings) <= 2100
    ids = [a["building_id"] for a, _ in buildings]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"G\d{5}", i) for i in ids)
    for attrs, _ in buildings:
        assert attrs["use"] in BUILT
        assert 1 <= attrs["floors"] <= 33 and 1980 <= attrs["built_year"] <= 2023
        assert (attrs["population"] > 0) == (attrs["use"] == "residential")
    parcels = rows(layers["landuse"])
    built = QgsGeometry.unaryUnion([g for a, g in parcels if a["land_use"] in BUILT])
    assert all(built.contains(g.buffer(-0.01, 2)) for _, g in buildings)
    straddling = 0
    for _, g in buildings:
        shares = [p.intersection(g).area() / g.area() for _, p in parcels if p.intersects(g)]
        straddling += sum(s > 0.1 for s in shares) >= 2
    assert 3 <= straddling <= 10


def test_facilities_sit_in_industrial_buildings(layers):
    buildings = {a["building_id"]: (a, g) for a, g in rows(layers["buildings"])}
    facilities = rows(layers["facilities"])
    assert len(facilities) >= 3
    for attrs, point in facilities:
        assert re.fullmatch(r"F\d{2}", attrs["facility_id"]) and attrs["name"]
        assert attrs["sector"] == "industry" and attrs["carrier"] in {"coal", "natural_gas"}
        building, footprint = buildings[attrs["building_id"]]
        assert building["use"] == "industrial" and footprint.contains(point)
    assert {a["carrier"] for a, _ in facilities} == {"coal", "natural_gas"}


@pytest.fixture(scope="module")
def rasters(qgis_app, sample_dir):
    from osgeo import gdal

    gdal.SetConfigOption("GDAL_PAM_ENABLED", "NO")  # no .aux.xml statistics next to the bundled files
    names = ("landcover_2024_10m.tif", "landcover_2015_10m.tif", "ndvi_2024_10m.tif", "canopy_2024_10m.tif",
             "image_2024_5m.tif")
    yield {n: raster(sample_dir, n) for n in names}
    gdal.SetConfigOption("GDAL_PAM_ENABLED", None)


def test_rasters_share_one_grid(rasters):
    from qgis.core import Qgis

    expected_types = {"landcover_2024_10m.tif": Qgis.DataType.Byte, "landcover_2015_10m.tif": Qgis.DataType.Byte,
                      "ndvi_2024_10m.tif": Qgis.DataType.Float32, "canopy_2024_10m.tif": Qgis.DataType.Float32,
                      "image_2024_5m.tif": Qgis.DataType.UInt16}
    for name, layer in rasters.items():
        e = layer.extent()
        assert (e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum()) == EXTENT, name
        res = 5.0 if name.startswith("image") else 10.0
        assert (layer.rasterUnitsPerPixelX(), layer.rasterUnitsPerPixelY()) == (res, res)
        assert (layer.width(), layer.height()) == (4000 / res, 3000 / res)
        assert layer.dataProvider().dataType(1) == expected_types[name]
    assert rasters["image_2024_5m.tif"].bandCount() == 4
    assert rasters["landcover_2024_10m.tif"].dataProvider().sourceNoDataValue(1) == 0
    assert rasters["ndvi_2024_10m.tif"].dataProvider().sourceNoDataValue(1) == -9999


def test_land_cover_classes_and_consistency_with_vectors(rasters, layers):
    lc24, lc15 = band(rasters["landcover_2024_10m.tif"]), band(rasters["landcover_2015_10m.tif"])
    assert set(np.unique(lc24)) == set(LC.values())
    assert set(np.unique(lc15)) <= set(LC.values())
    # 2015 -> 2024: cropland and bare land became town (README "Changes 2015 -> 2024").
    assert (lc15 == LC["cropland"]).sum() > (lc24 == LC["cropland"]).sum() + 5000  # pixels of 100 m2
    assert (lc15 == LC["bare_land"]).sum() > (lc24 == LC["bare_land"]).sum() + 2000
    changed_from = set(np.unique(lc15[lc15 != lc24]))
    assert changed_from <= {LC[c] for c in ("cropland", "bare_land", "grassland", "urban_trees", "lawn", "paved")}
    assert (lc15[lc15 != lc24] == LC["water"]).sum() == 0

    def cover_at(points):
        cols = ((np.array([p.x() for p in points]) - EXTENT[0]) // 10).astype(int)
        rows_ = ((EXTENT[3] - np.array([p.y() for p in points])) // 10).astype(int)
        return lc24[rows_, cols]

    big = [g for _, g in rows(layers["buildings"]) if g.area() > 500.0]
    assert np.mean(cover_at([g.centroid().asPoint() for g in big]) == LC["built_up"]) > 0.95
    water = [g for a, g in rows(layers["landuse"]) if a["land_use"] == "water" and g.area() > 20000.0]
    assert np.mean(cover_at([g.pointOnSurface().asPoint() for g in water]) == LC["water"]) == 1.0
    road_points = [g.interpolate(g.length() / 2).asPoint() for _, g in rows(layers["roads"])]
    assert np.mean(cover_at(road_points) == LC["paved"]) > 0.9


def test_ndvi_canopy_and_image_are_plausible_by_class(rasters):
    lc = band(rasters["landcover_2024_10m.tif"])
    ndvi, canopy = band(rasters["ndvi_2024_10m.tif"]), band(rasters["canopy_2024_10m.tif"])
    assert (ndvi != -9999).all() and ndvi.min() >= -1.0 and ndvi.max() <= 1.0
    # Per-class NDVI ranges of resources/sample/README.md.
    for classes, low, high in (("water", -1.0, -0.0001), ("built_up", 0.05, 0.15), ("paved", 0.05, 0.15),
                               ("lawn", 0.4, 0.6), ("forest", 0.6, 0.85), ("urban_trees", 0.6, 0.85)):
        values = ndvi[lc == LC[classes]]
        assert low - 1e-6 <= values.min() and values.max() <= high + 1e-6, classes
    assert ndvi[lc == LC["forest"]].std() > 0.01  # spatial noise, not one value per class
    assert canopy.min() >= 0.0 and canopy.max() <= 1.0
    assert canopy[lc == LC["forest"]].mean() > 0.7 and canopy[lc == LC["paved"]].mean() < 0.05
    image = rasters["image_2024_5m.tif"]
    bands = [band(image, k) for k in range(1, 5)]
    red, nir = bands[2].astype(float), bands[3].astype(float)
    assert 1 <= min(b.min() for b in bands) and max(b.max() for b in bands) <= 10000
    # 5 m pixels of a 10 m cell: (row, col) -> (row // 2, col // 2). NDVI from the image follows land cover.
    lc5 = np.repeat(np.repeat(lc, 2, axis=0), 2, axis=1)
    image_ndvi = (nir - red) / (nir + red)
    assert image_ndvi[lc5 == LC["forest"]].mean() > 0.7
    assert image_ndvi[lc5 == LC["water"]].mean() < -0.1
    assert abs(image_ndvi[lc5 == LC["paved"]].mean()) < 0.15


@pytest.mark.slow  # runs generate_sample.py in a subprocess (about 6 s)
def test_generator_reproduces_the_bundled_files(sample_dir, tmp_path):
    """Same seed, same data: the committed files are exactly what generate_sample.py writes."""
    import subprocess
    import sys

    from osgeo import gdal, ogr

    subprocess.run([sys.executable, os.path.join(sample_dir, "generate_sample.py"), str(tmp_path)],
                   check=True, capture_output=True, timeout=300)
    for name in ("landcover_2024_10m.tif", "landcover_2015_10m.tif", "ndvi_2024_10m.tif", "canopy_2024_10m.tif",
                 "image_2024_5m.tif"):
        bundled, fresh = gdal.Open(os.path.join(sample_dir, name)), gdal.Open(str(tmp_path / name))
        assert bundled.GetGeoTransform() == fresh.GetGeoTransform()
        assert np.array_equal(bundled.ReadAsArray(), fresh.ReadAsArray()), name
    bundled = ogr.Open(os.path.join(sample_dir, "teaching_district.gpkg"))
    fresh = ogr.Open(str(tmp_path / "teaching_district.gpkg"))
    for name in ("districts", "roads", "landuse", "buildings", "facilities"):
        a, b = bundled.GetLayerByName(name), fresh.GetLayerByName(name)
        assert a.GetFeatureCount() == b.GetFeatureCount(), name
        for fa, fb in zip(a, b, strict=False):
            assert fa.items() == fb.items(), name
            assert fa.GetGeometryRef().ExportToWkb() == fb.GetGeometryRef().ExportToWkb(), name
