"""Whether OGR's Arrow stream may be read as numpy arrays here (``ogr.Layer.GetArrowStreamAsNumPy``).

Checked row for row on GDAL 3.6.2 with numpy 1.24 (Debian 12, QGIS 3.22): the rows SQLite hands over,
in fid order. On GDAL 3.10.3 with numpy 2.2.4 (Debian 13, the QGIS 3.40 and 3.44 of the test matrix)
the same reads of a ledger's 80,916 entries, measured on 2026-12-06, returned duplicated and
out-of-order rows (a different count on each run, in batches of 1,000 or 65,536 rows) and at times
crashed the interpreter. Elsewhere than on a checked release the plugin reads through SQLite or OGR's
feature iterator: slower, and correct.
"""
from osgeo import gdal, ogr

CHECKED_RELEASES = ((3, 6),)
"""(major, minor) GDAL releases on which the numpy Arrow read was checked against SQLite's rows."""


def numpy_arrow_reads():
    """True when this GDAL has ``GetArrowStreamAsNumPy`` and is a release it was checked on."""
    number = int(gdal.VersionInfo("VERSION_NUM"))  # e.g. 3060200 for 3.6.2
    release = (number // 1000000, number // 10000 % 100)
    return hasattr(ogr.Layer, "GetArrowStreamAsNumPy") and release in CHECKED_RELEASES
