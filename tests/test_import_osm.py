"""carbonledger:importosm: an OpenStreetMap extract (tests/osm_extract.py, written by the test) read with
GDAL's OSM driver into the four layers segmentunits takes without hand editing; parcels tile their blocks."""
import geopandas as gpd
import numpy as np
import pytest
import shapely
from osm_extract import lon_lat, write_extract
from pyproj import Transformer

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.core.progress import Progress
from urban_carbon_ledger.algorithms.ledger import store as ledger
from urban_carbon_ledger.algorithms.units import osm_import, segment_units as segmentation
from urban_carbon_ledger.cli import importosm as cli

UTM = "EPSG:32650"  # 114.30 E lies in UTM zone 50 (114 to 120 E), north
TO_UTM = Transformer.from_crs("EPSG:4326", UTM, always_xy=True)
SEGMENT_FIELDS = segmentation.UnitFields(name="name", road_id="road_id", road_name="name", building_id="building_id",
                                         building_use="use", floors="floors")


def projected(west, south, east, north):
    """A box of grid steps (tests/osm_extract.py) projected vertex by vertex to UTM 50N."""
    corners = [lon_lat(x, y) for x, y in ((west, south), (east, south), (east, north), (west, north))]
    return shapely.Polygon([TO_UTM.transform(lon, lat) for lon, lat in corners])


@pytest.fixture
def extract(tmp_path):
    return write_extract(str(tmp_path / "city.osm"))


def test_the_extract_becomes_four_layers_with_classes_ids_and_unmapped_values_listed(extract):
    layers = osm_import.import_osm(extract, admin_level=8)
    assert layers.crs == UTM
    assert layers.boundaries[["code", "name", "osm_id"]].values.tolist() == [["D01", "Test district", "r900"]]
    assert layers.roads[["road_id", "road_class", "name", "highway"]].values.tolist() == [
        ["w101", "arterial", "Jiefang Road", "primary"], ["w102", "local", None, "residential"]]
    assert layers.roads["aadt"].isna().all()
    assert sorted(layers.landuse["osm_tag"] + ">" + layers.landuse["land_use"]) == [
        "landuse=brownfield>bare_land", "landuse=grass>grassland", "landuse=residential>residential",
        "leisure=garden>park", "leisure=park>park", "natural=water>water"]
    # building=yes (w114) stands in landuse=residential and takes its use; the school has no building:levels
    assert layers.buildings[["building_id", "use", "use_from", "floors", "floors_from"]].fillna(-1).values.tolist() == [
        ["w113", "residential", "building", 6.0, "building:levels"], ["w114", "residential", "landuse", 2.0,
                                                                      "building:levels"],
        ["w115", "public", "building", -1.0, ""], ["w116", "commercial", "building", 2.0, "building:levels"],
        ["w117", "industrial", "building", -1.0, ""]]
    assert "Land use: values not in resources/landuse_maps/osm.csv, left out: 'landuse=railway' (1)" in layers.notes
    assert any("left out (they bound no block): 'footway' (1), 'service' (1)" in n for n in layers.notes)
    # the district: 8 x 8 steps projected
    assert layers.boundaries.geometry.area.iloc[0] == pytest.approx(projected(0, 0, 8, 8).area, rel=1e-9)


def test_segmentunits_takes_the_layers_and_its_parcels_tile_the_blocks(extract, tmp_path):
    layers = osm_import.import_osm(extract, admin_level="8")
    path = str(tmp_path / "layers.gpkg")
    osm_import.write_layers(layers, path)
    read = {name: gpd.read_file(path, layer=name) for name in osm_import.LAYER_NAMES}
    result = segmentation.segment_units(read["boundaries"], read["roads"], read["landuse"], read["buildings"],
                                        crs=layers.crs, fields=SEGMENT_FIELDS, snap=0.0,  # the areas by hand, unsnapped
                                        progress=Progress())
    units = result.units
    parcels = units[units["level"] == "parcel"]
    blocks = units[units["level"] == "block"].set_index("unit_id")["area_m2"]
    assert len(blocks) == 4
    sums = parcels.groupby("parent_id")["area_m2"].sum()
    assert np.abs(sums / blocks[sums.index] - 1.0).max() < 1e-4  # within 0.01%
    # By hand, boxes in grid steps: water (2,6,3,7) inside the garden (1,5,3,7); park (5,5,7.5,8) with a
    # hole (6,6,7,7); grass (7,5,8,8) keeps only (7.5,5,8,8) (park priority 60 > grass 50); brownfield (0,0,2,2);
    # residential: the district (0,0,8,8) minus all of those (the park's hole and the unmapped railway included).
    # Projected, a parallel bends while a polygon edge between two projected nodes stays straight, so a box on
    # the district's edge pokes out of it by a sliver (0.07 m2 for the brownfield): each is cut by the district.
    district = projected(0, 0, 8, 8)
    water = projected(2, 6, 3, 7).area
    park = projected(1, 5, 3, 7).area - water + (projected(5, 5, 7.5, 8) & district).area - projected(6, 6, 7, 7).area
    grass = ((projected(7, 5, 8, 8) & district) - projected(5, 5, 7.5, 8)).area
    bare = (projected(0, 0, 2, 2) & district).area
    residential = district.area - water - park - grass - bare
    by_class = parcels.groupby("land_use")["area_m2"].sum()
    expected = {"bare_land": bare, "grassland": grass, "park": park, "residential": residential, "water": water}
    assert by_class.index.tolist() == list(expected)
    assert by_class.to_numpy() == pytest.approx(list(expected.values()), rel=1e-6)
    buildings = units[units["level"] == "building"].set_index("source_id")
    assert buildings.loc["w113", ["land_use", "floors"]].tolist() == ["residential", 6]


