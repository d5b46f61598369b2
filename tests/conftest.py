"""pytest fixtures: a real QgsApplication with Processing and the carbonledger provider, the
bundled sample data, and real qgis_process runs."""
import json
import os
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
def run_alg(qgis_app):
    """Run a Processing algorithm in-process: run_alg('carbonledger:x', {...}) -> results dict."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    def run(algorithm_id, parameters, feedback=None):
        context = QgsProcessingContext()
        return processing.run(algorithm_id, parameters, context=context, feedback=feedback or QgsProcessingFeedback())

    return run


def qgis_process_env():
    """Environment for qgis_process.bin: offscreen, the plugin on QGIS_PLUGINPATH, the venv's packages."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["QGIS_PLUGINPATH"] = PLUGINS
    venv_site = os.path.join(ROOT, ".venv", "lib", f"python{sys.version_info.major}.{sys.version_info.minor}", "site-packages")
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
