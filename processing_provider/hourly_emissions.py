"""carbonledger:hourlyemissions -- each unit's emissions per hour for a date range, from profiles."""
import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingException,
    QgsWkbTypes,
)

from ..algorithms.sources import temporal
from ..algorithms.core.errors import LedgerInputError
from ..algorithms.core.messages import tr
from ..algorithms.ledger.store import Ledger
from ..algorithms.scenarios.scenario_store import scenario_flows
from ..algorithms.sources.spec import HOURLY_EMISSIONS
from ..qgis_shared.features import DOUBLE, INTEGER, STRING, qgs_fields, write_frame
from .base import LedgerAlgorithm

LONG_FIELDS = qgs_fields([("unit_id", STRING), ("date", STRING), ("hour", INTEGER), ("co2e_t", DOUBLE)])
WIDE_FIELDS = qgs_fields([("unit_id", STRING), ("date", STRING), *((hour, DOUBLE) for hour in temporal.HOUR_FIELDS)])


def _date(text, name):
    try:
        day = pd.Timestamp(text.strip())
    except ValueError:
        day = pd.NaT
    if pd.isna(day):
        raise LedgerInputError(tr("'{text}' is not a date (YYYY-MM-DD)").format(text=text), field=name)
    return day.normalize()


class HourlyEmissions(LedgerAlgorithm):
    SPEC = HOURLY_EMISSIONS

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        scenario = self.text(parameters, "SCENARIO", context)
        start_text = self.parameterAsString(parameters, "START_DATE", context)
        end_text = self.parameterAsString(parameters, "END_DATE", context)
        progress = self.progress(feedback)
        ledger = self.guarded(lambda: Ledger(path))
        crs = QgsCoordinateReferenceSystem.fromWkt(ledger.crs_wkt)
        table, table_id = self.parameterAsSink(parameters, "OUTPUT", context, LONG_FIELDS, QgsWkbTypes.Type.NoGeometry)
        if table is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        results = {"OUTPUT": table_id}
        layers = []
        for name, layer_name, geometry_type in (("OUTPUT_LAYER", "units", QgsWkbTypes.Type.MultiPolygon),
                                                ("OUTPUT_LINKS", "links", QgsWkbTypes.Type.MultiLineString)):
            sink, sink_id = self.parameterAsSink(parameters, name, context, WIDE_FIELDS, geometry_type, crs)
            if sink is not None:
                results[name] = sink_id
                shapes = ledger.read_layer(layer_name, columns=["unit_id"]).set_index("unit_id").geometry
                layers.append((sink, shapes))

        def work():
            start, end = _date(start_text, "START_DATE"), _date(end_text, "END_DATE")
            entries = scenario_flows(ledger, scenario)
            rows, total = 0, 0.0
            for chunk in temporal.hourly_emissions(entries, temporal.shipped_profiles(), start, end, progress=progress):
                long = temporal.to_long(chunk)
                rows += write_frame(table, long, LONG_FIELDS)
                total += float(long["co2e_t"].sum())
                for sink, shapes in layers:
                    _add_wide(sink, chunk, shapes)
            return rows, total

        rows, total = self.guarded(work)
        results.update({"ROWS": rows, "TOTAL_T": total})
        return results


def _add_wide(sink, chunk, shapes):
    """One feature per unit of ``shapes`` (GeoSeries by unit_id) and day: unit_id, date, h00..h23."""
    rows = chunk[chunk["unit_id"].isin(shapes.index)]
    write_frame(sink, rows, WIDE_FIELDS, shapes.reindex(rows["unit_id"]).to_numpy())
