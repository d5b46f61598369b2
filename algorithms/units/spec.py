"""Model specs of the tape measure: carbonledger:segmentunits and carbonledger:segmentimagery."""
from ..core.spec import (
    LEDGER,
    BandInput,
    CrsInput,
    ExtentInput,
    FileDestination,
    FieldInput,
    FileInput,
    ModelSpec,
    NumberInput,
    Output,
    RasterInput,
    StringInput,
    VectorInput,
    ledger_input,
)
from ..ledger import replacement
from ..core.plausibility import accept_extreme_input

UNIT_COUNTS = {"N_DISTRICTS": "district", "N_BLOCKS": "block", "N_PARCELS": "parcel", "N_BUILDINGS": "building",
               "N_LINKS": "link", "N_BUILDINGS_OUTSIDE": "building_outside"}
"""Output -> key of segment_units' counts (units per level)."""

RESIDUALS = {f"{level.upper()}_RESIDUAL_{kind.upper()}": f"{level}_residual_{kind}"
             for level in ("district", "block", "parcel") for kind in ("m2", "ratio")}
"""Output -> key of segment_units' area residuals (m2 and ratio per level)."""


RECONCILED = {"N_KEPT": "kept", "N_MOVED": "moved", "N_ORPHANED": "orphaned"}
"""Output -> status in the reconciliation table (old units per status)."""


def _field(input_id, label, parent, default, numeric=False):
    """An optional field of layer ``parent`` with a default field name."""
    return FieldInput(input_id, label, optional=True, default=default, parent=parent, numeric=numeric)


