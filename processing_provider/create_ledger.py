"""carbonledger:createledger -- create an empty ledger GeoPackage, or upgrade an existing one."""
import json

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFileDestination,
)

from ..algorithms.ledger import migrations
from .base import LEDGER, LedgerAlgorithm


class CreateLedger(LedgerAlgorithm):
    NAME = "createledger"
    DISPLAY_NAME = "Create or upgrade ledger"
    GROUP = "reports"
    HELP = (
        "Creates the ledger GeoPackage that every Urban Carbon Ledger algorithm reads and writes: the "
        "units (polygons) and links (lines) layers and the entries, factors, runs, scenarios, edits, stocks "
        "and unit_stats tables. The CRS must be projected (metres), because areas (m2) and lengths (m) are "
        "accounted; a geographic CRS is refused. An existing ledger is upgraded in place: missing layers, "
        "tables and columns are added, data and CRS are kept.\n\n"
        "LEDGER: the .gpkg file to create or upgrade.\n"
        "CRS: projected CRS of a new ledger, e.g. EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E).\n"
        "Outputs: UNITS, LINKS, ENTRIES counts and SUMMARY (JSON)."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFileDestination(
            LEDGER, self.tr("Ledger GeoPackage"), self.tr("GeoPackage (*.gpkg)"),
        ))
        self.addParameter(QgsProcessingParameterCrs(
            "CRS", self.tr("Projected CRS of a new ledger (metres)"), defaultValue="EPSG:4547",
        ))
        self.addOutput(QgsProcessingOutputNumber("UNITS", self.tr("Units in the ledger")))
        self.addOutput(QgsProcessingOutputNumber("LINKS", self.tr("Road links in the ledger")))
        self.addOutput(QgsProcessingOutputNumber("ENTRIES", self.tr("Entries in the ledger")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", self.tr("What the ledger holds (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        path = self.parameterAsFileOutput(parameters, LEDGER, context)
        crs = self.parameterAsCrs(parameters, "CRS", context)
        book = self.guarded(lambda: migrations.create_or_open_ledger(path, crs.authid() or crs.toWkt()))
        summary = book.summary()
        with book.transaction(self.id(), self.run_parameters(parameters)):
            pass  # the transaction records this creation or upgrade in the runs table
        feedback.pushInfo(self.tr("Ledger {path} in {crs}").format(path=path, crs=summary["crs"]))
        for name, count in summary["counts"].items():
            feedback.pushInfo(f"  {name}: {count}")
        return {
            LEDGER: path,
            "UNITS": summary["counts"]["units"],
            "LINKS": summary["counts"]["links"],
            "ENTRIES": summary["counts"]["entries"],
            "SUMMARY": json.dumps(summary),
        }
