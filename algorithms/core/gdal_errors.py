"""GDAL, OGR and OSR errors as Python exceptions, inside the plugin's own calls only.

Without exceptions ``osgeo`` answers an error with None and a logged message. The switch is
process-wide: QGIS, its GDAL Processing provider and other plugins share it, so the plugin never
turns it on at import. Each function that calls GDAL runs under :func:`gdal_exceptions` (a context
manager, also usable as a decorator), which turns exceptions on while any plugin call is under way,
in any thread (Processing tasks, Dask worker threads), and gives the process back its own setting
when the last one ends. GDAL keeps the switch as a stack of error handlers, so it is switched on and
off once, under a lock, not per call.
"""
import contextlib
import threading

from osgeo import gdal, ogr, osr

_MODULES = (gdal, ogr, osr)
_LOCK = threading.Lock()
_state = {"calls": 0, "previous": ()}


@contextlib.contextmanager
def gdal_exceptions():
    """Inside the block GDAL, OGR and OSR raise RuntimeError on errors; after the last such block
    in the process ends, they are as before the first began."""
    with _LOCK:
        if _state["calls"] == 0:
            _state["previous"] = tuple(module.GetUseExceptions() for module in _MODULES)
            for module in _MODULES:
                module.UseExceptions()
        _state["calls"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _state["calls"] -= 1
            if _state["calls"] == 0:
                # GDAL keeps the handlers on a stack: switch off in the reverse order of switching on
                for module, used in reversed(list(zip(_MODULES, _state["previous"], strict=True))):
                    if not used:
                        module.DontUseExceptions()