SEGMENT_UNITS = ModelSpec(
    id="segmentunits",
    name="Segment units (tape measure)",
    group="tape_measure",
    help=(
        "Cuts the city into the units it is accounted by: city > districts > blocks > parcels > buildings, and "
        "road links, and writes them into the ledger's units and links layers (replacing the city to building "
        "levels and all links).\n\n"
        "Blocks are the areas enclosed by the roads inside each district (roads polygonized with the district "
        "boundaries); parcels are blocks cut by land-use polygons, one class each; buildings go to the parcel "
        "holding most of their footprint; links are the roads split at crossings and district boundaries, with "
        "class, AADT (vehicles/day) and length (m).\n"
        "Ids: city CITY, districts their code (D01), blocks D01-B0001, parcels D01-B0001-P01, buildings "
        "D01-B0001-P01-G001, links D01-L00001, numbered north to south, west to east.\n\n"
        "BOUNDARIES: district polygons; CODE_FIELD (unique code; without it codes D01, D02 ... in feature-id "
        "order, with a warning), NAME_FIELD.\n"
        "ROADS: road lines; ROAD_CLASS_FIELD, AADT_FIELD, ROAD_ID_FIELD, ROAD_NAME_FIELD.\n"
        "LANDUSE: land-use polygons; LANDUSE_FIELD with the classes of resources/landuse_classes.csv "
        "(residential, commercial, industrial, public, park, forest, grassland, wetland, water, cropland, "
        "bare_land, parking, unclassified; Chinese names and GB 50137 codes accepted). Where land-use polygons "
        "overlap or nest, the class of higher priority (water > wetland > forest > park > grassland > cropland > "
        "bare_land > parking > public, commercial, industrial > residential) keeps the overlap, then the smaller "
        "polygon; block area outside every polygon becomes parcels of class 'unclassified'.\n"
        "LANDUSE_MAP (optional): CSV value,land_use[,key,source] mapping other values to these classes, e.g. "
        "resources/landuse_maps/osm.csv (OpenStreetMap landuse/leisure/natural/amenity values), gbt21010_2017.csv "
        "(GB/T 21010-2017), gb50137_2011.csv (GB 50137-2011); values it does not list are left out with a "
        "warning listing them with their counts (without a map they stop the run).\n"
        "BUILDINGS (optional): footprints; BUILDING_ID_FIELD, BUILDING_USE_FIELD, FLOORS_FIELD, "
        "POPULATION_FIELD (persons), BUILT_YEAR_FIELD. Optional fields missing from a layer are skipped.\n"
        "MIN_AREA: slivers below this area (m2) are merged into the neighbour sharing the longest edge.\n"
        "TOLERANCE: largest relative area residual |parent - sum of children| / parent before a warning; parcels "
        "that do not tile their blocks within it, and within MIN_AREA m2, stop the run (nothing is written).\n"
        "SNAP: grid (m) every input coordinate is rounded to before the roads are noded (default 1 mm; 0: none); "
        "a land-use corner within it of a block's corner is moved onto that corner, so land use drawn to the "
        "roads makes no slivers. "
        "The inputs are then taken in a canonical order (source ids where given, else the snapped geometry), so "
        "the same features in any order, or shifted by less than half the grid (a reprojection's rounding), give "
        "the same units and ids; where land-use polygons overlap, the class of higher priority keeps the overlap, "
        "then the smaller polygon.\n"
        "ACCEPT_EXTREME: yes to account plausible but extreme values (floors above 100) instead of refusing "
        "them; values outside resources/plausible_ranges.csv (floors 1-200) are always refused.\n"
        "LEDGER: the ledger .gpkg; created in the CRS of BOUNDARIES when missing (it must be projected).\n"
        "Layers in other CRSs are reprojected to the ledger's. Invalid (self-intersecting) district or land-use "
        "polygons and districts without geometry are refused, naming the feature; invalid buildings are repaired "
        "and listed. Repeated building ids are refused; buildings without floors are listed.\n"
        "Re-segmenting a ledger reconciles: a new unit whose area (links: length) overlaps an old one of the same "
        "level and parent by more than half of their union keeps the old id; other new units get numbers no unit "
        "used before. Image segments of unchanged parcels stay. Entries, stocks, unit statistics and scenario "
        "edits are never deleted nor moved to another unit: the reconciliation table lists, per old unit, kept "
        "(same geometry), moved (geometry changed) or orphaned (gone: its rows stay under its id) with its rows. "
        "A unit or link that entries name must not change (outline, attributes, or its id gone): an entry's content "
        "digest covers its unit, so those entries would no longer verify and no later run could copy them; the run "
        "stops and changes nothing, unless REPLACE is yes (then account the latest inventory year again; earlier "
        "years stay as accounted on the old units).\n"
        + replacement.HELP.replace("earlier results", "earlier units (district area) or their entries") +
        "Outputs: N_DISTRICTS, N_BLOCKS, N_PARCELS, N_BUILDINGS, N_LINKS, N_BUILDINGS_OUTSIDE and the area "
        "residuals per level: DISTRICT_/BLOCK_/PARCEL_RESIDUAL_M2 (m2, summed over parents) and _RATIO (largest); "
        "N_KEPT, N_MOVED, N_ORPHANED: old units per status, and RECONCILIATION, the reconciliation table "
        "(layer URI; select run_id of this run)."
    ),
    inputs=(
        VectorInput("BOUNDARIES", "District boundaries", geometry="polygon"),
        _field("CODE_FIELD", "District code field (unique)", "BOUNDARIES", "code"),
        _field("NAME_FIELD", "District name field", "BOUNDARIES", "name"),
        VectorInput("ROADS", "Roads", geometry="line"),
        _field("ROAD_CLASS_FIELD", "Road class field", "ROADS", "road_class"),
        _field("AADT_FIELD", "AADT field (vehicles/day)", "ROADS", "aadt", numeric=True),
        _field("ROAD_ID_FIELD", "Road id field", "ROADS", "road_id"),
        _field("ROAD_NAME_FIELD", "Road name field", "ROADS", "name"),
        VectorInput("LANDUSE", "Land use", geometry="polygon"),
        _field("LANDUSE_FIELD", "Land-use class field", "LANDUSE", "land_use"),
        FileInput("LANDUSE_MAP", "Land-use map (CSV value,land_use)", optional=True, extension="csv"),
        VectorInput("BUILDINGS", "Buildings", optional=True, geometry="polygon"),
        _field("BUILDING_ID_FIELD", "Building id field", "BUILDINGS", "building_id"),
        _field("BUILDING_USE_FIELD", "Building use field", "BUILDINGS", "use"),
        _field("FLOORS_FIELD", "Floors field", "BUILDINGS", "floors", numeric=True),
        _field("POPULATION_FIELD", "Population field (persons)", "BUILDINGS", "population", numeric=True),
        _field("BUILT_YEAR_FIELD", "Construction year field", "BUILDINGS", "built_year", numeric=True),
        StringInput("CITY", "Id of the city unit", default="CITY"),
        NumberInput("MIN_AREA", "Sliver area (m2)", default=1.0, unit="m2", minimum=0.0),
        NumberInput("TOLERANCE", "Area reconciliation tolerance (ratio)", default=0.001, unit="ratio", minimum=0.0),
        NumberInput("SNAP", "Snap input coordinates to a grid of (m)", default=0.001, unit="m", minimum=0.0),
        accept_extreme_input(),
    ) + replacement.INPUTS + (FileInput(LEDGER, "Ledger GeoPackage", extension="gpkg"),),
    outputs=tuple(
        [Output(name, "Units: {level}", fill=(("level", level),)) for name, level in UNIT_COUNTS.items()]
        + [Output(name, "Area residual {key}", fill=(("key", key),)) for name, key in RESIDUALS.items()]
        + [Output(name, "Old units {status}", fill=(("status", status),)) for name, status in RECONCILED.items()]
        + [Output("RECONCILIATION", "Reconciliation table of the run (layer URI)", "text")]
    ),
)
"""carbonledger:segmentunits: districts, blocks, parcels, buildings and road links into the ledger."""

