"""pytest fixtures: a real QgsApplication with Processing and the carbonledger provider, the
bundled sample data, the teaching district segmented once per session, one Dask cluster of each
kind per session, and real qgis_process runs. Tiers (markers) are registered in pytest.ini."""
import json
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGINS = os.path.join(ROOT, "build", "plugins")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)

from qgis.core import QgsApplication  # noqa: E402  (needs the environment above)

_APP = None


def _start_qgis():
    global _APP
    if _APP is None:
        sys.path.append("/usr/share/qgis/python/plugins")
        _APP = QgsApplication([], False)
        _APP.initQgis()
        from processing.core.Processing import Processing

        Processing.initialize()
        from urban_carbon_ledger.plugin import UrbanCarbonLedgerPlugin

        plugin = UrbanCarbonLedgerPlugin(None)
        plugin.initProcessing()
        _APP.ucl_plugin = plugin
    return _APP


@pytest.fixture(scope="session")
def qgis_app():
    """A running QgsApplication with Processing initialised and the provider registered."""
    return _start_qgis()


@pytest.fixture(scope="session")
def sample_dir():
    """Folder of the bundled teaching district."""
    return os.path.join(ROOT, "resources", "sample")


@pytest.fixture
def ledger_path(tmp_path):
    """Path of a fresh copy of the hand-made source city (tests/source_city.py)."""
    from source_city import make_source_ledger

    return make_source_ledger(tmp_path)


MARKED_BY_FIXTURE = {"qgis_process": "qgis_process", "dask_threads": "cluster", "dask_processes": "cluster"}
"""Fixture -> marker added to every test that uses it (so a new test cannot forget its tier)."""


def pytest_collection_modifyitems(items):
    """Mark the tests that use the qgis_process or a cluster fixture (see pytest.ini)."""
    for item in items:
        for fixture in set(MARKED_BY_FIXTURE).intersection(getattr(item, "fixturenames", ())):
            item.add_marker(MARKED_BY_FIXTURE[fixture])


def run_algorithm(algorithm_id, parameters, feedback=None):
    """Run a Processing algorithm in-process (QGIS started): -> results dict."""
    _start_qgis()
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    context = QgsProcessingContext()
    return processing.run(algorithm_id, parameters, context=context, feedback=feedback or QgsProcessingFeedback())


@pytest.fixture
def run_alg(qgis_app):
    """Run a Processing algorithm in-process: run_alg('carbonledger:x', {...}) -> results dict."""
    return run_algorithm


def demo_parameters(algorithm_id, folder):
    """Parameters of the first ``algorithm_id`` step of `make demo` (scripts/demo.py), with its
    ledger and outputs in ``folder``."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import demo

    return next(parameters for algorithm, parameters in demo.steps(folder) if algorithm == algorithm_id)


class SegmentedDistrict:
    """A ledger of the teaching district made once per session by the first two steps of `make demo`,
    carbonledger:createledger and carbonledger:segmentunits: ``path`` (read it, never write it: use
    ``copy``) and the ``results`` of segmentunits."""

    def __init__(self, path, results):
        self.path, self.results = path, results

    def copy(self, path):
        """Copy the segmented ledger to ``path`` (str or Path) and return it as str."""
        shutil.copyfile(self.path, path)
        return str(path)


@pytest.fixture(scope="session")
def segmented_teaching_district(qgis_app, tmp_path_factory):
    """The teaching district segmented once per session (SegmentedDistrict)."""
    folder = str(tmp_path_factory.mktemp("segmented_teaching_district"))
    run_algorithm("carbonledger:createledger", demo_parameters("carbonledger:createledger", folder))
    segmentation = demo_parameters("carbonledger:segmentunits", folder)
    return SegmentedDistrict(segmentation["LEDGER"], run_algorithm("carbonledger:segmentunits", segmentation))


@pytest.fixture
def teaching_ledger(segmented_teaching_district, tmp_path):
    """A fresh copy of the segmented teaching district's ledger for one test: its path (str)."""
    return segmented_teaching_district.copy(tmp_path / "teaching_district.gpkg")


def _local_cluster(processes):
    """A LocalCluster of 2 workers with 1 thread each (worker processes or threads of this one) and its Client."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=processes, dashboard_address=None)
    return cluster, Client(cluster)


@pytest.fixture(scope="session")
def dask_threads():
    """One Client per session on 2 worker threads in this process (marks its tests `cluster`)."""
    cluster, client = _local_cluster(processes=False)
    with cluster, client:
        yield client


@pytest.fixture(scope="session")
def dask_processes():
    """One Client per session on 2 worker processes of 1 thread (marks its tests `cluster`)."""
    cluster, client = _local_cluster(processes=True)
    with cluster, client:
        yield client


def qgis_process_env():
    """Environment for qgis_process.bin: offscreen, the plugin on QGIS_PLUGINPATH, the venv's packages."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["QGIS_PLUGINPATH"] = PLUGINS
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    venv_site = os.path.join(ROOT, ".venv", "lib", version, "site-packages")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (venv_site, PLUGINS, env.get("PYTHONPATH", "")) if p)
    return env


@pytest.fixture(scope="session")
def qgis_process():
    """Run the real qgis_process binary: qgis_process('run', 'carbonledger:x', '--', 'A=1') -> CompletedProcess.

    For 'run', the JSON result is parsed into ``.json`` when --json is passed.
    """

    def call(*arguments, check=True):
        completed = subprocess.run(
            ["qgis_process.bin", *arguments], env=qgis_process_env(), capture_output=True, text=True, timeout=900,
        )
        if check and completed.returncode != 0:
            raise AssertionError(
                f"qgis_process {' '.join(arguments)} failed ({completed.returncode}):\n"
                f"{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
            )
        completed.json = None
        if "--json" in arguments and completed.stdout.strip().startswith("{"):
            completed.json = json.loads(completed.stdout)
        return completed

    call("plugins", "enable", "urban_carbon_ledger", check=False)
    return call
