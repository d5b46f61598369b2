"""Chessboard dock: pick units, a measure and its parameters; see the delta and cost per t live.

The dock drives an ``algorithms.chessboard.Chessboard`` session (the fast path: one edit
re-accounts only the units it touches, in milliseconds), so the preview of the unit's and
district's change and the cost per t CO2e follows every parameter change. Every number it shows
comes from the session (``Chessboard.combined`` for several units at once): the dock computes none. The preview
runs in a QgsTask (``chessboard_preview``: a new one supersedes the pending one; Apply waits for it). Saving writes
the edits as a named scenario through ``algorithms.scenarios.apply_scenario`` in a QgsTask. Without a ledger the
actions are disabled. Takes the map canvas (optional), no iface.
"""

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..algorithms.core.messages import said
from ..algorithms.ledger import migrations, store as ledger_module
from ..algorithms.reports import ledger_view as ledger_queries
from ..algorithms.scenarios import scenario_store as scenarios
from ..algorithms.core.errors import LedgerInputError
from ..algorithms.scenarios.measures import MeasureLibrary
from .canopy_note import green_note
from .chessboard_preview import PreviewRunner, describe, unit_names
from .comparison_table import compare_tab, fill_comparison
from .edits_table import edits_table, fill_edits
from .formatting import signed
from .highlight import EDITED, UnitHighlight
from .i18n import level_label, tr
from .map_tool import UnitPickTool
from .parameter_form import fill_form, form_area, form_values, in_form_words, set_form_value
from .scenario_choice import chosen_scenario, fill_scenarios, scenario_label
from .scrolling import narrow_combo, scrolled, text_area, with_footer
from .tasks import drop_tasks, start_task


