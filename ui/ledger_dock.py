"""Ledger dock: the account of one unit -- entries by flow and sector, totals, parent and children.

Built in code from Qt widgets; takes the map canvas (optional) and no iface. The ledger is read
through ``algorithms.reports.stored_view.open_view`` in a QgsTask (one view per scenario, cached): the
baseline from the totals stored on the units, a unit's entries read on a click through their index,
those of a subtree too large for a click (the city of a large ledger) in another task.
"""
import csv
import io
import os

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..algorithms.core.messages import said
from ..algorithms.ledger import migrations
from ..algorithms.reports import ledger_view as ledger_queries, stored_view
from ..algorithms.ledger.schema import LEVELS
from ..algorithms.scenarios import scenario_store
from . import ledger_family, ledger_tree
from .charts import ChartCanvas
from .formatting import count
from .highlight import SCENARIO, UnitHighlight
from ..qgis_shared.translation import method_label
from .i18n import level_label, tr
from .ledger_summary import map_note, summary_text
from .map_tool import UnitPickTool
from .scenario_choice import choose_scenario, chosen_scenario, fill_scenarios, scenario_label
from .scrolling import narrow_combo, scrolled, snug, text_area
from .tasks import drop_tasks, start_task

EXPORT_COLUMNS = (
    "unit_id", "flow", "sector", "carrier", "activity", "activity_unit", "factor_id", "factor", "factor_unit",
    "co2e_t", "low_t", "high_t", "source", "computed_at", "algorithm_version", "entry_id",
)
"""Entry columns written by Copy and Export."""


