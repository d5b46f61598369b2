"""carbonledger:hourlyemissions -- each unit's emissions per hour for a date range, from profiles."""
import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..algorithms.sources import temporal
from ..algorithms.core.errors import LedgerInputError
from ..algorithms.ledger.store import Ledger
from ..algorithms.scenarios.scenario_store import scenario_flows
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
        raise LedgerInputError(f"'{text}' is not a date (YYYY-MM-DD)", field=name)
    return day.normalize()


class HourlyEmissions(LedgerAlgorithm):
    NAME = "hourlyemissions"
    DISPLAY_NAME = "Hourly emissions"
    GROUP = "scale"
    HELP = (
        "Spreads every entry's annual value (t CO2e/yr) over the hours of the chosen days with its temporal "
        "profile (resources/profiles: month x weekday/weekend x hour; entries without a profile are flat) and "
        "sums per unit. Weights are normalised per calendar year, so the hours of a whole year add up to the "
        "annual ledger. Sinks with a day/night profile give negative hours by day and positive ones at night.\n\n"
        "LEDGER: the ledger GeoPackage. SCENARIO: baseline or a stored scenario.\n"
        "START_DATE, END_DATE: first and last day (YYYY-MM-DD), inclusive.\n"
        "OUTPUT: table unit_id, date, hour (0-23, local start hour), co2e_t (t CO2e in that hour; sources "
        "minus sinks).\n"
        "OUTPUT_LAYER: optional polygon layer of units, one feature per unit and day with fields h00..h23 "
        "(t CO2e). OUTPUT_LINKS: the same for road links (lines).\n"
        "Outputs: ROWS written to OUTPUT and TOTAL_T over the range (t CO2e)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        self.addParameter(QgsProcessingParameterString("SCENARIO", self.tr("Scenario"), defaultValue="baseline"))
        self.addParameter(QgsProcessingParameterString("START_DATE", self.tr("First day (YYYY-MM-DD)"), defaultValue="2024-01-01"))
        self.addParameter(QgsProcessingParameterString("END_DATE", self.tr("Last day (YYYY-MM-DD)"), defaultValue="2024-01-01"))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", self.tr("Hourly emissions table"), QgsProcessing.TypeVector,
        ))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_LAYER", self.tr("Units with one field per hour"), QgsProcessing.TypeVectorPolygon,
            optional=True, createByDefault=False,
        ))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_LINKS", self.tr("Road links with one field per hour"), QgsProcessing.TypeVectorLine,
            optional=True, createByDefault=False,
        ))
        self.addOutput(QgsProcessingOutputNumber("ROWS", self.tr("Rows in the hourly table")))
        self.addOutput(QgsProcessingOutputNumber("TOTAL_T", self.tr("Total over the range (t CO2e)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.ledger_path(parameters, context)
        scenario = self.parameterAsString(parameters, "SCENARIO", context).strip() or "baseline"
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
