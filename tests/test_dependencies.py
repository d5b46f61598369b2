"""The packages check (algorithms/core/dependencies.py, resources/dependencies.csv) on real Pythons:
the venv has everything; Debian 12's own Python has shapely 1.8, which the plugin cannot use."""
import subprocess

import pytest

from conftest import PLUGINS
from urban_carbon_ledger.algorithms.core import dependencies

DEBIAN_PYTHON = "/usr/bin/python3"
DEBIAN_SHAPELY = subprocess.run([DEBIAN_PYTHON, "-c", "import shapely; print(shapely.__version__)"],
                                capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}).stdout.strip()


def test_nothing_is_missing_where_the_tests_run(qgis_app):
    assert dependencies.unmet() == []
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById("carbonledger:inventoryreport")
    assert algorithm.canExecute() == (True, "")


def test_release_numbers_compare_as_numbers():
    assert dependencies._release("1.8.5rc1") == (1, 8, 5)
    assert dependencies._release("2.0.7") > dependencies._release("2.0.1") > dependencies._release("1.10.0")


def test_a_package_only_one_algorithm_needs_disables_only_that_algorithm():
    table = [{"package": "openpyxl", "module": "openpyxl", "minimum": "99.0", "needed_by": "inventoryreport",
              "debian": "sudo apt install python3-openpyxl", "osgeo4w": "x", "macos": "y", "note": ""}]
    missing = dependencies.unmet("inventoryreport", table)
    assert [row["package"] for row in missing] == ["openpyxl"] and missing[0]["found"]
    assert dependencies.unmet("segmentunits", table) == [] and dependencies.every_tool_needs(missing) == []
    assert "openpyxl >= 99.0 (found " in dependencies.describe(missing)


@pytest.mark.skipif(not DEBIAN_SHAPELY.startswith("1."), reason="this system's own Python has shapely 2")
def test_debian_python_without_the_venv_is_told_to_install_shapely_2():
    result = subprocess.run(
        [DEBIAN_PYTHON, "-c", "from urban_carbon_ledger.algorithms.core import dependencies as d; "
         "print(d.describe(d.every_tool_needs(d.unmet())))"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": PLUGINS}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        f"shapely >= 2.0.1 (found {DEBIAN_SHAPELY}; needed by every tool): pip install --user "
        "--break-system-packages \"shapely>=2.0.1,<2.1\" (from the plugin's source folder: start QGIS with make qgis)"]