class LedgerDock(QDockWidget):
    """Shows a unit's ledger; ``show_unit(unit_id)`` or a click with ``pick_tool``."""

    viewLoaded = pyqtSignal(str)
    """Emitted with the scenario name when its view has been read."""

    def __init__(self, canvas=None, parent=None):
        super().__init__(tr("Carbon ledger"), parent)
        self.setObjectName("UrbanCarbonLedgerLedgerDock")
        self.ledger = None
        self.views = {}
        self.accounts = {}
        self.families = {}  # (scenario, unit_id) -> rows of its Parent and children tab, read with its entries
        self._reading = set()
        self.unit_id = None
        self.tasks = []
        self.pick_tool = UnitPickTool(canvas) if canvas is not None else None
        self.highlight = UnitHighlight(canvas) if canvas is not None else None
        self.edited_highlight = UnitHighlight(canvas, SCENARIO) if canvas is not None else None  # a scenario's edits
        self.edited_ids = {}  # scenario -> unit_id of the units its edits (and its bases') touched
        if self.pick_tool is not None:
            self.pick_tool.unitPicked.connect(self.show_unit)
        self._units_layer = None
        self._chart_data = None
        self._build()

    # --- layout -------------------------------------------------------------------------
    def _build(self):
        """Laid out for a dock of about 300 x 330 px (a laptop with QGIS's Browser and Layers
        panels): two short rows of choices, the summary, the tabs (their names elide, the entries
        show name, t CO2e/yr and interval without scrolling sideways), then the actions."""
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        self.ledger_label = QLabel(tr("No ledger open: use 'Open ledger' in the toolbar."))
        self.ledger_label.setWordWrap(True)
        layout.addWidget(self.ledger_label)

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Scenario")))
        self.scenario_box = QComboBox()
        self.scenario_box.currentIndexChanged.connect(
            lambda _i: self.set_scenario(chosen_scenario(self.scenario_box)))
        row.addWidget(narrow_combo(self.scenario_box, 6), 1)
        row.addWidget(QLabel(tr("Year")))
        self.year_box = QComboBox()  # inventory years, the latest first: one year is shown, never two mixed
        self.year_box.currentTextChanged.connect(self.set_year)
        row.addWidget(narrow_combo(self.year_box, 4))
        layout.addLayout(row)
        unit_row = QHBoxLayout()
        unit_row.addWidget(QLabel(tr("Unit")))
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText(tr("unit id, or click the map"))
        self.unit_edit.returnPressed.connect(lambda: self.show_unit(self.unit_edit.text().strip()))
        unit_row.addWidget(self.unit_edit, 1)
        layout.addLayout(unit_row)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(text_area(self.summary_label))  # the unit, its net and interval at least

        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.tree = ledger_tree.EntriesTree()
        self.tree.setHeaderLabels(ledger_tree.headers("")[0])
        self.tree.setAlternatingRowColors(True)
        self.tabs.addTab(self.tree, tr("Entries"))
        self.hierarchy = QTableWidget(0, 6)
        self.hierarchy.setHorizontalHeaderLabels([
            tr("Relation"), tr("Unit"), tr("Level"), tr("Name"), tr("Net t CO2e/yr"), tr("95% interval"),
        ])
        self.hierarchy.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.hierarchy.verticalHeader().setVisible(False)
        for visual, logical in enumerate((1, 4, 5)):  # unit, net and interval lead in a narrow dock
            header = self.hierarchy.horizontalHeader()
            header.moveSection(header.visualIndex(logical), visual)
        self.hierarchy.cellDoubleClicked.connect(lambda r, _c: self.show_unit(self.hierarchy.item(r, 1).text()))
        self.tabs.addTab(self.hierarchy, tr("Parent and children"))
        self.chart = ChartCanvas(self)
        self.chart.setMinimumHeight(80)
        self.tabs.addTab(self.chart, tr("Chart"))
        self.tabs.currentChanged.connect(lambda _i: self._draw_chart())
        layout.addWidget(self.tabs, 1)

        buttons = QHBoxLayout()
        if self.pick_tool is not None:
            pick = QPushButton(tr("Pick on map"))
            pick.setToolTip(tr("Click a unit on the map; click it again for the unit it lies in"))
            pick.clicked.connect(lambda: self.pick_tool.canvas().setMapTool(self.pick_tool))
            unit_row.addWidget(pick)
            self.level_box = QComboBox()
            self.level_box.addItem(tr("as drawn"), None)
            for level in LEVELS:
                if level != "city":
                    self.level_box.addItem(level_label(level), level)
            self.level_box.setToolTip(tr("Which level a click on the map picks"))
            self.level_box.currentIndexChanged.connect(lambda _i: self.set_pick_level(self.level_box.currentData()))
            buttons.addWidget(narrow_combo(self.level_box, 6), 1)  # the room the snug buttons leave
        copy = snug(QPushButton(tr("Copy")))
        copy.clicked.connect(self.copy_entries)
        buttons.addWidget(copy)
        export = snug(QPushButton(tr("Export CSV…")))
        export.clicked.connect(self._ask_export)
        buttons.addWidget(export)
        if self.pick_tool is None:
            buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setWidget(scrolled(body))

    def set_pick_level(self, level):
        """The level a click on the map picks (None: the finest level drawn at the zoom)."""
        if self.pick_tool is not None:
            self.pick_tool.wanted = None if level is None else {level}
            self.pick_tool.previous = None

    # --- ledger and scenario ------------------------------------------------------------
    def set_ledger(self, path, layers=()):
        """Open a ledger (the old one's reads dropped); ``layers`` (units, links) feed the map tool, selection."""
        self.ledger = migrations.open_ledger(path)
        drop_tasks(self.tasks)
        self.views, self.accounts, self.families, self._reading, self.edited_ids = {}, {}, {}, set(), {}
        self.ledger_label.setText(tr("Ledger: {path}").format(path=path))
        self.ledger_label.hide()  # the dock's title names the file: one more line for the account
        self.setWindowTitle(f"{tr('Carbon ledger')} – {os.path.basename(path)}")
        if self.pick_tool is not None:
            self.pick_tool.set_layers(layers)
            self.highlight.set_layers(layers)
            self.edited_highlight.set_layers(layers)
        self._follow_selection(layers[0] if layers else None)
        self.scenario_box.blockSignals(True)
        fill_scenarios(self.scenario_box, ledger_queries.scenario_names(self.ledger))
        self.scenario_box.blockSignals(False)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItems(ledger_queries.inventory_year_names(self.ledger))
        self.year_box.blockSignals(False)
        self._load_view(ledger_queries.BASELINE)

    def set_year(self, year):
        """Show inventory ``year`` (text; the latest when empty): the cached views are read again."""
        if self.ledger is None or not year:
            return
        self.views, self.accounts, self.families = {}, {}, {}
        self._load_view(chosen_scenario(self.scenario_box))

    def set_scenario(self, scenario):
        """Show the current unit in ``scenario`` (read in a task the first time)."""
        if not scenario or self.ledger is None:
            return
        if chosen_scenario(self.scenario_box) != scenario:
            choose_scenario(self.scenario_box, scenario)
            return
        if scenario in self.views:
            self._refresh()
        else:
            self._load_view(scenario)

    def refresh_scenarios(self):
        """Re-read the scenario list and drop cached views (after the chessboard saved one)."""
        current = chosen_scenario(self.scenario_box)
        self.views, self.accounts, self.families, self.edited_ids = {}, {}, {}, {}
        self.scenario_box.blockSignals(True)
        fill_scenarios(self.scenario_box, ledger_queries.scenario_names(self.ledger), current)
        self.scenario_box.blockSignals(False)
        self._load_view(ledger_queries.BASELINE)

    def _load_view(self, scenario):
        ledger = self.ledger
        self.summary_label.setText(tr("Reading scenario {name}…").format(name=scenario_label(scenario)))
        year = int(self.year_box.currentText()) if self.year_box.currentText() else None

        def work(progress):
            progress(0.1, None)
            view = stored_view.open_view(ledger, scenario, year if scenario == ledger_queries.BASELINE else None)
            progress(0.8, None)
            # the account of the top unit (the city) is summed here, off the GUI thread, when its
            # entries are in memory or few; a large baseline's is read after the dock shows (_refresh)
            top = view.top_unit()
            edited = sorted(set(scenario_store.edited_units(ledger, scenario)["unit_id"]))
            progress(1.0, None)
            read_now = top and view.loaded(top) and view.readable(top)
            return view, top, ledger_tree.account(view, top) if read_now else None, edited

        def done(read):
            view, top, top_account, edited = read
            self.views[scenario], self.edited_ids[scenario] = view, edited
            if top_account is not None:
                self.accounts[(scenario, top)] = top_account
            if scenario != ledger_queries.BASELINE and ledger_queries.BASELINE not in self.views:
                self._load_view(ledger_queries.BASELINE)
            self._refresh()
            self.viewLoaded.emit(scenario)

        def failed(error):
            self.summary_label.setText(tr("Cannot read the ledger: {error}").format(error=said(error, tr)))

        self.tasks.append(start_task(tr("Reading carbon ledger"), work, done, failed))

    def _follow_selection(self, layer):
        if self._units_layer is not None:
            try:
                self._units_layer.selectionChanged.disconnect(self._selection_changed)
            except (RuntimeError, TypeError):  # the layer was removed from the project meanwhile
                pass
        self._units_layer = layer
        if layer is not None:
            layer.selectionChanged.connect(self._selection_changed)

    def _selection_changed(self, selected, _deselected, _clear):
        if selected:
            feature = self._units_layer.getFeature(selected[0])
            self.show_unit(feature["unit_id"])

    # --- the unit -----------------------------------------------------------------------
    def current_view(self):
        """The LedgerView of the selected scenario, or None while it is being read."""
        return self.views.get(chosen_scenario(self.scenario_box))

    def show_unit(self, unit_id):
        """Show the ledger of ``unit_id`` in the selected scenario."""
        self.unit_id = unit_id
        self.unit_edit.setText(unit_id)
        if self.highlight is not None:
            self.highlight.show([unit_id])
        self._refresh()

    def _refresh(self):
        view = self.current_view()
        if view is None:
            return
        if not self.unit_id:
            # a ledger just read: lead with the city (the top unit) until the user picks another
            self.unit_id = view.top_unit()
            self.unit_edit.setText(self.unit_id or "")
            if not self.unit_id:
                self.summary_label.setText(
                    tr("Scenario {name} holds no units.").format(name=scenario_label(view.scenario)))
                return
        if not view.has_unit(self.unit_id):
            self.summary_label.setText(tr("No unit '{unit}' in this ledger.").format(unit=self.unit_id))
            self.tree.clear()
            self.hierarchy.setRowCount(0)
            self.chart.clear()
            return
        base = self.views.get(ledger_queries.BASELINE)
        base = base if base is not None and view is not base else None
        if not all(v.readable(self.unit_id) for v in (view, base) if v is not None):
            self._show_unread(view, base)
            return
        if (view.scenario, self.unit_id) not in self.accounts and not all(
                v.loaded(self.unit_id) for v in (view, base) if v is not None):
            self._read_entries(view, base)
            return
        self._show_summary(view, base)
        deltas = None
        if base is not None:
            deltas = ledger_queries.delta_by_flow_and_sector(view, base, self.unit_id).set_index(["flow", "sector"])
        labels, method = ledger_tree.headers(method_label(view.interval_method, tr))
        self.tree.setHeaderLabels(labels)
        self.tree.headerItem().setToolTip(ledger_tree.COLUMNS.index("interval"), method)
        stored = self.accounts.get((view.scenario, self.unit_id))
        groups, entries = stored if stored is not None else ledger_tree.account(view, self.unit_id)
        ledger_tree.fill(self.tree, groups, entries, deltas, self.year_box.currentText())
        self._show_hierarchy(view)
        self._chart_data = (self.unit_id, groups, deltas)
        self._draw_chart()

    def _read_entries(self, view, base):
        """Show the unit's stored totals and family, and read its entries (with the baseline's in a
        scenario) in a QgsTask: a subtree too large to read on a click (the city of a large ledger)."""
        unit_id, key, reading = self.unit_id, (view.scenario, self.unit_id), (id(view), self.unit_id)
        self._show_summary(view, base, entries_read=False)
        self._show_hierarchy(view, children=False)
        self._clear_account()
        if reading in self._reading:
            return
        self._reading.add(reading)

        def work(_progress):
            if base is not None:
                base.computed_range(unit_id)
            view.computed_range(unit_id)
            return ledger_tree.account(view, unit_id), ledger_family.family(view, unit_id)

        def done(read):
            self._reading.discard(reading)
            if self.views.get(view.scenario) is not view:  # another ledger opened meanwhile
                return
            self.accounts[key], self.families[key] = read
            if self.unit_id == unit_id and self.current_view() is view:
                self._refresh()

        def failed(error):
            self._reading.discard(reading)
            self.summary_label.setText(tr("Cannot read the ledger: {error}").format(error=said(error, tr)))

        self.tasks.append(start_task(tr("Reading the entries of {unit}").format(unit=unit_id), work, done, failed))

    def _clear_account(self):
        """Empty the entries tree and the chart (a unit whose entries are not in)."""
        self.tree.clear()
        self.chart.clear()
        self._chart_data = None

    def _show_unread(self, view, base):
        """Show the stored totals and family of a unit whose entries are too many to read, and say so."""
        self._show_summary(view, base, entries_read=False, unread=tr(
            "The entries of {unit} are not read: about {count} units and links lie below it (more than {limit}). "
            "Pick a district or a smaller unit to see its entries by sector.").format(
            unit=self.unit_id, count=count(view.rows_at_most), limit=count(stored_view.WHOLE_READ_LIMIT)))
        self._show_hierarchy(view)
        self._clear_account()

    def _draw_chart(self):
        """Draw the chart of the shown unit when its tab is in view (drawing takes longer than the
        rest of a click): the change against the baseline in a scenario, else sources and sinks."""
        if self._chart_data is None or self.tabs.currentWidget() is not self.chart:
            return
        unit_id, groups, deltas = self._chart_data
        self._chart_data = None
        if deltas is not None:
            self.chart.delta_bars(deltas.reset_index(), title=tr("{unit}: change against the baseline").format(
                unit=unit_id))
        else:
            self.chart.sector_bars(groups, title=tr("{unit}: sources and sinks by sector").format(unit=unit_id))

    def _show_summary(self, view, base, entries_read=True, unread=None):
        edited = self.edited_ids.get(view.scenario, [])
        note = map_note(len(edited)) if self.edited_highlight is not None and base is not None else ""
        self.summary_label.setText(summary_text(view, base, self.unit_id, entries_read, unread) + note)
        if self.edited_highlight is not None:
            self.edited_highlight.show(edited)

    def _show_hierarchy(self, view, children=True):
        """The Parent and children tab: as read with the unit's entries, else read now (``children`` False: the
        parent and the unit only, while the entries and the children are read)."""
        rows = self.families.get((view.scenario, self.unit_id)) if children else None
        ledger_family.fill_family(self.hierarchy, rows or ledger_family.family(view, self.unit_id, children))

    # --- copy and export ----------------------------------------------------------------
    def entries_table(self):
        """The shown unit's entries (with descendants) as rows of EXPORT_COLUMNS."""
        view = self.current_view()
        if view is None or not self.unit_id or not view.has_unit(self.unit_id):
            return []
        return view.unit_entries(self.unit_id).reindex(columns=list(EXPORT_COLUMNS)).to_dict("records")

    def copy_entries(self):
        """Copy the entries to the clipboard as tab-separated text (pastes into a spreadsheet)."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.entries_table())
        QApplication.clipboard().setText(buffer.getvalue())
        return buffer.getvalue()

    def export_entries(self, path):
        """Write the entries to a CSV file (UTF-8)."""
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
            writer.writeheader()
            writer.writerows(self.entries_table())

    def _ask_export(self):
        path, _ = QFileDialog.getSaveFileName(self, tr("Export entries"), f"{self.unit_id or 'ledger'}.csv",
                                              tr("CSV (*.csv)"))
        if path:
            self.export_entries(path)
