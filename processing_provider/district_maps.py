"""carbonledger:districtmaps -- one PDF page per district from the print layout template.

The data (totals, top sources and sinks, factor sources) come from
``algorithms.reports.district_atlas`` and ``algorithms.reports.atlas_data`` (readable
unit and sector names, a scenario's change against the baseline, its edited units); each page is
centred on its district with the neighbours greyed out, classes come from the data (quantiles each
side of zero), and the texts are in the LANGUAGE chosen. This wrapper turns them into memory layers,
fills ``resources/layouts/district_atlas.qpt`` and exports its atlas; with FROM_YEAR each district gets a
second page, the change between two inventory years (``change_page``). Print layouts are not
thread-safe, so the algorithm runs on the main thread (FlagNoThreading); headless it runs
through qgis_process.
"""
import glob
import os
import shutil
import tempfile

import numpy as np
from qgis.core import (
    QgsExpressionContextUtils,
    QgsLayoutExporter,
    QgsLayoutTableColumn,
    QgsPrintLayout,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProject,
    QgsReadWriteContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtXml import QDomDocument

from ..algorithms.ledger import store as ledger_module
from ..algorithms.ledger.partitions import ENVELOPE
from ..algorithms.ledger.schema import BASELINE
from ..algorithms.reports import atlas_data, district_atlas
from ..algorithms.core.resources import resource_path
from ..algorithms.core.version import PLUGIN_VERSION
from ..algorithms.reports.spec import DISTRICT_MAPS
from ..algorithms.reports.year_label import inventory_year_of, titled
from ..qgis_shared import styles
from ..qgis_shared.expressions import shown_number
from ..qgis_shared.features import frame_to_layer
from ..qgis_shared.translation import chosen_language, method_label, translate
from . import atlas_legend
from .base import LedgerAlgorithm
from .change_page import add_change_page, style_change_layer

TEMPLATE = resource_path("layouts", "district_atlas.qpt")
NORTH_ARROW = resource_path("icons", "north_arrow.svg")
EXPORT_DPI = 150
TOP_ROWS = 5
"""Largest sources and largest sinks listed per district."""
CHANGE_EXPRESSION = '"change_t" / nullif("area_m2", 0) * 10000'
"""A unit's change against the baseline, t CO2e per hectare per year."""


def intensities(data, change):
    """What the map classes: each unit's net (with ``change`` its change against the baseline) per hectare,
    t CO2e/ha/yr, and each road link's net per km, t CO2e/km/yr (NaN without an area or length), as arrays
    in the order of data["units"] and data["links"]."""
    units, links = data["units"], data["links"]
    per_ha = (units["change_t"] if change else units["net_t"]) / units["area_m2"].where(units["area_m2"] > 0) * 1e4
    per_km = links["net_t"] / links["length_m"].where(links["length_m"] > 0) * 1e3
    return per_ha.to_numpy(dtype=float), per_km.to_numpy(dtype=float)


def drawn(frame, *columns):
    """The columns of ``frame`` its map layer needs: unit_id, level, ``columns`` (those the renderer's expression
    reads) and the geometry; the units' and links' other totals are not drawn (a third of the 305,080 links' cost)."""
    return frame[["unit_id", "level", *columns, frame.geometry.name]]


def boxes(frame):
    """Bounding box of each feature of a map frame (n x 4: minx, miny, maxx, maxy): its geometry's, or the ENVELOPE
    columns of one drawn from the ledger (``district_atlas.stored_map``)."""
    return frame[ENVELOPE].to_numpy(dtype=float) if set(ENVELOPE) <= set(frame.columns) else \
        frame.geometry.bounds.to_numpy()


class DistrictMaps(LedgerAlgorithm):
    SPEC = DISTRICT_MAPS

    def tr(self, text):
        """``text`` in the LANGUAGE of this run (QGIS's own language before a run starts)."""
        language = getattr(self, "_language", None)
        return translate(text, language) if language else super().tr(text)

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        png_folder = self.parameterAsString(parameters, "PNG_FOLDER", context)
        layout, project = self.prepared_layout(parameters, context, feedback)
        pages = layout.atlas().updateFeatures() * layout.pageCollection().pageCount()
        feedback.pushInfo(self.tr("{pages} district pages").format(pages=pages))
        self._export(layout, output, png_folder, feedback)
        return {"OUTPUT": output, "PNG_FOLDER": png_folder or None, "PAGES": pages}

    def prepared_layout(self, parameters, context, feedback):
        """The filled atlas layout and the project holding its layers (kept alive together)."""
        path = self.ledger_path(parameters, context)
        scenario = self.text(parameters, "SCENARIO", context)
        years = [None if parameters.get(name) in (None, "") else self.parameterAsInt(parameters, name, context)
                 for name in ("FROM_YEAR", "TO_YEAR")]
        self._language = chosen_language(self.text(parameters, "LANGUAGE", context))
        progress = self.progress(feedback)
        ledger = self.guarded(lambda: ledger_module.Ledger(path))
        data = self.guarded(lambda: self._data(ledger, scenario, years, progress.span(0.0, 0.3)))
        project = QgsProject()
        layers = self._layers(data, ledger.path, ledger.crs_wkt, scenario)
        for layer in layers.values():
            project.addMapLayer(layer)
        layout = self._layout(project, layers, ledger, scenario)
        self._page_legend(layout, layers, data, scenario)
        if "change" in layers:
            add_change_page(layout, layers["districts"], layers["change"], data["years"], self.tr)
        return layout, project

    def _data(self, ledger, scenario, years, progress):
        """The atlas data with readable names, for a scenario its change against the baseline and edited
        units, and with years[0] (FROM_YEAR) the change between the inventory years (``years``, TO_YEAR None:
        the latest)."""
        data = district_atlas.district_atlas_data(ledger, scenario, TOP_ROWS, progress)
        data["top"] = atlas_data.named_rows(ledger, data["top"], self._language)
        data["districts"] = atlas_data.with_interval(data["districts"], "net_low_t", "net_high_t", "net_interval",
                                                     self._language)
        data["districts"]["intervals"] = [method_label(method, self.tr) for method in data["districts"]["intervals"]]
        if scenario != BASELINE:
            data["units"] = atlas_data.change_against_baseline(ledger, data["units"])
        data["edited"] = atlas_data.edited_units(ledger, scenario)
        if years[0] is not None:
            data["districts"], data["blocks"], data["years"] = atlas_data.year_change_pages(
                ledger, data["districts"], years[0], years[1], progress)
            data["districts"] = atlas_data.with_interval(data["districts"], "year_change_low_t", "year_change_high_t",
                                                         "year_change_interval", self._language, sign=True)
        return data

    def _layers(self, data, ledger_path, crs_wkt, scenario):
        language = self._language
        change = scenario != BASELINE
        units_title = self.tr("Change vs baseline, t CO2e/ha/yr") if change else self.tr("Net flux, t CO2e/ha/yr")
        districts = frame_to_layer(data["districts"], self.tr("Districts"), crs_wkt, "MultiPolygon")
        links_title = self.tr("Road links, t CO2e/km/yr")
        if "layer_sql" in data:  # the baseline: drawn from the ledger's layers, page by page through their index, in
            # fid order (as from memory, overlapping links show the same one on top) with only the renderer's columns
            # (the SQL in the URI: setSubsetString would open the file for writing and bump its change counter)
            units, links = (QgsVectorLayer(f"{ledger_path}|layername={name}|subset={data['layer_sql'][name]}", title,
                                           "ogr") for name, title in (("units", units_title), ("links", links_title)))
        else:
            units = frame_to_layer(drawn(data["units"], "area_m2", "change_t" if change else "net_t"), units_title,
                                   crs_wkt, "MultiPolygon")
            links = frame_to_layer(drawn(data["links"], "length_m", "net_t"), links_title, crs_wkt, "MultiLineString")
        edited = frame_to_layer(data["edited"], self.tr("Units edited in the scenario"), crs_wkt, "MultiPolygon")
        top = frame_to_layer(data["top"], "top")
        years = {}
        if "blocks" in data:
            years["change"] = frame_to_layer(data["blocks"], self.tr("Change per block, t CO2e/yr"), crs_wkt,
                                             "MultiPolygon")
            style_change_layer(years["change"], self.tr)
        per_ha, per_km = intensities(data, change)
        units.setRenderer(styles.data_graduated_renderer(
            per_ha, language, CHANGE_EXPRESSION if change else styles.NET_FLUX_EXPRESSION, change=change))
        links.setRenderer(styles.data_link_renderer(per_km, language))
        districts.setRenderer(styles.atlas_mask_renderer(self.tr("this district"), self.tr("other districts")))
        styles.name_labels(districts, 9)
        edited.setRenderer(styles.highlight_renderer())
        return {"districts": districts, "units": units, "links": links, "edited": edited, "top": top, **years}

    def _layout(self, project, layers, ledger, scenario):
        document = QDomDocument()
        with open(TEMPLATE, encoding="utf-8") as handle:
            document.setContent(handle.read())
        layout = QgsPrintLayout(project)
        _, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
        if not ok:
            raise QgsProcessingException(self.tr("Cannot read the layout template {path}").format(path=TEMPLATE))
        QgsExpressionContextUtils.setLayoutVariable(layout, "ucl_scenario", scenario)
        atlas = layout.atlas()
        atlas.setCoverageLayer(layers["districts"])
        atlas.setEnabled(True)
        atlas.setPageNameExpression('"unit_id"')
        atlas.setFilenameExpression("'district_' || \"unit_id\"")
        item_map = layout.itemById("map")
        item_map.setLayers([layers["edited"], layers["districts"], layers["links"], layers["units"]])
        item_map.setKeepLayerSet(True)
        item_map.setAtlasDriven(True)
        item_map.setAtlasScalingMode(item_map.Auto)
        item_map.setAtlasMargin(0.08)
        item_map.setCrs(layers["units"].crs())
        item_map.zoomToExtent(layers["districts"].extent())
        layout.itemById("north").setPicturePath(NORTH_ARROW)
        self._table(layout, layers["top"])
        self._texts(layout, ledger, scenario)
        return layout

    def _page_legend(self, layout, layers, data, scenario):
        """Each page's legend lists the layers and classes drawn in its map (``atlas_legend``); kept on
        ``self`` while the layout is exported (the atlas holds its slot weakly)."""
        frame, links = data["units"], data["links"]
        per_ha, per_km = intensities(data, scenario != BASELINE)
        district_ids = data["districts"]["unit_id"].to_numpy()

        def district_nodes(feature):  # "this district" (node 0) on its own page, the others node 1
            return np.where(district_ids == feature["unit_id"], 0, 1)

        entries = [
            (layers["units"], atlas_legend.graduated_nodes(layers["units"], per_ha), boxes(frame)),
            (layers["links"], atlas_legend.graduated_nodes(layers["links"], per_km), boxes(links)),
            (layers["districts"], district_nodes, data["districts"].geometry.bounds.to_numpy()),
            (layers["edited"], np.zeros(len(data["edited"]), dtype=int), data["edited"].geometry.bounds.to_numpy()),
        ]
        layout.itemById("legend").setTitle(self.tr("Legend"))
        self._legend_keeper = atlas_legend.PageLegend(layout.itemById("legend"), layout.itemById("map"), entries)
        self._legend_keeper.connect(layout.atlas())

    def _table(self, layout, top):
        table = next(f for f in layout.multiFrames() if hasattr(f, "setVectorLayer"))
        table.setVectorLayer(top)
        table.setFilterFeatures(True)
        table.setFeatureFilter("\"district_id\" = attribute(@atlas_feature, 'unit_id')")
        table.setEmptyTableMessage(self.tr("No entries"))
        columns = []
        for expression, heading, width in (
            ("CASE WHEN \"flow\" = 'source' THEN '{0}' ELSE '{1}' END".format(self.tr("source"), self.tr("sink")),
             self.tr("Flow"), 9),
            ("\"unit_name\"", self.tr("Unit"), 44),
            ("\"sector_name\"", self.tr("Sector"), 22),
            (shown_number("\"co2e_t\""), self.tr("t CO2e/yr"), 13),
            ("\"interval\"", self.tr("95% interval"), 17),
        ):
            column = QgsLayoutTableColumn(heading)
            column.setAttribute(expression)
            column.setWidth(width)  # mm; the five columns fill the 111 mm frame with its cell margins
            columns.append(column)
        table.setColumns(columns)
        table.setMaximumNumberOfFeatures(2 * TOP_ROWS)

    def _texts(self, layout, ledger, scenario):
        feature = "attribute(@atlas_feature, '{0}')"
        layout.itemById("title").setText(titled(self.tr("Net carbon flux: {name} ({unit})").format(
            name=f"[% coalesce({feature.format('name')}, '') %]", unit=f"[% {feature.format('unit_id')} %]",
        ), inventory_year_of(ledger, scenario), self._language))
        number = "[% " + shown_number(feature) + " %]"
        layout.itemById("totals").setText(self.tr(
            "Scenario {scenario}: net {net} t CO2e/yr (95% interval {interval}); sources {sources}, sinks {sinks}"
        ).format(
            scenario=scenario, net=number.format("net_t"), interval="[% " + feature.format("net_interval") + " %]",
            sources=number.format("source_t"), sinks=number.format("sink_t"),
        ))
        more = self.tr("and {n} more").format(n="' || to_string(" + feature.format("factors_left_out") + ") || '")
        layout.itemById("sources").setText(
            self.tr("Factor sources (full citations in the ledger's factors table)") + ": [% "
            + feature.format("factor_sources") + " || CASE WHEN " + feature.format("factors_left_out")
            + " > 0 THEN ' · " + more + "' ELSE '' END %]"
        )
        layout.itemById("footer").setText(self.tr(
            "Urban Carbon Ledger {version} · ledger {ledger} · entries computed {computed} · printed {date} · "
            "intervals: {intervals}"
        ).format(
            version=PLUGIN_VERSION, ledger=os.path.basename(ledger.path),
            computed="[% " + feature.format("computed") + " %]", date="[% format_date(now(), 'yyyy-MM-dd') %]",
            intervals="[% " + feature.format("intervals") + " %]",
        ))

    def _export(self, layout, output, png_folder, feedback):
        """Export to a temporary folder first; move into place only when every page is written."""
        work = tempfile.mkdtemp(prefix="ucl_atlas_")
        try:
            pdf_settings = QgsLayoutExporter.PdfExportSettings()
            pdf_settings.dpi = EXPORT_DPI
            result, error = QgsLayoutExporter.exportToPdf(
                layout.atlas(), os.path.join(work, "atlas.pdf"), pdf_settings, feedback,
            )
            self._check(result, error, feedback)
            if png_folder:
                image_settings = QgsLayoutExporter.ImageExportSettings()
                image_settings.dpi = EXPORT_DPI
                result, error = QgsLayoutExporter.exportToImage(
                    layout.atlas(), os.path.join(work, "page"), "png", image_settings, feedback,
                )
                self._check(result, error, feedback)
            os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
            shutil.move(os.path.join(work, "atlas.pdf"), output)
            if png_folder:
                os.makedirs(png_folder, exist_ok=True)
                for image in glob.glob(os.path.join(work, "*.png")):
                    shutil.move(image, os.path.join(png_folder, os.path.basename(image)))
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _check(self, result, error, feedback):
        if feedback.isCanceled():
            raise QgsProcessingException(self.tr("Cancelled: no atlas was written."))
        if result != QgsLayoutExporter.ExportResult.Success:
            raise QgsProcessingException(self.tr("The atlas export failed: {error}").format(error=error))
