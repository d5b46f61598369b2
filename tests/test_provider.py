"""The carbonledger provider: registered with its groups, visible to qgis_process, runs headless."""
import sqlite3

import pytest

from urban_carbon_ledger.processing_provider.base import GROUPS


def test_provider_registers_with_groups_and_help(qgis_app):
    from qgis.core import QgsApplication

    provider = QgsApplication.processingRegistry().providerById("carbonledger")
    assert provider is not None and provider.name() == "Urban Carbon Ledger"
    algorithms = provider.algorithms()
    assert "carbonledger:createledger" in [a.id() for a in algorithms]
    for algorithm in algorithms:
        assert algorithm.groupId() in GROUPS, algorithm.id()
        assert algorithm.group() == GROUPS[algorithm.groupId()]
        assert len(algorithm.shortHelpString()) > 80, f"{algorithm.id()} needs a help text"


def test_qgis_process_lists_the_provider(qgis_process):
    listed = qgis_process("list").stdout
    assert "Urban Carbon Ledger" in listed
    assert "carbonledger:createledger" in listed


def test_createledger_through_qgis_process(qgis_process, tmp_path):
    path = tmp_path / "ledger.gpkg"
    result = qgis_process("run", "carbonledger:createledger", "--json", "--", f"LEDGER={path}", "CRS=EPSG:4547")
    assert result.json["results"]["UNITS"] == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT algorithm FROM runs").fetchall() == [("carbonledger:createledger",)]
        srs = connection.execute(
            "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys s "
            "JOIN gpkg_geometry_columns g ON g.srs_id = s.srs_id WHERE table_name = 'units'"
        ).fetchone()
    assert srs == ("EPSG", 4547)


def test_createledger_refuses_a_geographic_crs(qgis_process, tmp_path):
    result = qgis_process(
        "run", "carbonledger:createledger", "--", f"LEDGER={tmp_path / 'geo.gpkg'}", "CRS=EPSG:4326", check=False,
    )
    assert result.returncode != 0
    assert "geographic" in result.stdout + result.stderr
    assert not (tmp_path / "geo.gpkg").exists()


def test_createledger_in_process(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    results = run_alg("carbonledger:createledger", {"LEDGER": str(tmp_path / "l.gpkg"), "CRS": "EPSG:4547"})
    assert results["ENTRIES"] == 0
    with pytest.raises(QgsProcessingException, match="geographic"):
        run_alg("carbonledger:createledger", {"LEDGER": str(tmp_path / "g.gpkg"), "CRS": "EPSG:4326"})