SEGMENT_COUNTS = {"N_SEGMENTS": "segments", "N_PARCELS_WITHOUT_SEGMENT": "parcels_without_segment",
                  "N_PARCELS_OUTSIDE_IMAGE": "parcels_outside_image"}
"""Output -> key of segment_imagery's counts."""

SEGMENT_IMAGERY = ModelSpec(
    id="segmentimagery",
    name="Segment imagery inside parcels (tape measure)",
    group="tape_measure",
    help=(
        "Object-based image segmentation where no cadastre exists: SLIC superpixels (scikit-image) of the image "
        "inside every parcel of the ledger, written as 'segment' units under their parcel (ids "
        "<parcel>-S0001), replacing earlier segments (a new segment overlapping an old one of its parcel by more than "
        "half of their union keeps the old id; entries of old segments are kept and listed in the reconciliation "
        "table; a segment that entries name must not change or go: their content digests cover it, so the run "
        "stops and changes nothing unless REPLACE is yes). No segment crosses a parcel boundary: SLIC sees a channel "
        "that differs per parcel, and its clusters are then split by parcel and connected component; the pixel "
        "outlines are then cut to the parcel and the parcel area along its edges that no pixel centre holds goes "
        "to the segment of the parcel in the neighbouring pixel, so the segments of a parcel tile it exactly. "
        "The image "
        "is read window by window (each parcel in the window holding its centre, so windows never cut a parcel).\n"
        "Per segment, unit_stats gets mean:band_<i> (image values), mean:ndvi (ratio, (NIR - red) / (NIR + red) "
        "per pixel) when NIR_BAND is set, and area_m2:lc_<code> (m2 of each land-cover code, sampled at the "
        "image's pixel centres) when LANDCOVER is given.\n\n"
        "LEDGER: a ledger holding parcels (run Segment units first).\n"
        "IMAGE: multiband raster (e.g. B, G, R, NIR) in a projected CRS; nodata pixels are left out.\n"
        "SCALE: mean segment area wanted, m2; under 20 pixels (e.g. 18,000 m2 on 30 m Landsat pixels, 2,000 m2 "
        "on 10 m Sentinel-2 pixels) a warning says segments follow noise.\n"
        "RED_BAND, NIR_BAND: bands for NDVI (no NDVI without NIR_BAND); they must hold surface reflectance (0..1, or "
        "x 10,000 as Sentinel-2 Level-2A stores it): digital numbers (98th percentile above 10,000) are refused.\n"
        "LANDCOVER: optional classified raster (integer codes), any grid and CRS.\n"
        "WINDOW: window side in pixels (memory grows with its square).\n"
        + replacement.HELP +
        "Outputs: N_SEGMENTS, N_PARCELS_WITHOUT_SEGMENT (parcels holding no pixel centre), N_PARCELS_OUTSIDE_IMAGE."
    ),
    inputs=(
        ledger_input(),
        RasterInput("IMAGE", "Multiband image"),
        NumberInput("SCALE", "Mean segment area (m2)", default=2500.0, unit="m2", minimum=1.0),
        BandInput("RED_BAND", "Red band", optional=True, default=3, parent="IMAGE"),
        BandInput("NIR_BAND", "Near-infrared band", optional=True, parent="IMAGE"),
        RasterInput("LANDCOVER", "Land-cover raster (integer codes)", optional=True),
        NumberInput("WINDOW", "Window size (pixels)", default=2048, unit="pixels", integer=True, minimum=64),
    ) + replacement.INPUTS,
    outputs=tuple(Output(name, key.replace("_", " ")) for name, key in SEGMENT_COUNTS.items()),
)
"""carbonledger:segmentimagery: segments of a multiband image inside the parcels."""

