"""carbonledger:segmentimagery -- superpixel segments of an image inside the ledger's parcels."""
from qgis.core import QgsProcessingException

from ..algorithms.ledger import store as ledger
from ..algorithms.units.spec import SEGMENT_COUNTS, SEGMENT_IMAGERY
from .base import LEDGER, LedgerAlgorithm


class SegmentImagery(LedgerAlgorithm):
    SPEC = SEGMENT_IMAGERY

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        return self.guarded(lambda: self._run(parameters, context, feedback))

    def _raster_path(self, parameters, name, context, optional=False):
        layer = self.parameterAsRasterLayer(parameters, name, context)
        if layer is None:
            if optional:
                return None
            raise QgsProcessingException(self.tr("No raster given for {name}").format(name=name))
        return layer.source()

    def _run(self, parameters, context, feedback):
        from ..algorithms.units import segment_imagery as image_segments  # scikit-image: loaded to run only

        progress = self.progress(feedback)
        path = self.ledger_path(parameters, context)
        book = ledger.Ledger(path)
        image = self._raster_path(parameters, "IMAGE", context)
        landcover = self._raster_path(parameters, "LANDCOVER", context, optional=True)
        nir = self.parameterAsInt(parameters, "NIR_BAND", context) or None
        red = self.parameterAsInt(parameters, "RED_BAND", context) or self.SPEC.input("RED_BAND").default
        batches, counts = image_segments.segment_batches(
            book, image, self.parameterAsDouble(parameters, "SCALE", context),
            red_band=red, nir_band=nir,
            landcover_path=landcover, window=self.parameterAsInt(parameters, "WINDOW", context),
            progress=progress.span(0.0, 0.95),
        )
        inputs = self.run_inputs(parameters, context)
        image_segments.write_segment_batches(book, batches, self.run_parameters(parameters), inputs, self.id(),
                                             progress, self.replacement_policy(parameters, context))
        if counts["parcels_outside_image"]:
            progress.warn(self.tr("{parcels} parcels lie outside the image: no segments").format(
                parcels=counts["parcels_outside_image"]))
        if counts["parcels_without_segment"]:
            progress.warn(self.tr("{parcels} parcels hold no pixel centre of the image (smaller than a pixel or "
                                  "outside it): no segments").format(parcels=counts["parcels_without_segment"]))
        progress(1.0, self.tr("Done"))
        outputs = {LEDGER: path}
        outputs.update({name: counts[key] for name, key in SEGMENT_COUNTS.items()})
        return outputs
