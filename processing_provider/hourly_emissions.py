"""carbonledger:hourlyemissions -- each unit's emissions per hour for a date range, from profiles."""
import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..algorithms.sources import temporal
from ..algorithms.core.errors import LedgerInputError
from ..algorithms.ledger.store import Ledger
from ..algorithms.scenarios.scenario_store import scenario_flows
from ..algorithms.sources.spec import HOURLY_EMISSIONS
from .base import LedgerAlgorithm


def _fields(*spec):
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, kind))
    return fields


LONG_FIELDS = _fields(("unit_id", QVariant.String), ("date", QVariant.String), ("hour", QVariant.Int),
                      ("co2e_t", QVariant.Double))
WIDE_FIELDS = _fields(("unit_id", QVariant.String), ("date", QVariant.String),
                      *((hour, QVariant.Double) for hour in temporal.HOUR_FIELDS))


def _date(text, name):
    try:
        day = pd.Timestamp(text.strip())
    except ValueError:
        day = pd.NaT
    if pd.isna(day):
        raise LedgerInputError(f"'{text}' is not a date (YYYY-MM-DD)", field=name)
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
        table, table_id = self.parameterAsSink(parameters, "OUTPUT", context, LONG_FIELDS, QgsWkbTypes.NoGeometry)
        if table is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        results = {"OUTPUT": table_id}
        layers = []
        for name, layer_name, geometry_type in (("OUTPUT_LAYER", "units", QgsWkbTypes.MultiPolygon),
                                                ("OUTPUT_LINKS", "links", QgsWkbTypes.MultiLineString)):
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
                table.addFeatures([_feature(LONG_FIELDS, values) for values in long.itertuples(index=False, name=None)],
                                  QgsFeatureSink.FastInsert)
                rows += len(long)
                total += float(long["co2e_t"].sum())
                for sink, shapes in layers:
                    _add_wide(sink, chunk, shapes)
            return rows, total

        rows, total = self.guarded(work)
        results.update({"ROWS": rows, "TOTAL_T": total})
        return results


def _feature(fields, values, wkb=None):
    feature = QgsFeature(fields)
    feature.setAttributes([v if isinstance(v, str) else (int(v) if fields.at(i).type() == QVariant.Int else float(v))
                           for i, v in enumerate(values)])
    if wkb is not None:
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        feature.setGeometry(geometry)
    return feature


def _add_wide(sink, chunk, shapes):
    """One feature per unit of ``shapes`` (GeoSeries by unit_id) and day: unit_id, date, h00..h23."""
    rows = chunk[chunk["unit_id"].isin(shapes.index)]
    wkb = shapes.reindex(rows["unit_id"]).to_wkb().to_numpy()
    sink.addFeatures([_feature(WIDE_FIELDS, values, shape) for values, shape in zip(rows.itertuples(index=False, name=None), wkb)],
                     QgsFeatureSink.FastInsert)
