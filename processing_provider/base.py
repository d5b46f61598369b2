"""Base class of the carbonledger algorithms: parameters and help from the model's spec, feedback
bridge, error translation."""
import json
import os

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException, QgsProperty, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

from ..algorithms.core import dependencies
from ..algorithms.core.errors import LedgerInputError
from ..algorithms.core.messages import said
from ..algorithms.core.progress import Cancelled, Progress
from ..algorithms.core.spec import GROUPS, LEDGER, EnumInput, FileInput, RasterInput, VectorInput
from ..algorithms.ledger import migrations, replacement
from ..algorithms.ledger.provenance import input_fingerprints
from .layers import csv_path, given_csv, layer_file
from .parameters import output, parameter

__all__ = ["GROUPS", "LEDGER", "LedgerAlgorithm"]


def in_qgis_language(text):
    """``text`` in QGIS's language: the plugin's translation installed with the desktop (context CarbonLedger)."""
    return QCoreApplication.translate("CarbonLedger", text)


class LedgerAlgorithm(QgsProcessingAlgorithm):
    """A thin wrapper: subclasses set SPEC (an ``algorithms/core/spec.py`` ModelSpec: id, name,
    group, help, inputs, outputs) and implement processAlgorithm, turning parameters into data and
    calling ``algorithms/``."""

    SPEC = None
    _original = None
    """Path of the copy of a ledger made before migrating it in this run (migrations.migrate_keeping_original)."""

    def tr(self, text):
        return in_qgis_language(text)

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return type(self)()

    def name(self):
        return self.SPEC.id

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr(self.SPEC.name)

    def group(self):
        return self.tr(GROUPS[self.SPEC.group])

    def groupId(self):  # noqa: N802 (QGIS API name)
        return self.SPEC.group

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return self.tr(self.SPEC.help)

    def canExecute(self):  # noqa: N802 (QGIS API name)
        """False, with what to install, when a package this algorithm needs is missing or too old
        (the toolbox then shows it disabled with that message)."""
        missing = dependencies.unmet(self.SPEC.id)
        return not missing, said(dependencies.describe(missing), self.tr)

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        """The spec's inputs as parameters and its outputs as outputs, in their order."""
        for item in self.SPEC.inputs:
            self.addParameter(parameter(item, self.tr))
        for item in self.SPEC.outputs:
            self.addOutput(output(item, self.tr))

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        """QGIS's checks, except that a CSV file given as a table is not loaded through OGR here: the
        plugin's table reader decodes it (any common encoding, UTF-16 included) and names what is wrong
        with it, where OGR would only say "not found"."""
        tables = {item.id for item in self.SPEC.inputs
                  if isinstance(item, VectorInput) and given_csv(parameters.get(item.id))}
        if not tables:
            return super().checkParameterValues(parameters, context)
        stand_in = QgsVectorLayer("None", "csv", "memory")
        return super().checkParameterValues({**parameters, **{name: stand_in for name in tables}}, context)

    def text(self, parameters, input_id, context):
        """Text, field name or option name of input ``input_id``, stripped; the spec's default if empty."""
        item = self.SPEC.input(input_id)
        if isinstance(item, EnumInput):
            return self.choice(parameters, input_id, context)
        return self.parameterAsString(parameters, input_id, context).strip() or item.default

    def choice(self, parameters, input_id, context):
        """Option name (list of names for a multiple choice) of enum input ``input_id``, given by
        name or by number (``EnumInput.resolve``); the spec's default if empty."""
        value = parameters.get(input_id)
        if isinstance(value, QgsProperty):
            value = value.valueAsString(context.expressionContext())[0]
        return self.guarded(lambda: self.SPEC.input(input_id).resolve(value))

    def replacement_policy(self, parameters, context):
        """The replacement.Policy of the COVERAGE and REPLACE inputs (refuse to replace results with much less)."""
        return replacement.Policy.from_values(self.parameterAsDouble(parameters, "COVERAGE", context),
                                              self.text(parameters, "REPLACE", context))

    def ledger_path(self, parameters, context):
        """Path of the LEDGER file; an existing ledger of an older schema is migrated first, keeping a copy
        that a refused run puts back (``guarded``) and a run that went through drops (postProcessAlgorithm)."""
        path = self.parameterAsFile(parameters, LEDGER, context)
        if not path:
            raise QgsProcessingException(self.tr("No ledger given: set LEDGER to a .gpkg file."))
        if os.path.exists(path):
            self._original = self.guarded(lambda: migrations.migrate_keeping_original(path))
            self._ledger = path
        return path

    def _restore_original(self):
        """After a refused run: the ledger migrated at its start gets its old bytes back."""
        if self._original:
            migrations.restore_original(self._original, self._ledger)
            self._original = None

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 (QGIS API name)
        """After a run that went through: drop the copy kept from before the migration (no results added)."""
        if self._original:
            migrations.drop_original(self._original)
            self._original = None
        return {}

    @staticmethod
    def progress(feedback):
        """An algorithms.progress.Progress that drives ``feedback`` (percent, text, cancel, log), its messages said in
        the plugin's translation."""

        def report(fraction, message):
            feedback.setProgress(100.0 * fraction)
            if message:
                feedback.setProgressText(said(message, in_qgis_language))

        return Progress(report=report, cancelled=feedback.isCanceled,
                        log=lambda message: feedback.pushInfo(said(message, in_qgis_language)),
                        warning=lambda message: feedback.pushWarning(said(message, in_qgis_language)))

    def guarded(self, work):
        """Run ``work()``; bad input and cancel become QgsProcessingException (ledger unchanged)."""
        try:
            return work()
        except LedgerInputError as error:
            self._restore_original()
            raise QgsProcessingException(error.said_in(self.tr)) from None
        except Cancelled:
            self._restore_original()
            raise QgsProcessingException(self.tr("Cancelled: the ledger was left unchanged.")) from None

    def run_parameters(self, parameters):
        """Parameters as a JSON-safe dict for the ledger's runs table."""
        return json.loads(json.dumps({k: str(v) for k, v in parameters.items()}))

    def run_inputs(self, parameters, context, frames=None):
        """{input id: SHA-256} of the data inputs given (files, rasters, layers; not LEDGER) for the runs
        table: the file behind each, hashed as its bytes (as the command line does), or for a layer held
        in no file its frame in ``frames`` (input id -> DataFrame)."""
        values = {}
        for item in self.SPEC.inputs:
            if item.id == LEDGER or parameters.get(item.id) in (None, ""):
                continue
            if isinstance(item, FileInput):
                values[item.id] = self.parameterAsFile(parameters, item.id, context)
            elif isinstance(item, RasterInput):
                values[item.id] = layer_file(self.parameterAsRasterLayer(parameters, item.id, context))
            elif isinstance(item, VectorInput):
                path = csv_path(self, parameters, item.id, context) or layer_file(
                    self.parameterAsVectorLayer(parameters, item.id, context), parameters[item.id])
                values[item.id] = path if path else (frames or {}).get(item.id)
        return input_fingerprints(values)
