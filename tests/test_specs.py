"""Each model's parameters are declared once, in its spec: the Processing algorithms carry exactly them."""
import os

import pytest

from urban_carbon_ledger.algorithms.core import spec
from urban_carbon_ledger.processing_provider.provider import ALGORITHMS

PARAMETER_TYPES = {
    spec.FileInput: "file",
    spec.RasterInput: "raster",
    spec.VectorInput: "source",
    spec.FieldInput: "field",
    spec.BandInput: "band",
    spec.NumberInput: "number",
    spec.EnumInput: "enum",
    spec.StringInput: "string",
    spec.CrsInput: "crs",
    spec.ExtentInput: "extent",
    spec.FileDestination: "fileDestination",
    spec.FolderDestination: "folderDestination",
    spec.TableDestination: "sink",
}
"""Spec input kind -> QgsProcessingParameterDefinition.type() of QGIS 3.22."""

OUTPUT_TYPES = {"number": "outputNumber", "text": "outputString", "file": "outputFile", "html": "outputHtml"}

GEOMETRY_CODES = {"any": 5, "point": 0, "line": 1, "polygon": 2}
"""spec.GEOMETRIES -> QgsProcessing.SourceType value (TypeVector, TypeVectorPoint, ...)."""


def _definitions(algorithm_class):
    algorithm = algorithm_class()
    algorithm.initAlgorithm()
    return algorithm


@pytest.mark.parametrize("algorithm_class", ALGORITHMS, ids=lambda a: a.SPEC.id)
def test_processing_parameters_are_the_spec_inputs(qgis_app, algorithm_class):
    from qgis.core import QgsProcessingParameterDefinition

    model = algorithm_class.SPEC
    algorithm = _definitions(algorithm_class)
    definitions = algorithm.parameterDefinitions()
    assert [d.name() for d in definitions] == [item.id for item in model.inputs]
    for item, definition in zip(model.inputs, definitions, strict=True):
        where = f"{model.id}:{item.id}"
        assert definition.type() == PARAMETER_TYPES[type(item)], where
        assert definition.description() == item.label, where
        assert bool(definition.flags() & QgsProcessingParameterDefinition.Flag.FlagOptional) == item.optional, where
        assert "(optional)" not in item.label, f"{where}: QGIS marks an optional parameter '[optional]' itself"
        default = list(item.default) if isinstance(item.default, tuple) else item.default
        assert definition.defaultValue() == default, where
        if isinstance(item, spec.NumberInput):
            assert (definition.dataType() == definition.Type.Integer) == item.integer, where
            if item.minimum is not None:
                assert definition.minimum() == item.minimum, where
            if item.maximum is not None:
                assert definition.maximum() == item.maximum, where
        if isinstance(item, spec.EnumInput):
            assert definition.options() == list(item.options), where
            assert definition.allowMultiple() == item.multiple, where
            assert definition.usesStaticStrings() == item.by_name, where
        if isinstance(item, (spec.FieldInput, spec.BandInput)):
            assert definition.parentLayerParameterName() == item.parent, where
        if isinstance(item, spec.FileInput):
            assert definition.extension() == item.extension, where
            assert not item.file_filter or definition.fileFilter() == item.file_filter, where
            assert (definition.behavior() == definition.Behavior.Folder) == item.folder, where
        if isinstance(item, spec.VectorInput):
            assert definition.dataTypes() == [GEOMETRY_CODES[item.geometry]], where
        if isinstance(item, spec.TableDestination):
            assert definition.dataType() == GEOMETRY_CODES[item.geometry], where
            assert definition.createByDefault() == item.create_by_default, where
    destinations = {d.name() for d in definitions if d.isDestination()}
    declared = [o for o in algorithm.outputDefinitions() if o.name() not in destinations]
    assert [(o.name(), o.description(), o.type()) for o in declared] == [
        (o.id, o.label.format(**dict(o.fill)), OUTPUT_TYPES[o.kind]) for o in model.outputs]
    assert (algorithm.name(), algorithm.displayName(), algorithm.groupId(), algorithm.shortHelpString()) == (
        model.id, model.name, model.group, model.help)


def test_public_parameter_names_and_defaults_are_kept(qgis_app):
    """A few public parameters as the README and scripts use them (ids, defaults, option order)."""
    by_id = {a.SPEC.id: _definitions(a) for a in ALGORITHMS}
    assert len(by_id) == len(ALGORITHMS) == 19
    sinks = by_id["accountsinks"]
    assert sinks.parameterDefinition("LEVELS").defaultValue() == ["parcel", "segment"]
    assert sinks.parameterDefinition("LEVELS").options() == ["district", "block", "parcel", "building", "segment"]
    assert sinks.parameterDefinition("YEAR").defaultValue() == 2024
    uncertainty = by_id["uncertainty"].parameterDefinition("METHOD")
    assert uncertainty.options() == ["approach1", "montecarlo"] and uncertainty.defaultValue() == 1
    assert [d.name() for d in by_id["segmentunits"].parameterDefinitions()][-1] == "LEDGER"
    assert by_id["segmentimagery"].parameterDefinition("RED_BAND").defaultValue() == 3


def test_a_spec_refuses_an_unknown_group_and_a_repeated_input():
    with pytest.raises(ValueError, match="group"):
        spec.ModelSpec("x", "X", "nowhere", "help", (spec.ledger_input(),))
    with pytest.raises(ValueError, match="twice"):
        spec.ModelSpec("x", "X", "reports", "help", (spec.ledger_input(), spec.ledger_input()))



def test_no_algorithm_module_declares_processing_parameters():
    """Algorithm classes declare no parameter or output of their own: only parameters.py (the
    translation of the spec) names Processing parameter and output classes, only base.py adds them."""
    root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "processing_provider")
    declaring = []
    for name in sorted(os.listdir(root)):
        if name.endswith(".py") and name not in ("parameters.py", "base.py"):
            with open(os.path.join(root, name), encoding="utf-8") as handle:
                text = handle.read()
            words = ("addParameter(", "addOutput(", "QgsProcessingParameter", "QgsProcessingOutput")
            declaring += [(name, word) for word in words if word in text]
    assert declaring == []