OSM_COUNTS = {"N_BOUNDARIES": "boundaries", "N_ROADS": "roads", "N_LANDUSE": "landuse", "N_BUILDINGS": "buildings"}
"""Output -> layer of import_osm whose features it counts."""

IMPORT_OSM = ModelSpec(
    id="importosm",
    name="Import OpenStreetMap (tape measure)",
    group="tape_measure",
    help=(
        "Turns an OpenStreetMap extract into the four layers Segment units takes, in one GeoPackage, so no hand "
        "editing is needed: boundaries, roads, landuse, buildings. Read with GDAL's OSM driver (shipped with QGIS).\n"
        "boundaries: administrative boundaries (boundary=administrative) at ADMIN_LEVEL cut to EXTENT, coded D01, "
        "D02 ... in OSM id order; without ADMIN_LEVEL the extent is one district.\n"
        "roads: highway=* mapped to the road classes motorway, arterial, secondary, local by "
        "resources/osm/highway_classes.csv (footways, paths and service roads are left out), with road_id "
        "(w<way id>), name and an empty aadt.\n"
        "landuse: landuse=*, leisure=*, natural=*, amenity=* polygons mapped to the land-use classes by "
        "resources/landuse_maps/osm.csv (leisure=garden and park -> park, landuse=grass -> grassland, natural=wood "
        "-> forest, natural=water -> water, landuse=brownfield -> bare_land ...), with osm_tag and osm_id.\n"
        "buildings: building=* to uses (resources/osm/building_uses.csv; building=yes takes the use of the "
        "residential, commercial, public or industrial land use it stands in; others 'other'), building:levels to "
        "floors (else DEFAULT_FLOORS), building_id (w<way id> or r<relation id>); use_from and floors_from say "
        "where each came from.\n"
        "Values no table maps are listed with their counts and left out.\n\n"
        "INPUT: .osm or .osm.pbf file (e.g. a Geofabrik or BBBike extract).\n"
        "EXTENT (optional): area to import; default the whole file.\n"
        "CRS (optional): projected CRS of the layers; default the WGS 84 / UTM zone of the extent's centre.\n"
        "ADMIN_LEVEL (optional): OSM admin_level of the districts (e.g. 6 for a Chinese district, 8 for a "
        "municipality in much of Europe).\n"
        "DEFAULT_FLOORS (optional): floors of buildings without building:levels (an assumption you state; empty "
        "leaves them empty, and floor-area proxies then give them no share).\n"
        "OUTPUT: the GeoPackage to write (replaced).\n"
        "Outputs: N_BOUNDARIES, N_ROADS, N_LANDUSE, N_BUILDINGS (features per layer)."
    ),
    inputs=(
        FileInput("INPUT", "OpenStreetMap file (.osm, .osm.pbf)", file_filter="OpenStreetMap (*.osm *.pbf)"),
        ExtentInput("EXTENT", "Extent", optional=True),
        CrsInput("CRS", "Projected CRS (default: UTM zone of the extent)", optional=True),
        StringInput("ADMIN_LEVEL", "admin_level of the districts (empty: the extent is one district)", optional=True),
        NumberInput("DEFAULT_FLOORS", "Floors of buildings without building:levels", optional=True, unit="floors",
                    minimum=1.0),
        FileDestination("OUTPUT", "GeoPackage of the four layers", file_filter="GeoPackage (*.gpkg)"),
    ),
    outputs=tuple(Output(name, "Features: {layer}", fill=(("layer", layer),)) for name, layer in OSM_COUNTS.items()),
)
"""carbonledger:importosm: an OpenStreetMap extract as boundaries, roads, landuse and buildings layers."""
