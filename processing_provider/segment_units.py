"""carbonledger:segmentunits -- the tape measure: city, districts, blocks, parcels, buildings, road links."""
import dataclasses
import os

from qgis.core import QgsCoordinateReferenceSystem

from ..algorithms.core.plausibility import ACCEPT_EXTREME, accepts_extreme
from ..algorithms.ledger import store as ledger
from ..algorithms.units import batch_writes, segment_units as segmentation, unit_inputs
from ..algorithms.units.spec import RECONCILED, RESIDUALS, SEGMENT_UNITS, UNIT_COUNTS
from .base import LEDGER, LedgerAlgorithm
from .bulk_read import bulk_frame
from .layers import feature_source, source_to_frame

OPTIONAL_FIELDS = {
    "NAME_FIELD": ("BOUNDARIES", "name"),
    "ROAD_CLASS_FIELD": ("ROADS", "road_class"),
    "AADT_FIELD": ("ROADS", "aadt"),
    "ROAD_ID_FIELD": ("ROADS", "road_id"),
    "ROAD_NAME_FIELD": ("ROADS", "road_name"),
    "BUILDING_ID_FIELD": ("BUILDINGS", "building_id"),
    "BUILDING_USE_FIELD": ("BUILDINGS", "building_use"),
    "FLOORS_FIELD": ("BUILDINGS", "floors"),
    "POPULATION_FIELD": ("BUILDINGS", "population"),
    "BUILT_YEAR_FIELD": ("BUILDINGS", "built_year"),
}
"""Parameter -> (layer parameter, UnitFields attribute); a field absent from its layer is skipped with a note."""



class SegmentUnits(LedgerAlgorithm):
    SPEC = SEGMENT_UNITS

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        return self.guarded(lambda: self._run(parameters, context, feedback))

    def _run(self, parameters, context, feedback):
        progress = self.progress(feedback)
        path = self.ledger_path(parameters, context)
        sources = {name: feature_source(self, parameters, name, context, optional=(name == "BUILDINGS"))
                   for name in ("BOUNDARIES", "ROADS", "LANDUSE", "BUILDINGS")}
        if os.path.exists(path):
            crs_wkt = ledger.Ledger(path).crs_wkt
        else:
            crs_wkt = sources["BOUNDARIES"].sourceCrs().toWkt()
            boundaries = source_to_frame(sources["BOUNDARIES"], "BOUNDARIES", crs_wkt, context)
            unit_inputs.require_projected(boundaries, "BOUNDARIES")
        reading = progress.span(0.0, 0.2)

        fields = self._fields(parameters, context, sources, progress)

        def read():
            return {name: (self._frame(parameters, name, source, crs_wkt, context, reading,
                                       None if name == "BOUNDARIES" else dataclasses.astuple(fields))
                           if source is not None else None) for name, source in sources.items()}

        frames = read()
        options = dict(
            crs=crs_wkt, fields=fields, city=self.text(parameters, "CITY", context),
            min_area=self.parameterAsDouble(parameters, "MIN_AREA", context),
            tolerance=self.parameterAsDouble(parameters, "TOLERANCE", context),
            snap=self.parameterAsDouble(parameters, "SNAP", context),
            landuse_map=self.parameterAsFile(parameters, "LANDUSE_MAP", context) or None,
            progress=progress.span(0.2, 0.9),
            accept_extreme=accepts_extreme(self.text(parameters, ACCEPT_EXTREME, context)),
        )
        inputs = self.run_inputs(parameters, context, frames)
        held = [frames]  # the layers go to the first segmentation, which frees them once checked
        del frames

        def layers():
            """The 4 layers' frames: those read above once, read again for a restart (wider ids)."""
            frames = held.pop() if held else read()
            return [frames.pop(name) for name in ("BOUNDARIES", "ROADS", "LANDUSE", "BUILDINGS")]

        created = not os.path.exists(path)
        if created:
            ledger.create_ledger(path, QgsCoordinateReferenceSystem.fromWkt(crs_wkt).authid() or crs_wkt)
        if batch_writes.is_fresh(ledger.Ledger(path)):  # written a batch of districts at a time
            try:
                run_id, result = batch_writes.write_batches(
                    ledger.Ledger(path),
                    lambda digits: segmentation.segment_batches(*layers(), digits=digits, **options),
                    self.run_parameters(parameters), inputs, self.id())
            except BaseException:
                if created:  # a refused run leaves no ledger behind, as before it was written whole
                    os.remove(path)
                raise
        else:
            result = segmentation.segment_units(*layers(), **options)
            progress(0.9, self.tr("Writing units and links"))
            snap = self.parameterAsDouble(parameters, "SNAP", context)
            run_id = segmentation.write_units(ledger.Ledger(path), result, self.run_parameters(parameters), inputs,
                                              self.id(), progress, self.replacement_policy(parameters, context),
                                              snap)
        statuses = ledger.Ledger(path).read_table("reconciliation", ["status"], {"run_id": run_id})["status"]
        progress(1.0, self.tr("Done"))
        for name, value in result.residuals.items():
            feedback.pushInfo(f"  {name}: {value:.6g}")
        outputs = {LEDGER: path}
        outputs.update({name: result.counts.get(level, 0) for name, level in UNIT_COUNTS.items()})
        outputs.update({name: result.residuals[key] for name, key in RESIDUALS.items()})
        outputs.update({name: int((statuses == status).sum()) for name, status in RECONCILED.items()})
        outputs["RECONCILIATION"] = f"{path}|layername=reconciliation"
        return outputs

    def _frame(self, parameters, name, source, crs_wkt, context, progress, columns=None):
        """Layer parameter ``name`` as a GeoDataFrame in the ledger CRS: a whole GeoPackage layer read in
        bulk (``bulk_read``; only the fields ``columns`` when given), any other source feature by feature."""
        layer = self.parameterAsVectorLayer(parameters, name, context)
        frame = bulk_frame(layer, parameters.get(name), crs_wkt, columns) if layer is not None else None
        return frame if frame is not None else source_to_frame(source, name, crs_wkt, context, progress)

    def _fields(self, parameters, context, sources, progress):
        """UnitFields from the field parameters; optional fields absent from their layer are skipped."""
        fields = segmentation.UnitFields(
            code=self.text(parameters, "CODE_FIELD", context),
            land_use=self.text(parameters, "LANDUSE_FIELD", context),
        )
        for parameter, (layer, attribute) in OPTIONAL_FIELDS.items():
            name = self.parameterAsString(parameters, parameter, context)
            source = sources[layer]
            if not name or source is None:
                setattr(fields, attribute, None)
            elif source.fields().lookupField(name) < 0:
                progress.log(self.tr("{layer} has no field '{field}' ({parameter}): skipped").format(
                    layer=layer, field=name, parameter=parameter))
                setattr(fields, attribute, None)
            else:
                setattr(fields, attribute, name)
        return fields
