"""carbonledger:createledger -- create an empty ledger GeoPackage, or upgrade an existing one."""
import json

from ..algorithms.ledger import migrations
from ..algorithms.ledger.spec import CREATE_LEDGER
from .base import LEDGER, LedgerAlgorithm


class CreateLedger(LedgerAlgorithm):
    SPEC = CREATE_LEDGER

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
