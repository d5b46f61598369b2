"""carbonledger:importosm -- an OpenStreetMap extract as the four layers segmentunits takes."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingContext,
    QgsProcessingException,
    QgsVectorLayer,
)

from ..algorithms.units import osm_import
from ..algorithms.units.spec import IMPORT_OSM, OSM_COUNTS
from .base import LedgerAlgorithm

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


class ImportOsm(LedgerAlgorithm):
    SPEC = IMPORT_OSM

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        return self.guarded(lambda: self._run(parameters, context, feedback))

    def _run(self, parameters, context, feedback):
        progress = self.progress(feedback)
        source = self.parameterAsFile(parameters, "INPUT", context)
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        extent = None
        if parameters.get("EXTENT") not in (None, ""):
            box = self.parameterAsExtent(parameters, "EXTENT", context, WGS84)
            extent = (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())
        crs = self.parameterAsCrs(parameters, "CRS", context)
        if crs.isValid() and crs.isGeographic():
            raise QgsProcessingException(self.tr("CRS {crs} is geographic (degrees): choose a projected CRS, or "
                                                 "leave CRS empty for the UTM zone").format(crs=crs.authid()))
        floors = parameters.get("DEFAULT_FLOORS")
        layers = osm_import.import_osm(source, extent, (crs.authid() or crs.toWkt()) if crs.isValid() else None,
                                       self.parameterAsString(parameters, "ADMIN_LEVEL", context).strip() or None,
                                       self.parameterAsDouble(parameters, "DEFAULT_FLOORS", context)
                                       if floors not in (None, "") else None, progress.span(0.0, 0.9))
        for note in layers.notes:
            progress.log(note)
        progress(0.9, self.tr("Writing the GeoPackage"))
        osm_import.write_layers(layers, output)
        for name in osm_import.LAYER_NAMES:
            layer = QgsVectorLayer(f"{output}|layername={name}", name, "ogr")
            context.temporaryLayerStore().addMapLayer(layer)
            context.addLayerToLoadOnCompletion(layer.id(), QgsProcessingContext.LayerDetails(
                name, context.project(), name))
        progress(1.0, self.tr("Done"))
        outputs = {"OUTPUT": output}
        outputs.update({name: len(getattr(layers, layer)) for name, layer in OSM_COUNTS.items()})
        return outputs
