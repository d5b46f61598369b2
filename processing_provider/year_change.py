"""carbonledger:yearchange -- change between two inventory years per unit and sector, split and with its interval."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsWkbTypes,
)

from ..algorithms.ledger.store import Ledger
from ..algorithms.mrv import year_change
from ..algorithms.mrv.spec import YEAR_CHANGE
from ..qgis_shared import styles
from ..qgis_shared.features import frame_fields, write_frame
from .base import LEDGER, LedgerAlgorithm


class ChangeStyle(QgsProcessingLayerPostProcessorInterface):
    """Loads the year-change map style (resources/styles/units_year_change.qml) on the output layer."""

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        layer.loadNamedStyle(styles.style_path("units_year_change"))


class YearChange(LedgerAlgorithm):
    SPEC = YEAR_CHANGE
    _styler = ChangeStyle()  # kept alive: QGIS holds only a pointer to the post-processor

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        level = self.text(parameters, "LEVEL", context)
        years = [self.parameterAsInt(parameters, name, context) for name in ("FROM_YEAR", "TO_YEAR")]
        table, summary = self.guarded(lambda: year_change.read_year_change(path, *years, level,
                                                                           self.progress(feedback)))
        fields = frame_fields(table)
        sink, sink_id = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        write_frame(sink, table, fields)
        results = {LEDGER: path, "OUTPUT": sink_id, "UNITS": summary["units"],
                   "SIGNIFICANT": summary["significant"], "CHANGE_T": summary["change_t"]}
        ledger = Ledger(path)
        crs = QgsCoordinateReferenceSystem.fromWkt(ledger.crs_wkt)
        layer, layer_id = self.parameterAsSink(parameters, "OUTPUT_LAYER", context, fields,
                                               QgsWkbTypes.Type.MultiPolygon,
                                               crs)
        if layer is not None:
            whole = table[table["sector"] == year_change.ALL_SECTORS]
            shapes = ledger.read_layer("units", ["unit_id"]).set_index("unit_id").geometry
            whole = whole[whole["unit_id"].isin(shapes.index)]
            write_frame(layer, whole, fields, shapes.reindex(whole["unit_id"]).to_numpy())
            results["OUTPUT_LAYER"] = layer_id
            if context.willLoadLayerOnCompletion(layer_id):
                context.layerToLoadOnCompletionDetails(layer_id).setPostProcessor(self._styler)
        feedback.pushInfo(self.tr("{f} to {t}: {n} units, {s} with a significant change, {c:,.1f} t CO2e/yr").format(
            f=summary["from"], t=summary["to"], n=summary["units"], s=summary["significant"], c=summary["change_t"]))
        return results
