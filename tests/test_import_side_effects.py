"""Importing the plugin changes nothing in the QGIS process: every module of the plugin is imported
in a fresh interpreter whose matplotlib backend was set beforehand; the backend must stay, GDAL's
process-wide error mode must stay as QGIS left it (no exceptions), and no module may have made a Qt
application (nor anything that needs one) on import."""
import os
import subprocess
import sys

from conftest import PLUGINS, ROOT

PACKAGES = ("algorithms", "processing_provider", "qgis_shared", "ui")
CHOSEN_BACKEND = "svg"
"""A backend no plugin module would pick itself (QGIS desktop runs Qt, headless tools Agg)."""

SCRIPT = """
import importlib, sys
import matplotlib
matplotlib.use({backend!r})
for name in sys.argv[1:]:
    importlib.import_module(name)
from qgis.PyQt.QtCore import QCoreApplication
from osgeo import gdal, ogr, osr
print([module.GetUseExceptions() for module in (gdal, ogr, osr)])
print(QCoreApplication.instance() is None)
print(matplotlib.get_backend())
"""


def plugin_modules():
    """Dotted names of every module of the plugin package (not tests, benchmarks or scripts)."""
    names = ["urban_carbon_ledger", "urban_carbon_ledger.plugin"]
    for package in PACKAGES:
        for folder, _, files in os.walk(os.path.join(ROOT, package)):
            dotted = os.path.relpath(folder, ROOT).replace(os.sep, ".")
            names += [f"urban_carbon_ledger.{dotted}.{name[:-3]}".replace(".__init__", "")
                      for name in sorted(files) if name.endswith(".py")]
    return names


def test_plugin_modules_are_found():
    """The walk finds the modules this test is about (else the test below would pass on nothing)."""
    names = plugin_modules()
    for module in ("urban_carbon_ledger.processing_provider.provider", "urban_carbon_ledger.ui.charts",
                   "urban_carbon_ledger.algorithms.reports.scenario_comparison",
                   "urban_carbon_ledger.qgis_shared.features"):
        assert module in names


def test_imports_leave_matplotlib_backend_and_gdal_error_mode_unchanged_and_make_no_qt_application():
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONPATH"] = os.pathsep.join([PLUGINS, env.get("PYTHONPATH", "")])
    result = subprocess.run([sys.executable, "-c", SCRIPT.format(backend=CHOSEN_BACKEND), *plugin_modules()],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-3:] == ["[0, 0, 0]", "True", CHOSEN_BACKEND]


def test_gdal_errors_raise_inside_plugin_calls_and_caller_mode_is_restored(tmp_path):
    """A plugin call that meets a GDAL error raises (the message names the raster), and afterwards GDAL
    is back in the caller's mode: an unreadable file gives None again, as QGIS and other plugins expect."""
    import pytest
    from osgeo import gdal

    from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
    from urban_carbon_ledger.algorithms.units.zonal import open_raster

    not_a_raster = tmp_path / "landcover.tif"
    not_a_raster.write_text("not a raster")
    gdal.DontUseExceptions()
    with pytest.raises(LedgerInputError, match="landcover"):
        open_raster(str(not_a_raster), "LANDCOVER")
    assert gdal.GetUseExceptions() == 0
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        assert gdal.Open(str(not_a_raster)) is None
    finally:
        gdal.PopErrorHandler()


def test_gdal_exceptions_hold_across_overlapping_threads():
    """Plugin calls overlapping in threads (Dask workers, Processing tasks): A enters, B enters, A
    leaves while B is still inside. B's GDAL error must still raise, and once both have left the
    process has its own setting back (no exceptions)."""
    import threading

    from osgeo import gdal

    from urban_carbon_ledger.algorithms.core.gdal_errors import gdal_exceptions

    gdal.DontUseExceptions()
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    raised, errors = [], []

    def open_missing(name):
        try:
            gdal.Open("/nonexistent/landcover.tif")
        except RuntimeError:
            raised.append(name)

    def thread_a():
        with gdal_exceptions():
            a_in.set()
            b_in.wait(10)
            open_missing("A")
        a_out.set()

    def thread_b():
        a_in.wait(10)
        try:
            with gdal_exceptions():
                b_in.set()
                a_out.wait(10)
                open_missing("B")
        except RuntimeError as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=thread_a), threading.Thread(target=thread_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        assert errors == [] and sorted(raised) == ["A", "B"]
        assert gdal.GetUseExceptions() == 0
    finally:
        gdal.PopErrorHandler()