def test_without_admin_level_the_extent_is_one_district_and_features_are_cut_to_it(extract):
    west, south = lon_lat(0, 0)
    east, north = lon_lat(4.5, 8)  # the western half of the district and a half step
    layers = osm_import.import_osm(extract, extent=(west, south, east, north), crs="EPSG:4547")
    assert layers.boundaries["code"].tolist() == ["D01"]
    assert "Boundaries: no ADMIN_LEVEL given, the extent is one district D01" in layers.notes
    assert set(layers.landuse["osm_tag"]) == {"landuse=residential", "leisure=garden", "natural=water",
                                              "landuse=brownfield"}
    # the primary street, from step -1 to 9 along y = 4, is cut to the 4.5 steps inside the extent
    to_cgcs = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
    ends = [to_cgcs.transform(*lon_lat(x, 4)) for x in (0, 4.5)]
    primary = layers.roads.set_index("road_id").geometry["w101"]
    assert primary.length == pytest.approx(shapely.LineString(ends).length, rel=1e-6)


def test_default_floors_fill_buildings_without_levels_only(extract):
    layers = osm_import.import_osm(extract, admin_level=8, default_floors=3)
    assert layers.buildings[["floors", "floors_from"]].values.tolist() == [
        [6.0, "building:levels"], [2.0, "building:levels"], [3.0, "default"], [2.0, "building:levels"],
        [3.0, "default"]]
    assert "Buildings: 2 without building:levels get DEFAULT_FLOORS 3" in layers.notes


def test_a_self_intersecting_ring_is_repaired_into_its_two_triangles(tmp_path):
    layers = osm_import.import_osm(write_extract(str(tmp_path / "bow.osm"), bow_tie=True), admin_level=8)
    meadow = layers.landuse.set_index("osm_tag").geometry["landuse=meadow"]
    assert meadow.is_valid and meadow.geom_type == "MultiPolygon"
    # two triangles, each a quarter of the 1 x 1 step square between (2,1) and (3,2)
    assert meadow.area == pytest.approx(projected(2, 1, 3, 2).area / 2, rel=1e-3)


def test_a_missing_admin_level_is_refused_naming_the_levels_found(extract):
    with pytest.raises(LedgerInputError, match="no administrative boundary of admin_level 6.*'8' \\(1\\)"):
        osm_import.import_osm(extract, admin_level=6)


def test_command_line_writes_the_geopackage(extract, tmp_path, capsys):
    out = str(tmp_path / "cli.gpkg")
    west, south = lon_lat(-2, -2)
    east, north = lon_lat(10, 10)
    cli.main(["--input", extract, "--output", out, "--admin-level", "8",
              "--extent", f"{west},{south},{east},{north}", "--quiet"])
    assert f"{out} (EPSG:32650): 1 boundaries, 2 roads, 6 landuse, 5 buildings" in capsys.readouterr().out
    assert len(gpd.read_file(out, layer="buildings")) == 5
    with pytest.raises(SystemExit):
        cli.main(["--input", extract, "--output", out, "--extent", "114.3,30.6,114.2,30.5"])


@pytest.mark.slow
def test_processing_importosm_then_segmentunits_with_default_fields(run_alg, extract, tmp_path):
    out = str(tmp_path / "osm.gpkg")
    result = run_alg("carbonledger:importosm", {"INPUT": extract, "ADMIN_LEVEL": "8", "OUTPUT": out})
    assert (result["N_BOUNDARIES"], result["N_ROADS"], result["N_LANDUSE"], result["N_BUILDINGS"]) == (1, 2, 6, 5)
    book = str(tmp_path / "ledger.gpkg")
    layer = {name: f"{out}|layername={name}" for name in osm_import.LAYER_NAMES}
    units = run_alg("carbonledger:segmentunits", {
        "BOUNDARIES": layer["boundaries"], "ROADS": layer["roads"], "LANDUSE": layer["landuse"],
        "BUILDINGS": layer["buildings"], "LEDGER": book})
    assert (units["N_DISTRICTS"], units["N_BLOCKS"], units["N_BUILDINGS"]) == (1, 4, 5)
    assert units["PARCEL_RESIDUAL_RATIO"] < 1e-4
    written = ledger.Ledger(book).read_table("units", columns=["level", "land_use"])
    assert set(written.loc[written["level"] == "parcel", "land_use"]) == {
        "water", "park", "grassland", "bare_land", "residential"}
