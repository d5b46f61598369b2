"""Rasters for exact zonal statistics (``zonal``): their north-up grid, opening with a projected
CRS checked, CRS comparison, and resampling onto a reference grid (areas in m2 of a metric CRS)."""
import dataclasses

from osgeo import gdal, osr

from ..core.gdal_errors import gdal_exceptions
from ..core.errors import LedgerInputError
from ..core.messages import tr



@dataclasses.dataclass(frozen=True)
class Grid:
    """A north-up raster grid: GDAL geotransform (x0, dx, 0, y0, 0, dy), width and height in pixels."""

    geotransform: tuple
    width: int
    height: int

    @classmethod
    def of(cls, dataset):
        """The grid of an open gdal.Dataset; refuses rotated rasters."""
        transform = tuple(dataset.GetGeoTransform())
        if transform[2] != 0 or transform[4] != 0:
            raise LedgerInputError(tr("rotated rasters are not supported; warp it north-up first (gdalwarp)"),
                                   layer=dataset.GetDescription())
        return cls(transform, dataset.RasterXSize, dataset.RasterYSize)

    @property
    def pixel_area(self):
        """Area of one pixel in squared CRS units (m2 in a metric CRS)."""
        return abs(self.geotransform[1] * self.geotransform[5])

    def to_pixels(self, xy):
        """(n, 2) map coordinates -> (u, v) pixel coordinates (column, row), floats."""
        x0, dx, _, y0, _, dy = self.geotransform
        return (xy[:, 0] - x0) / dx, (xy[:, 1] - y0) / dy


@gdal_exceptions()
def open_raster(path, layer):
    """Open a raster file read-only; refuse one without a projected CRS (areas need metres)."""
    try:
        dataset = gdal.Open(str(path))
    except RuntimeError as error:
        raise LedgerInputError(tr("cannot open '{path}' as a raster ({error})").format(path=path, error=str(error)),
                               layer=layer) from None
    srs = dataset.GetSpatialRef()
    if srs is None:
        raise LedgerInputError(tr("'{path}' has no CRS; assign one (gdal_edit.py -a_srs EPSG:nnnn)").format(path=path),
                               layer=layer)
    if not srs.IsProjected():
        raise LedgerInputError(tr(
            "'{path}' is in the geographic CRS '{crs}' (degrees); pixel areas need metres: "
            "warp it to the ledger's projected CRS first (gdalwarp -t_srs EPSG:nnnn)").format(
            path=path, crs=srs.GetName()), layer=layer)
    Grid.of(dataset)
    return dataset


@gdal_exceptions()
def same_crs(wkt_a, wkt_b):
    """True when two CRS definitions (WKT, EPSG:n) describe the same CRS."""
    a, b = osr.SpatialReference(), osr.SpatialReference()
    a.SetFromUserInput(wkt_a)
    b.SetFromUserInput(wkt_b)
    return bool(a.IsSame(b))


@gdal_exceptions()
def align(dataset, reference, resampling, layer):
    """``dataset`` on the grid and CRS of ``reference`` (itself when it already is), as an
    in-memory virtual raster read lazily window by window; resampling: 'near' for classes,
    'average' or 'bilinear' for continuous values."""
    if Grid.of(dataset) == Grid.of(reference) and same_crs(dataset.GetProjection(), reference.GetProjection()):
        return dataset
    x0, dx, _, y0, _, dy = reference.GetGeoTransform()
    bounds = (x0, y0 + dy * reference.RasterYSize, x0 + dx * reference.RasterXSize, y0)
    try:
        return gdal.Warp("", dataset, format="VRT", dstSRS=reference.GetProjection(), outputBounds=bounds,
                         width=reference.RasterXSize, height=reference.RasterYSize, resampleAlg=resampling)
    except RuntimeError as error:
        raise LedgerInputError(tr("cannot resample onto the land-cover grid ({error})").format(error=str(error)),
                               layer=layer) from None
