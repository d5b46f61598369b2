"""carbonledger:segmentimagery -- superpixel segments of an image inside the ledger's parcels."""
from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)

from ..algorithms.units import segment_imagery as image_segments
from ..algorithms.ledger import store as ledger, provenance
from .base import LEDGER, LedgerAlgorithm

COUNTS = {"N_SEGMENTS": "segments", "N_PARCELS_WITHOUT_SEGMENT": "parcels_without_segment",
          "N_PARCELS_OUTSIDE_IMAGE": "parcels_outside_image"}


class SegmentImagery(LedgerAlgorithm):
    NAME = "segmentimagery"
    DISPLAY_NAME = "Segment imagery inside parcels (tape measure)"
    GROUP = "tape_measure"
    HELP = (
        "Object-based image segmentation where no cadastre exists: SLIC superpixels (scikit-image) of the image "
        "inside every parcel of the ledger, written as 'segment' units under their parcel (ids "
        "<parcel>-S0001), replacing earlier segments. No segment crosses a parcel boundary: SLIC sees a channel "
        "that differs per parcel, and its clusters are then split by parcel and connected component. The image "
        "is read window by window (each parcel in the window holding its centre, so windows never cut a parcel).\n"
        "Per segment, unit_stats gets mean:band_<i> (image values), mean:ndvi (ratio, (NIR - red) / (NIR + red) "
        "per pixel) when NIR_BAND is set, and area_m2:lc_<code> (m2 of each land-cover code, sampled at the "
        "image's pixel centres) when LANDCOVER is given.\n\n"
        "LEDGER: a ledger holding parcels (run Segment units first).\n"
        "IMAGE: multiband raster (e.g. B, G, R, NIR) in a projected CRS; nodata pixels are left out.\n"
        "SCALE: mean segment area wanted, m2.\n"
        "RED_BAND, NIR_BAND: bands for NDVI (no NDVI without NIR_BAND).\n"
        "LANDCOVER: optional classified raster (integer codes), any grid and CRS.\n"
        "WINDOW: window side in pixels (memory grows with its square).\n"
        "Outputs: N_SEGMENTS, N_PARCELS_WITHOUT_SEGMENT (parcels holding no pixel centre), N_PARCELS_OUTSIDE_IMAGE."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.add_ledger_parameter()
        self.addParameter(QgsProcessingParameterRasterLayer("IMAGE", self.tr("Multiband image")))
        self.addParameter(QgsProcessingParameterNumber(
            "SCALE", self.tr("Mean segment area (m2)"), QgsProcessingParameterNumber.Type.Double, 2500.0,
            minValue=1.0))
        self.addParameter(QgsProcessingParameterBand("RED_BAND", self.tr("Red band"), 3, "IMAGE", optional=True))
        self.addParameter(QgsProcessingParameterBand("NIR_BAND", self.tr("Near-infrared band"), None, "IMAGE",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "LANDCOVER", self.tr("Land-cover raster (integer codes)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "WINDOW", self.tr("Window size (pixels)"), QgsProcessingParameterNumber.Type.Integer, 2048,
            minValue=64))
        for name, key in COUNTS.items():
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(key.replace("_", " "))))

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
        progress = self.progress(feedback)
        path = self.ledger_path(parameters, context)
        book = ledger.Ledger(path)
        image = self._raster_path(parameters, "IMAGE", context)
        landcover = self._raster_path(parameters, "LANDCOVER", context, optional=True)
        nir = self.parameterAsInt(parameters, "NIR_BAND", context) or None
        units, stats, counts = image_segments.segment_imagery(
            book, image, self.parameterAsDouble(parameters, "SCALE", context),
            red_band=self.parameterAsInt(parameters, "RED_BAND", context) or 3, nir_band=nir,
            landcover_path=landcover, window=self.parameterAsInt(parameters, "WINDOW", context),
            progress=progress.span(0.0, 0.85),
        )
        if counts["parcels_outside_image"]:
            progress.warn(f"{counts['parcels_outside_image']} parcels lie outside the image: no segments")
        if counts["parcels_without_segment"]:
            progress.warn(f"{counts['parcels_without_segment']} parcels hold no pixel centre of the image "
                          "(smaller than a pixel or outside it): no segments")
        progress(0.85, f"Writing {len(units)} segments")
        inputs = {"IMAGE": provenance.file_sha256(image)}
        if landcover:
            inputs["LANDCOVER"] = provenance.file_sha256(landcover)
        image_segments.write_segments(book, units, stats, self.run_parameters(parameters), inputs, self.id(), progress)
        progress(1.0, "Done")
        outputs = {LEDGER: path}
        outputs.update({name: counts[key] for name, key in COUNTS.items()})
        return outputs
