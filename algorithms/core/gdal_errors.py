"""GDAL, OGR and OSR errors as Python exceptions, inside the plugin's own calls only.

Without exceptions ``osgeo`` answers an error with None and a logged message. The switch is
process-wide: QGIS, its GDAL Processing provider and other plugins share it, so the plugin never
turns it on at import. Each function that calls GDAL runs under :func:`gdal_exceptions` (a context
manager, also usable as a decorator), which turns exceptions on for the call and gives the caller
back its own setting afterwards.
"""
import contextlib

from osgeo import gdal, ogr, osr

_MODULES = (gdal, ogr, osr)


@contextlib.contextmanager
def gdal_exceptions():
    """Inside the block GDAL, OGR and OSR raise RuntimeError on errors; outside, as before."""
    previous = [module.GetUseExceptions() for module in _MODULES]
    for module in _MODULES:
        module.UseExceptions()
    try:
        yield
    finally:
        # GDAL keeps the handlers on a stack: switch off in the reverse order of switching on
        for module, used in reversed(list(zip(_MODULES, previous))):
            if not used:
                module.DontUseExceptions()
