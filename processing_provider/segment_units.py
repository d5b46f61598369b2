"""carbonledger:segmentunits -- the tape measure: city, districts, blocks, parcels, buildings, road links."""
import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..algorithms.ledger import store as ledger, provenance
from ..algorithms.units import segment_units as segmentation, unit_inputs
from .base import LEDGER, LedgerAlgorithm
from .layers import feature_source, source_to_frame

OPTIONAL_FIELDS = {
    "NAME_FIELD": ("BOUNDARIES", "name"),
    "ROAD_CLASS_FIELD": ("ROADS", "road_class"),
    "AADT_FIELD": ("ROADS", "aadt"),
    "ROAD_ID_FIELD": ("ROADS", "road_id"),
    "ROAD_NAME_FIELD": ("ROADS", "road_name"),
    "BUILDING_ID_FIELD": ("BUILDINGS", "building_id"),
    "BUILDING_USE_FIELD": ("BUILDINGS", "building_use"),
    "FLOORS_FIELD": ("BUILDINGS", "floors"),
    "POPULATION_FIELD": ("BUILDINGS", "population"),
    "BUILT_YEAR_FIELD": ("BUILDINGS", "built_year"),
}
"""Parameter -> (layer parameter, UnitFields attribute); a field absent from its layer is skipped with a note."""

COUNTS = {"N_DISTRICTS": "district", "N_BLOCKS": "block", "N_PARCELS": "parcel", "N_BUILDINGS": "building",
          "N_LINKS": "link", "N_BUILDINGS_OUTSIDE": "building_outside"}
RESIDUALS = {f"{level.upper()}_RESIDUAL_{kind.upper()}": f"{level}_residual_{kind}"
             for level in ("district", "block", "parcel") for kind in ("m2", "ratio")}


