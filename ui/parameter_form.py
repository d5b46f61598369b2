"""The chessboard's parameter form: one row per parameter of a measure, in a scroll area of its own.

The form keeps a usable height in a short dock (``ROWS_IN_VIEW`` rows at least, the rest scrolls),
and its labels, which carry each number's unit, wrap instead of widening the dock. Values are read and set by
parameter name.
"""
from qgis.PyQt.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLineEdit, QWidget

from ..algorithms.core.messages import said
from ..algorithms.scenarios.measures import TEXT_PARAMETERS
from .formatting import decimals
from .i18n import code_name, tr, with_unit
from .scrolling import WrappedLabel, narrow_combo, scrolled

ROWS_IN_VIEW = 3
"""Parameter rows the form shows however short the dock is (more scroll inside the form)."""


def form_area():
    """(scroll area, QFormLayout) of an empty parameter form whose labels wrap beside their fields."""
    body = QWidget()
    form = QFormLayout(body)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setContentsMargins(4, 4, 4, 4)
    return scrolled(body), form


def fill_form(area, form, library, measure_id, changed):
    """Fill ``form`` with the parameters of ``measure_id`` (library: a MeasureLibrary); ``changed``
    is called on every change. Makes ``area`` tall enough for ROWS_IN_VIEW rows. Returns
    {parameter: widget}."""
    while form.rowCount():
        form.removeRow(0)
    inputs = {}
    for spec in library.parameter_table(measure_id).itertuples(index=False):
        widget = _field(spec, library, changed)
        widget.setToolTip(f"{tr(spec.description)}\n{tr('Source')}: {spec.source}")
        widget.setMinimumWidth(90)
        inputs[spec.parameter] = widget
        # the unit in the label, which wraps: a suffix in the field was cut off in the dock
        label = WrappedLabel(with_unit(spec.label, spec.unit) if _unit_shown(spec) else tr(spec.label))
        label.setToolTip(f"{tr(spec.label)} ({spec.parameter})")
        form.addRow(label, widget)
    shown = list(inputs.values())[:ROWS_IN_VIEW]
    rows = sum(max(widget.sizeHint().height(), 2 * widget.fontMetrics().height()) for widget in shown)
    area.setMinimumHeight(rows + form.verticalSpacing() * len(shown) + 8)
    return inputs


def _field(spec, library, changed):
    """The input widget of one parameter row (spec: a row of MeasureLibrary.parameter_table)."""
    if spec.parameter in TEXT_PARAMETERS:
        widget = QComboBox()  # land uses by name, their codes as the items' data
        for land_use in library.rules.index:
            widget.addItem(code_name(land_use), land_use)
        widget.setCurrentIndex(widget.findData(spec.default))
        narrow_combo(widget, 6)
        widget.currentIndexChanged.connect(lambda _i: changed())
    elif spec.default == "":
        widget = QLineEdit()
        widget.setPlaceholderText(tr("empty: default"))
        widget.editingFinished.connect(changed)
    else:
        widget = QDoubleSpinBox()
        widget.setDecimals(decimals(spec))
        widget.setGroupSeparatorShown(True)
        widget.setRange(float(spec.min) if spec.min else -1e12, float(spec.max) if spec.max else 1e12)
        widget.setValue(float(spec.default))
        widget.valueChanged.connect(lambda _v: changed())
    return widget


def _unit_shown(spec):
    """True when the parameter row ``spec`` is a number with a unit (shown in its label)."""
    return spec.parameter not in TEXT_PARAMETERS and spec.default != "" and bool(str(spec.unit or "").strip())


def form_values(inputs):
    """The form's parameter values as a dict (a land use's code, numbers, empty left out)."""
    values = {}
    for name, widget in inputs.items():
        if isinstance(widget, QComboBox):
            values[name] = widget.currentData()
        elif isinstance(widget, QDoubleSpinBox):
            values[name] = widget.value()
        elif widget.text().strip():
            values[name] = widget.text().strip()
    return values


def set_form_value(inputs, name, value):
    """Set parameter ``name``; True when the widget sends no change signal itself (a text field)."""
    widget = inputs[name]
    if isinstance(widget, QComboBox):
        widget.setCurrentIndex(widget.findData(str(value)))
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(value))
    else:
        widget.setText(str(value))
        return True
    return False


def in_form_words(error, library, measure_id):
    """A LedgerInputError of an edit of ``measure_id`` in the form's words: without the layer and field it names
    for a file of edits, parameters by their labels in the form."""
    text = said(error.detail, tr)
    for spec in library.parameter_table(measure_id).itertuples(index=False):
        label = tr(spec.label)
        text = text.replace(f"parameter {spec.parameter} ", f"{label} ").replace(spec.parameter, label)
    return text
