"""Model specs (``algorithms/core/spec.py``) -> Processing parameters and outputs, in one place.

Each input kind maps to one QgsProcessingParameter* class; ``tr`` translates the labels in the
plugin's context. The order, ids, labels, defaults, ranges and options are those of the spec.
"""
from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputFile,
    QgsProcessingOutputHtml,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBand,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProperty,
)

from ..algorithms.core import spec
from ..algorithms.core.errors import LedgerInputError

GEOMETRY_TYPES = {
    "any": QgsProcessing.SourceType.TypeVector,
    "point": QgsProcessing.SourceType.TypeVectorPoint,
    "line": QgsProcessing.SourceType.TypeVectorLine,
    "polygon": QgsProcessing.SourceType.TypeVectorPolygon,
}
"""spec.GEOMETRIES -> Processing source type."""

OUTPUTS = {
    "number": QgsProcessingOutputNumber,
    "text": QgsProcessingOutputString,
    "file": QgsProcessingOutputFile,
    "html": QgsProcessingOutputHtml,
}
"""spec.Output kind -> Processing output class."""


def _file(item, label):
    """An existing file (of one extension or a filter) or, for ``folder``, an existing folder."""
    if item.folder:
        return QgsProcessingParameterFile(item.id, label, behavior=QgsProcessingParameterFile.Behavior.Folder,
                                          optional=item.optional)
    chosen = {"fileFilter": item.file_filter} if item.file_filter else {"extension": item.extension}
    return QgsProcessingParameterFile(item.id, label, optional=item.optional, **chosen)


def _number(item, label):
    """An integer or real number, bounded where the spec bounds it."""
    kind = QgsProcessingParameterNumber.Type.Integer if item.integer else QgsProcessingParameterNumber.Type.Double
    definition = QgsProcessingParameterNumber(item.id, label, kind, item.default, item.optional)
    if item.minimum is not None:
        definition.setMinimum(item.minimum)
    if item.maximum is not None:
        definition.setMaximum(item.maximum)
    return definition


# The one parameter of spec.EnumInput: QGIS's enum parameter that also accepts the form it does not
# take natively, so qgis_process, models and scripts may give an option by name (METHOD=approach1)
# or by number (METHOD=0) on every QGIS version (3.22's qgis_process takes only numbers for index
# enums and only names for static-string ones). Algorithms read the value back through
# EnumInput.resolve (LedgerAlgorithm.choice), never parameterAsEnum, which turns the other form
# into the default.
class ChoiceParameter(QgsProcessingParameterEnum):
    """A QgsProcessingParameterEnum for spec input ``item`` (an EnumInput), with label ``label``."""

    def __init__(self, item, label):
        default = list(item.default) if isinstance(item.default, tuple) else item.default
        super().__init__(item.id, label, options=list(item.options), allowMultiple=item.multiple,
                         defaultValue=default, optional=item.optional, usesStaticStrings=item.by_name)
        self.item = item

    def clone(self):
        """A copy (QGIS clones definitions for models and dialogs)."""
        copy = ChoiceParameter(self.item, self.description())
        copy.setFlags(self.flags())
        copy.setHelp(self.help())
        return copy

    def checkValueIsAcceptable(self, value, context=None):  # noqa: N802 (QGIS API name)
        """True for an option's name or number (or a list of them); QGIS's own check otherwise
        (properties, model inputs)."""
        if isinstance(value, QgsProperty) or not isinstance(value, (str, int, list, tuple, type(None))):
            return super().checkValueIsAcceptable(value, context)
        if value in (None, "", []) and self.item.default in (None, "", ()):
            return self.item.optional
        try:
            self.item.resolve(value)
        except LedgerInputError:
            return False
        return True


def _field(item, label):
    """A field of the parent layer, numeric ones only where the spec says."""
    kind = QgsProcessingParameterField.DataType.Numeric if item.numeric else QgsProcessingParameterField.DataType.Any
    return QgsProcessingParameterField(item.id, label, item.default, item.parent, kind, optional=item.optional)


PARAMETERS = {
    spec.FileInput: _file,
    spec.RasterInput: lambda item, label: QgsProcessingParameterRasterLayer(
        item.id, label, item.default, item.optional),
    spec.VectorInput: lambda item, label: QgsProcessingParameterFeatureSource(
        item.id, label, [GEOMETRY_TYPES[item.geometry]], item.default, item.optional),
    spec.FieldInput: _field,
    spec.BandInput: lambda item, label: QgsProcessingParameterBand(
        item.id, label, item.default, item.parent, item.optional),
    spec.NumberInput: _number,
    spec.EnumInput: ChoiceParameter,
    spec.StringInput: lambda item, label: QgsProcessingParameterString(
        item.id, label, item.default, optional=item.optional),
    spec.CrsInput: lambda item, label: QgsProcessingParameterCrs(item.id, label, item.default, item.optional),
    spec.ExtentInput: lambda item, label: QgsProcessingParameterExtent(item.id, label, item.default, item.optional),
    spec.FileDestination: lambda item, label: QgsProcessingParameterFileDestination(
        item.id, label, item.file_filter, item.default, item.optional),
    spec.FolderDestination: lambda item, label: QgsProcessingParameterFolderDestination(
        item.id, label, item.default, item.optional, item.create_by_default),
    spec.TableDestination: lambda item, label: QgsProcessingParameterFeatureSink(
        item.id, label, GEOMETRY_TYPES[item.geometry], item.default, item.optional, item.create_by_default),
}
"""Input kind -> function (input, translated label) -> QgsProcessingParameterDefinition."""


def parameter(item, tr):
    """The Processing parameter of spec input ``item``; ``tr`` translates its label."""
    return PARAMETERS[type(item)](item, tr(item.label))


def output(item, tr):
    """The Processing output of spec output ``item``; ``tr`` translates its label."""
    return OUTPUTS[item.kind](item.id, item.shown(tr))