class SegmentUnits(LedgerAlgorithm):
    NAME = "segmentunits"
    DISPLAY_NAME = "Segment units (tape measure)"
    GROUP = "tape_measure"
    HELP = (
        "Cuts the city into the units it is accounted by: city > districts > blocks > parcels > buildings, and "
        "road links, and writes them into the ledger's units and links layers (replacing the city to segment "
        "levels and all links; ids are stable, so entries keep their units).\n\n"
        "Blocks are the areas enclosed by the roads inside each district (roads polygonized with the district "
        "boundaries); parcels are blocks cut by land-use polygons, one class each; buildings go to the parcel "
        "holding most of their footprint; links are the roads split at crossings and district boundaries, with "
        "class, AADT (vehicles/day) and length (m).\n"
        "Ids: city CITY, districts their code (D01), blocks D01-B0001, parcels D01-B0001-P01, buildings "
        "D01-B0001-P01-G001, links D01-L00001, numbered north to south, west to east.\n\n"
        "BOUNDARIES: district polygons; CODE_FIELD (unique code), NAME_FIELD.\n"
        "ROADS: road lines; ROAD_CLASS_FIELD, AADT_FIELD, ROAD_ID_FIELD, ROAD_NAME_FIELD.\n"
        "LANDUSE: land-use polygons; LANDUSE_FIELD with the classes of resources/landuse_classes.csv "
        "(residential, commercial, industrial, public, park, forest, grassland, wetland, water, cropland, "
        "bare_land, parking; Chinese names and GB 50137 codes accepted).\n"
        "BUILDINGS (optional): footprints; BUILDING_ID_FIELD, BUILDING_USE_FIELD, FLOORS_FIELD, "
        "POPULATION_FIELD (persons), BUILT_YEAR_FIELD. Optional fields missing from a layer are skipped.\n"
        "MIN_AREA: slivers below this area (m2) are merged into the neighbour sharing the longest edge.\n"
        "TOLERANCE: largest relative area residual |parent - sum of children| / parent before a warning.\n"
        "LEDGER: the ledger .gpkg; created in the CRS of BOUNDARIES when missing (it must be projected).\n"
        "Layers in other CRSs are reprojected to the ledger's; invalid geometries are repaired and listed.\n"
        "Outputs: N_DISTRICTS, N_BLOCKS, N_PARCELS, N_BUILDINGS, N_LINKS, N_BUILDINGS_OUTSIDE and the area "
        "residuals per level: DISTRICT_/BLOCK_/PARCEL_RESIDUAL_M2 (m2, summed over parents) and _RATIO (largest)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        polygon, line = [QgsProcessing.TypeVectorPolygon], [QgsProcessing.TypeVectorLine]
        self.addParameter(QgsProcessingParameterFeatureSource("BOUNDARIES", self.tr("District boundaries"), polygon))
        self._field("CODE_FIELD", "District code field (unique)", "BOUNDARIES", "code")
        self._field("NAME_FIELD", "District name field", "BOUNDARIES", "name")
        self.addParameter(QgsProcessingParameterFeatureSource("ROADS", self.tr("Roads"), line))
        self._field("ROAD_CLASS_FIELD", "Road class field", "ROADS", "road_class")
        self._field("AADT_FIELD", "AADT field (vehicles/day)", "ROADS", "aadt", numeric=True)
        self._field("ROAD_ID_FIELD", "Road id field", "ROADS", "road_id")
        self._field("ROAD_NAME_FIELD", "Road name field", "ROADS", "name")
        self.addParameter(QgsProcessingParameterFeatureSource("LANDUSE", self.tr("Land use"), polygon))
        self._field("LANDUSE_FIELD", "Land-use class field", "LANDUSE", "land_use")
        self.addParameter(QgsProcessingParameterFeatureSource(
            "BUILDINGS", self.tr("Buildings"), polygon, optional=True))
        self._field("BUILDING_ID_FIELD", "Building id field", "BUILDINGS", "building_id")
        self._field("BUILDING_USE_FIELD", "Building use field", "BUILDINGS", "use")
        self._field("FLOORS_FIELD", "Floors field", "BUILDINGS", "floors", numeric=True)
        self._field("POPULATION_FIELD", "Population field (persons)", "BUILDINGS", "population", numeric=True)
        self._field("BUILT_YEAR_FIELD", "Construction year field", "BUILDINGS", "built_year", numeric=True)
        self.addParameter(QgsProcessingParameterString("CITY", self.tr("Id of the city unit"), "CITY"))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_AREA", self.tr("Sliver area (m2)"), QgsProcessingParameterNumber.Type.Double, 1.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            "TOLERANCE", self.tr("Area reconciliation tolerance (ratio)"), QgsProcessingParameterNumber.Type.Double,
            0.001, minValue=0.0))
        self.addParameter(QgsProcessingParameterFile(LEDGER, self.tr("Ledger GeoPackage"), extension="gpkg"))
        for name, level in COUNTS.items():
            self.addOutput(QgsProcessingOutputNumber(name, self.tr("Units: {level}").format(level=level)))
        for name, key in RESIDUALS.items():
            self.addOutput(QgsProcessingOutputNumber(name, self.tr("Area residual {key}").format(key=key)))

    def _field(self, name, description, parent, default, numeric=False):
        self.addParameter(QgsProcessingParameterField(
            name, self.tr(description), default, parent,
            QgsProcessingParameterField.DataType.Numeric if numeric else QgsProcessingParameterField.DataType.Any,
            optional=True,
        ))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        return self.guarded(lambda: self._run(parameters, context, feedback))

    def _run(self, parameters, context, feedback):
        progress = self.progress(feedback)
        path = self.ledger_path(parameters, context)
        sources = {name: feature_source(self, parameters, name, context, optional=(name == "BUILDINGS"))
                   for name in ("BOUNDARIES", "ROADS", "LANDUSE", "BUILDINGS")}
        if os.path.exists(path):
            crs_wkt = ledger.Ledger(path).crs_wkt
        else:
            crs_wkt = sources["BOUNDARIES"].sourceCrs().toWkt()
            boundaries = source_to_frame(sources["BOUNDARIES"], "BOUNDARIES", crs_wkt, context)
            unit_inputs.require_projected(boundaries, "BOUNDARIES")
        reading = progress.span(0.0, 0.2)
        frames = {name: (source_to_frame(source, name, crs_wkt, context, reading) if source is not None else None)
                  for name, source in sources.items()}
        fields = self._fields(parameters, context, sources, progress)
        result = segmentation.segment_units(
            frames["BOUNDARIES"], frames["ROADS"], frames["LANDUSE"], frames["BUILDINGS"], crs=crs_wkt,
            fields=fields, city=self.parameterAsString(parameters, "CITY", context).strip() or "CITY",
            min_area=self.parameterAsDouble(parameters, "MIN_AREA", context),
            tolerance=self.parameterAsDouble(parameters, "TOLERANCE", context), progress=progress.span(0.2, 0.9),
        )
        if not os.path.exists(path):
            ledger.create_ledger(path, QgsCoordinateReferenceSystem.fromWkt(crs_wkt).authid() or crs_wkt)
        progress(0.9, "Writing units and links")
        inputs = {name: provenance.frame_sha256(frame) for name, frame in frames.items() if frame is not None}
        segmentation.write_units(ledger.Ledger(path), result, self.run_parameters(parameters), inputs, self.id(), progress)
        progress(1.0, "Done")
        for name, value in result.residuals.items():
            feedback.pushInfo(f"  {name}: {value:.6g}")
        outputs = {LEDGER: path}
        outputs.update({name: result.counts.get(level, 0) for name, level in COUNTS.items()})
        outputs.update({name: result.residuals[key] for name, key in RESIDUALS.items()})
        return outputs

    def _fields(self, parameters, context, sources, progress):
        """UnitFields from the field parameters; optional fields absent from their layer are skipped."""
        fields = segmentation.UnitFields(
            code=self.parameterAsString(parameters, "CODE_FIELD", context) or "code",
            land_use=self.parameterAsString(parameters, "LANDUSE_FIELD", context) or "land_use",
        )
        for parameter, (layer, attribute) in OPTIONAL_FIELDS.items():
            name = self.parameterAsString(parameters, parameter, context)
            source = sources[layer]
            if not name or source is None:
                setattr(fields, attribute, None)
            elif source.fields().lookupField(name) < 0:
                progress.log(f"{layer} has no field '{name}' ({parameter}): skipped")
                setattr(fields, attribute, None)
            else:
                setattr(fields, attribute, name)
        return fields
