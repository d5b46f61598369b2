"""Real GDAL rasters on small north-up test grids, in memory or as GeoTIFF files."""
import numpy as np
from osgeo import gdal, osr


def _filled(driver, target, values, origin, pixel, epsg, nodata):
    kind = gdal.GDT_Byte if values.dtype == np.uint8 else gdal.GDT_Float32
    dataset = gdal.GetDriverByName(driver).Create(target, values.shape[1], values.shape[0], 1, kind)
    dataset.SetGeoTransform((origin[0], pixel, 0, origin[1], 0, -pixel))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(values)
    if nodata is not None:
        dataset.GetRasterBand(1).SetNoDataValue(nodata)
    return dataset


def memory_raster(values, origin, pixel, epsg=4547, nodata=None):
    """An in-memory raster of ``values`` (uint8 -> Byte, else Float32); top-left corner ``origin``, m."""
    return _filled("MEM", "", values, origin, pixel, epsg, nodata)


def write_raster(path, values, origin, pixel, epsg=4547, nodata=None):
    """The same raster written as a GeoTIFF at ``path``; returns the path as text."""
    dataset = _filled("GTiff", str(path), values, origin, pixel, epsg, nodata)
    dataset.FlushCache()
    return str(path)
