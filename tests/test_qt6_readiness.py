"""QGIS 4 (Qt 6) readiness, checked statically (no Qt 6 QGIS is packaged for the test machines):
no Python file of the repository (the plugin, its tests and scripts) holds what QGIS's
PyQt5-to-PyQt6 migration script would rewrite
(tests/qt6_scan.py), and metadata.txt declares Qt 6 support only with that check."""
import configparser
import os
import subprocess

import pytest
from qt6_scan import findings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tracked_python_files():
    """The tracked .py files of the repository, relative to it."""
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    return listed.stdout.split()


def test_the_scan_finds_what_the_migration_script_rewrites():
    # Each line holds one pattern the migration script rewrites; the last line is already Qt 6 form.
    source = (
        "from qgis.core import QgsWkbTypes, QgsFeatureSink\n"
        "from qgis.PyQt.QtCore import Qt, QVariant\n"
        "from PyQt5.QtWidgets import QDialog\n"
        "a = QgsWkbTypes.NoGeometry\n"
        "b = QVariant.Double\n"
        "c = dialog.exec_()\n"
        "d = Qt.MidButton\n"
        "e = QVariant()\n"
        "f = QgsFeatureSink.Flag.FastInsert, QgsWkbTypes.Type.Point, Qt.AlignmentFlag.AlignLeft\n"
    )
    assert [line for line, _what in findings(source)] == [3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("path", tracked_python_files())
def test_no_file_needs_the_pyqt6_migration(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        assert findings(handle.read()) == []


def test_metadata_declares_qt6_and_qgis_4():
    metadata = configparser.ConfigParser()
    metadata.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    assert metadata["general"]["supportsQt6"] == "True"
    assert metadata["general"]["qgisMaximumVersion"] == "4.99"
