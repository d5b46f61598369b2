"""`make repo`: a plugin repository folder (plugins.xml, ZIP, icon) that QGIS's plugin manager
installs from, checked as plugins.qgis.org checks uploads (scripts/plugin_repo.py)."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
import zipfile

import pytest
from test_plugin_zip import WRITE_RESULT

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import plugin_repo  # noqa: E402

INSTALL_SCRIPT = WRITE_RESULT + """
import os
from qgis.core import QgsApplication, QgsSettings
import pyplugin_installer
import qgis.utils
from pyplugin_installer.installer_data import plugins, repositories
result = {}
try:
    settings = QgsSettings()
    try:  # the plugin is experimental: the manager offers it once experimental plugins are allowed
        from qgis.core import QgsSettingsTree  # QGIS 3.30 on
        QgsSettingsTree.node("plugin-manager").childSetting("allow-experimental").setValue(True)
    except ImportError:
        settings.setValue("app/plugin_installer/allowExperimental", True)
    settings.setValue("app/plugin_repositories/QGIS Official Plugin Repository/enabled", False)  # no network
    settings.setValue("app/plugin_repositories/Teaching lab/url", os.environ["UCL_REPO_URL"])
    settings.setValue("app/plugin_repositories/Teaching lab/enabled", True)
    if pyplugin_installer.installer.pluginInstaller is None:  # QGIS made it at start unless disabled
        pyplugin_installer.installer.initPluginInstaller()
    installer = pyplugin_installer.installer.pluginInstaller
    installer.fetchAvailablePlugins(True)
    result["repository_error"] = repositories.all()["Teaching lab"]["error"]
    result["offered"] = plugins.all().get("urban_carbon_ledger", {}).get("version_available_experimental")
    installer.installPlugin("urban_carbon_ledger", quiet=True, stable=False)
    result["active"] = "urban_carbon_ledger" in qgis.utils.active_plugins
    result["provider"] = QgsApplication.processingRegistry().providerById("carbonledger") is not None
except Exception as error:
    result["error"] = repr(error)
write(result)
"""
"""Run in QGIS desktop: add the repository as a user would, fetch it, install the plugin."""


def test_the_zip_passes_the_official_repository_checks(tmp_path):
    xml, _urls = plugin_repo.write_repository(str(tmp_path / "repo"), "http://lab.example:8000/qgis")
    listed = ET.parse(xml).getroot().find("pyqgis_plugin")
    version = listed.get("version")
    archive = tmp_path / "repo" / f"urban_carbon_ledger.{version}.zip"
    assert plugin_repo.check_package(str(archive)) == []
    assert listed.findtext("download_url") == f"http://lab.example:8000/qgis/urban_carbon_ledger.{version}.zip"
    assert listed.findtext("file_name").partition(".")[0] == "urban_carbon_ledger"  # the installer's plugin key
    assert (tmp_path / "repo" / "urban_carbon_ledger.svg").exists()


def test_the_checks_refuse_what_the_official_repository_refuses(tmp_path):
    good = tmp_path / "good.zip"
    plugin_repo.make_zip.build(str(good))
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for name in source.namelist():
            if name not in ("urban_carbon_ledger/LICENSE",):
                data = source.read(name)
                if name == "urban_carbon_ledger/metadata.txt":
                    data = data.replace(b"\ntracker=", b"\nold_tracker=").replace(b"author=", b"author=a/b ")
                target.writestr(name, data)
        target.writestr("urban_carbon_ledger/__pycache__/x.cpython-311.pyc", b"")
    problems = plugin_repo.check_package(str(bad))
    # one problem each: no LICENSE, no tracker, a slash in author, and the .pyc in __pycache__ (two)
    assert any("LICENSE" in p for p in problems) and any("no tracker" in p for p in problems)
    assert any("slash" in p for p in problems)
    assert sum("x.cpython-311.pyc" in p for p in problems) == 2
    assert len(problems) == 5, problems


def free_port():
    """A TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.desktop
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
def test_qgis_plugin_manager_installs_from_the_served_repository(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    plugin_repo.write_repository(str(tmp_path / "repo"), url)
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(tmp_path / "repo")], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{url}/plugins.xml", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        script = tmp_path / "install.py"
        script.write_text(INSTALL_SCRIPT)
        env = dict(os.environ, UCL_RESULT=str(tmp_path / "result.json"), UCL_REPO_URL=f"{url}/plugins.xml")
        env.pop("QGIS_PLUGINPATH", None)  # only what the plugin manager installs
        env.pop("QT_QPA_PLATFORM", None)  # a real X display (Xvfb)
        env["PYTHONPATH"] = os.path.join(ROOT, ".venv", "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}",
                                         "site-packages")
        try:
            completed = subprocess.run(
                ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "qgis", "--nologo", "--noversioncheck",
                 "--profiles-path", str(tmp_path / "settings"), "--code", str(script)],
                env=env, capture_output=True, timeout=240)
        except subprocess.TimeoutExpired:
            pytest.fail("QGIS desktop did not finish installing from the repository (a modal dialog?)")
    finally:
        server.terminate()
        server.wait()
    assert (tmp_path / "result.json").exists(), completed.stdout[-2000:] + completed.stderr[-2000:]
    result = json.loads((tmp_path / "result.json").read_text())
    assert "error" not in result, result
    assert result["repository_error"] == "" and result["offered"], result
    assert result["active"] and result["provider"], result
    # QGIS keeps profiles in <profiles-path>/profiles/<name>; the manager unpacked the ZIP there
    installed = tmp_path / "settings" / "profiles" / "default" / "python" / "plugins" / "urban_carbon_ledger"
    assert (installed / "metadata.txt").is_file()