class ChessboardDock(QDockWidget):
    """Rehearse measures on selected units, then save them as a scenario."""

    scenarioSaved = pyqtSignal(str)
    sessionReady = pyqtSignal(str)
    comparisonReady = pyqtSignal()
    previewShown = pyqtSignal()
    """Emitted when a preview's result (or its refusal) is shown."""

    def __init__(self, canvas=None, parent=None):
        super().__init__(tr("Carbon chessboard"), parent)
        self.setObjectName("UrbanCarbonLedgerChessboardDock")
        self.path = None
        self.board = None
        self._waiting = False  # a ledger whose session is read once the dock is shown
        self.visibilityChanged.connect(self._shown)
        self.library = MeasureLibrary.shipped()
        self.units = []
        self.inputs = {}
        self.tasks = []
        self.previews = PreviewRunner(self.tasks)
        self.last_preview = None
        self.comparison = None
        self.canopy = {}  # unit_id -> tree canopy share of its stored land cover (None: not stored)
        self._units_layer = None
        self.pick_tool = UnitPickTool(canvas) if canvas is not None else None
        self.highlight = UnitHighlight(canvas) if canvas is not None else None
        self.edited_highlight = UnitHighlight(canvas, EDITED) if canvas is not None else None
        if self.pick_tool is not None:
            self.pick_tool.unitPicked.connect(
                lambda unit: self.set_units(self.units + [unit] if unit not in self.units else self.units))
        self._build()
        self._enable_actions()

    # --- layout -------------------------------------------------------------------------
    def _build(self):
        """Three tabs (the measure and its form; the session's base, edits and Save; Compare) above
        the live result and Apply, which stay in view: a dock of about 300 x 300 px (two docks stacked
        on a laptop beside QGIS's Browser and Layers panels) shows the tabs, three form rows and Apply."""
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.addTab(self._build_measure_tab(), tr("Measure"))
        self.tabs.addTab(self._build_edits_tab(), tr("Edits"))
        self.tabs.addTab(self._build_compare_tab(), tr("Compare"))
        self.tabs_area = scrolled(self.tabs)
        self.setWidget(with_footer(self.tabs_area, self._build_footer()))
        self._build_form()

    def _build_measure_tab(self):
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(4, 4, 4, 4)
        self.measure_box = QComboBox()
        for measure in self.library.measures.itertuples(index=False):
            self.measure_box.addItem(tr(measure.name), measure.measure_id)
        self.measure_box.currentIndexChanged.connect(lambda _i: self._build_form())
        layout.addWidget(narrow_combo(self.measure_box, 8))
        units_row = QHBoxLayout()
        self.units_edit = QLineEdit()
        self.units_edit.setToolTip(tr("select on the map, or type unit ids separated by commas"))
        self.units_edit.editingFinished.connect(
            lambda: self.set_units([u.strip() for u in self.units_edit.text().split(",") if u.strip()]))
        units_row.addWidget(self.units_edit, 1)
        if self.pick_tool is not None:
            pick = QPushButton(tr("Pick on map"))
            pick.clicked.connect(lambda: self.pick_tool.canvas().setMapTool(self.pick_tool))
            units_row.addWidget(pick)
        layout.addLayout(units_row)
        self.form_area, self.form = form_area()
        layout.addWidget(self.form_area, 1)
        return tab

    def _build_edits_tab(self):
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Base")))
        self.base_box = QComboBox()
        self.base_box.activated.connect(lambda _i: self._start_session())
        row.addWidget(narrow_combo(self.base_box, 6), 1)
        row.addWidget(QLabel(tr("Year")))
        self.year_box = QComboBox()  # inventory year a session on the baseline starts from, the latest first
        self.year_box.activated.connect(lambda _i: self._start_session())
        row.addWidget(narrow_combo(self.year_box, 4))
        layout.addLayout(row)
        save_row = QHBoxLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("Scenario name"))
        self.name_edit.setToolTip(tr("Scenario name"))
        save_row.addWidget(self.name_edit, 1)
        self.save_button = QPushButton(tr("Save as scenario"))
        self.save_button.clicked.connect(lambda: self.save_scenario(self.name_edit.text().strip()))
        save_row.addWidget(self.save_button)
        layout.addLayout(save_row)
        self.edits_table = edits_table()
        layout.addWidget(self.edits_table, 1)
        return tab

    def _build_compare_tab(self):
        compare, self.compare_button, self.compare_table, self.compare_chart = compare_tab()
        self.compare_button.clicked.connect(self.compare_scenarios)
        return compare

    def _build_footer(self):
        """The live result (scrolling when long) and the actions, kept in view below the tabs."""
        footer = QWidget(self)
        layout = QVBoxLayout(footer)
        layout.setContentsMargins(4, 2, 4, 4)
        self.preview_label = QLabel(tr("Open a ledger, select units and a measure."))
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(text_area(self.preview_label, most_lines=12))  # a conversion's: 10 lines in a 298 px dock
        buttons = QHBoxLayout()
        self.apply_button = QPushButton(tr("Apply edit"))
        self.apply_button.clicked.connect(self.apply_edit)
        buttons.addWidget(self.apply_button)
        self.undo_button = QPushButton(tr("Undo last edit"))
        self.undo_button.clicked.connect(self.undo_edit)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return footer

    def _build_form(self):
        measure_id = self.measure_box.currentData()
        measure = self.library.measure(measure_id)
        self.measure_box.setToolTip(f"{tr(measure['name'])}\n{tr(measure['description'])}")
        levels = measure["applies_to"].split(";")
        applies = tr("Parameters (applies to: {levels})").format(
            levels=", ".join(level_label(level) for level in levels))
        self.form_area.setToolTip(f"{applies}\n{tr(measure['description'])}")
        self.units_edit.setPlaceholderText(tr("{levels}: pick on the map or type ids").format(
            levels=", ".join(level_label(level) for level in levels)))
        if self.pick_tool is not None:
            self.pick_tool.wanted = set(levels)
            self.pick_tool.previous = None
        self.inputs = fill_form(self.form_area, self.form, self.library, measure_id, self.preview)
        # the tabs keep the measure, the units and ROWS_IN_VIEW form rows; a long preview scrolls instead
        self.tabs_area.setMinimumHeight(self.tabs.tabBar().sizeHint().height()
                                        + self.tabs.widget(0).minimumSizeHint().height() + 4)
        self.preview()

    def parameters(self):
        """The form's parameter values as a dict (text for land use, numbers, empty left out)."""
        return form_values(self.inputs)

    def set_measure(self, measure_id):
        """Choose a measure of the library by id (rebuilds the form); an id not in the library raises LookupError."""
        index = self.measure_box.findData(measure_id)
        if index < 0:
            raise LookupError(f"no measure '{measure_id}' in the library")
        self.measure_box.setCurrentIndex(index)

    def set_parameter(self, name, value):
        """Set one parameter in the form (the preview follows)."""
        if set_form_value(self.inputs, name, value):
            self.preview()

    # --- ledger and session -------------------------------------------------------------
    def set_ledger(self, path, layers=(), start=True):
        """Open a ledger; ``layers`` (units, links) feed the map tool and the selection; ``start`` False: its session
        is read once the dock is shown (the desktop: at 1,000,000 parcels it held a task thread 100 s). The reads of the
        ledger it replaces are cancelled, their results dropped (a scenario being saved is written, unseen)."""
        ledger = migrations.open_ledger(path)
        self.previews.cancel()
        drop_tasks(self.tasks)
        self.path, self.board = path, None
        self.canopy = {}
        if self.pick_tool is not None:
            self.pick_tool.set_layers(layers)
            self.highlight.set_layers(layers)
            self.edited_highlight.set_layers(layers)
        if self._units_layer is not None:
            try:
                self._units_layer.selectionChanged.disconnect(self._selection_changed)
            except (RuntimeError, TypeError):  # the layer was removed from the project meanwhile
                pass
        self._units_layer = layers[0] if layers else None
        if self._units_layer is not None:
            self._units_layer.selectionChanged.connect(self._selection_changed)
        fill_scenarios(self.base_box, ledger_queries.scenario_names(ledger))
        self.year_box.clear()
        self.year_box.addItems(ledger_queries.inventory_year_names(ledger))
        self._waiting = True
        self._enable_actions()
        self._shown(start or self.isVisible())

    def _shown(self, visible):
        for outline in (self.highlight, self.edited_highlight):  # its outlines go with the dock (closed, tabbed away)
            if outline is not None:
                outline.set_visible(visible)
        if visible and self._waiting:
            self._waiting = False
            self._start_session()

    def year(self):
        """The inventory year chosen (int; None for the latest or a ledger without years)."""
        return int(self.year_box.currentText()) if self.year_box.currentText() else None

    def _start_session(self):
        path, base, year = self.path, chosen_scenario(self.base_box), self.year()
        self.previews.cancel()
        self.board = None
        self._enable_actions()
        self.preview_label.setText(tr("Reading scenario {name}…").format(name=scenario_label(base)))

        def work(progress):
            progress(0.1, None)
            return scenarios.open_chessboard(path, base, scenario="draft", year=year)

        def done(board):
            self.board = board
            self._show_edits()
            self.preview()
            self.sessionReady.emit(base)

        def failed(error):
            self.preview_label.setText(tr("Cannot read the ledger: {error}").format(error=said(error, tr)))

        self.tasks.append(start_task(tr("Opening the chessboard"), work, done, failed))

    def _selection_changed(self, *_args):
        self.previews.cancel()  # replaced: the session is free sooner to read what the selection means
        selected = [feature["unit_id"] for feature in self._units_layer.getSelectedFeatures()]
        self.set_units(self.meant_units(selected))

    def meant_units(self, unit_ids):
        """The units a selection (QGIS's Select tool) means for the measure: a unit finer than its
        levels stands for its ancestor at the first of them (a building for a parcel measure: its
        parcel); others are kept, once each, for the session to judge."""
        if self.board is None:
            return list(unit_ids)
        levels = self.library.measure(self.measure_box.currentData())["applies_to"].split(";")
        with self.previews.lock:
            return list(dict.fromkeys(self.board.meant_unit(unit_id, levels) for unit_id in unit_ids))

    def set_units(self, unit_ids):
        """The units the next edit applies to."""
        self.units = list(unit_ids)
        self.units_edit.setText(", ".join(self.units))
        if self.highlight is not None:
            self.highlight.show(self.units)
        self.preview()

    # --- edits --------------------------------------------------------------------------
    def _apply_all(self):
        """Apply the form's edit to every selected unit; returns the EditResults."""
        measure_id = self.measure_box.currentData()
        return [self.board.apply(unit, measure_id, self.parameters()) for unit in self.units]

    def preview(self):
        """Preview the edit on the selected units in a task (``chessboard_preview``): its deltas and cost per t,
        the edits taken back. It supersedes the pending preview; Apply waits for it."""
        if self.board is None:
            return
        self.last_preview = None
        if not self.units:
            self.previews.cancel()
            self.preview_label.setText(tr(
                "Scenario {name} is ready: pick units on the map or type their ids, then choose a measure."
            ).format(name=scenario_label(chosen_scenario(self.base_box))))
            self._enable_actions()
            return
        units, parameters = list(self.units), self.parameters()
        self.preview_label.setText(tr("Previewing {units}…").format(units=unit_names(units)))

        def done(read):
            self.last_preview, text = read
            self._preview_shown(text)

        def failed(error):
            if isinstance(error, LedgerInputError):
                # a form on its way (one share raised before another is lowered): a hint, not an error
                problem = in_form_words(error, self.library, self.measure_box.currentData())
                self._preview_shown("<span style='color:#8c6d1f'>{}</span>".format(
                    tr("The preview waits for the form: {problem}").format(problem=problem)))
            else:
                self._preview_shown(tr("Cannot preview the edit: {error}").format(error=said(error, tr)))

        self.previews.start(self.board, units, self.measure_box.currentData(), parameters, tr("Preview"),
                            self._green_note(units, parameters), done, failed)
        self._enable_actions()

    def _preview_shown(self, text):
        self.preview_label.setText(text)
        self._enable_actions()
        self.previewShown.emit()

    def _enable_actions(self):
        """Apply, Undo and Save enabled when the session is read and no preview is computed (Apply: once one is
        shown; Undo: once an edit is kept), Compare when a ledger is open; their tooltips say why not."""
        ledger, ready = self.path is not None, self.board is not None and not self.previews.busy()
        why = tr("Open a ledger first: 'Open carbon ledger…' in the toolbar.") if not ledger else (
            tr("Waits for the preview of the selected units.") if self.previews.busy() else "")
        for button, enabled, otherwise in (
                (self.apply_button, ready and self.last_preview is not None, ""),
                (self.undo_button, ready and bool(self.board.history), tr("No edit to undo yet.")),
                (self.save_button, ready, ""), (self.compare_button, ledger, "")):
            button.setEnabled(enabled)
            button.setToolTip("" if enabled else why or otherwise)

    def _green_note(self, units, parameters):
        """A callable giving the amber note on selected parcels already as green as the plan (``canopy_note``), or
        ''; it reads the ledger (in the preview's task)."""
        planned, path, canopy = parameters.get("canopy_share"), self.path, self.canopy
        return lambda: "" if planned is None or path is None else green_note(path, units, planned, canopy)

    def apply_edit(self):
        """Keep the previewed edit in the session (one edit per selected unit); refused while the preview is
        computed (returns [])."""
        if self.board is None or not self.units or self.previews.busy():
            return []
        with self.previews.lock:
            try:
                results = self._apply_all()
            except LedgerInputError as error:
                problem = in_form_words(error, self.library, self.measure_box.currentData())
                self.preview_label.setText("<span style='color:#b2182b'>{}</span>".format(
                    tr("The edit was not applied: {problem}").format(problem=problem)))
                return []
            text = describe(self.board, results, tr("Applied"), self.library,
                            self._green_note(self.units, self.parameters())())
        self.preview_label.setText(text)
        self._show_edits()
        return results

    def undo_edit(self):
        """Take back the last edit (not while a preview is computed)."""
        if self.board is None or self.previews.busy():
            return
        with self.previews.lock:
            undone = self.board.undo()
        if undone is not None:
            self.preview_label.setText(tr("Last edit undone."))
            self._show_edits()

    def _show_edits(self):
        with self.previews.lock:
            results = self.board.results() if self.board is not None else []
        if self.edited_highlight is not None:
            self.edited_highlight.show([result.unit_id for result in results])
        fill_edits(self.edits_table, results, self.library)
        self._enable_actions()

    def save_scenario(self, name):
        """Write the session's edits as scenario ``name`` on the base, in a QgsTask."""
        if self.previews.busy():
            return
        with self.previews.lock:
            edits = scenarios.board_edits(self.board) if self.board is not None else None
        if not name or edits is None or edits.empty:
            self.preview_label.setText(tr("Apply at least one edit and give the scenario a name."))
            return
        path, base, year = self.path, chosen_scenario(self.base_box), self.year()

        def work(progress):
            return scenarios.apply_scenario(path, name, edits, base=base, progress=progress,
                                            algorithm="carbonledger:chessboarddock", replace=True, year=year)

        def done(summary):
            saved = (tr("Scenario {name} saved: 1 edit, city change {change} t CO2e/yr") if summary["edits"] == 1 else
                     tr("Scenario {name} saved: {edits} edits, city change {change} t CO2e/yr"))
            self.preview_label.setText(saved.format(name=name, edits=summary["edits"],
                                                    change=signed(summary["city_delta_t"])))
            fill_scenarios(self.base_box, ledger_queries.scenario_names(ledger_module.Ledger(path)), base)
            self.scenarioSaved.emit(name)

        def failed(error):
            self.preview_label.setText(tr("The scenario was not saved: {error}").format(error=said(error, tr)))

        self.tasks.append(start_task(tr("Saving scenario {name}").format(name=name), work, done, failed, writes=True))

    def compare_scenarios(self):
        """Net of the city in every scenario of the ledger, as a table and a chart (in a QgsTask)."""
        path = self.path

        def work(progress):
            ledger = ledger_module.Ledger(path)
            return ledger_queries.scenario_comparison(ledger, ledger_queries.scenario_names(ledger), progress=progress)

        def done(table):
            self.comparison = table
            fill_comparison(self.compare_table, table)
            self.compare_chart.scenario_bars(table)
            self.comparisonReady.emit()

        def failed(error):
            self.preview_label.setText(tr("Cannot compare: {error}").format(error=said(error, tr)))

        self.tasks.append(start_task(tr("Comparing scenarios"), work, done, failed))
