"""The plugin ZIP installs into a fresh QGIS desktop profile and loads through qgis.utils (Xvfb)."""
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import make_zip  # noqa: E402

WRITE_RESULT = """
import json, os
def write(result):
    with open(os.environ["UCL_RESULT"], "w") as handle:
        json.dump(result, handle)
    os._exit(0)
"""
"""The start of every script run in QGIS desktop below: ``write(result)`` saves the result dict to
$UCL_RESULT and quits QGIS."""

LOAD_SCRIPT = WRITE_RESULT + """
import json, os
from qgis.core import QgsApplication
import qgis.utils
result = {}
try:
    qgis.utils.updateAvailablePlugins()  # as the plugin manager does after installing a ZIP
    result["loaded"] = qgis.utils.loadPlugin("urban_carbon_ledger")
    result["started"] = qgis.utils.startPlugin("urban_carbon_ledger")
    provider = QgsApplication.processingRegistry().providerById("carbonledger")
    result["algorithms"] = sorted(a.id() for a in provider.algorithms()) if provider else []
    result["plugin_file"] = qgis.utils.plugins["urban_carbon_ledger"].__module__
    result["unloaded"] = qgis.utils.unloadPlugin("urban_carbon_ledger")
    result["provider_after_unload"] = QgsApplication.processingRegistry().providerById("carbonledger") is not None
except Exception as error:
    result["error"] = repr(error)
write(result)
"""


RESTART_SCRIPT = WRITE_RESULT + """
import json, os
from qgis.core import QgsApplication
import qgis.utils
provider = QgsApplication.processingRegistry().providerById("carbonledger")
result = {
    "active": "urban_carbon_ledger" in qgis.utils.active_plugins,
    "provider": provider is not None,
    "description": qgis.utils.pluginMetadata("urban_carbon_ledger", "description"),
}
write(result)
"""


def test_metadata_reads_with_qgis_plugin_reader(qgis_app):
    """QGIS reads metadata.txt with an interpolating parser at every start: a bare '%' in any value
    made `pluginMetadata` answer '__error__' and the plugin did not load after a restart."""
    import qgis.utils

    found = dict(qgis.utils.findPlugins(os.path.join(ROOT, "build", "plugins")))
    parser = found["urban_carbon_ledger"]
    assert parser is not None
    values = {key: parser.get("general", key) for key in parser.options("general")}
    assert values["name"] == "Urban Carbon Ledger"
    qgis.utils.plugins_metadata_parser["urban_carbon_ledger"] = parser
    for key in ("name", "description", "about", "qgisMinimumVersion", "version", "changelog"):
        assert qgis.utils.pluginMetadata("urban_carbon_ledger", key) not in ("__error__", ""), key


def _start_desktop(tmp_path, settings, script_text=RESTART_SCRIPT, project=None, **extra_env):
    """Start real QGIS under Xvfb on a 1366 x 768 screen with the profile in ``settings``, as after a
    restart (plugins restored from the profile, no --noplugins), opening ``project`` (a .qgz) if given;
    return what ``script_text`` saw."""
    script = tmp_path / "desktop_script.py"
    script.write_text(script_text)
    result_file = tmp_path / "desktop_result.json"
    if result_file.exists():
        result_file.unlink()
    env = dict(os.environ, **extra_env)
    env["UCL_RESULT"] = str(result_file)
    env.pop("QGIS_PLUGINPATH", None)
    env.pop("QT_QPA_PLATFORM", None)
    env["PYTHONPATH"] = os.path.join(ROOT, ".venv", "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}",
                                     "site-packages")
    try:
        completed = subprocess.run(
            ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "qgis", "--nologo", "--noversioncheck",
             "--profiles-path", str(settings), "--code", str(script)] + ([str(project)] if project else []),
            env=env, capture_output=True, timeout=180,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("QGIS desktop did not finish starting (a modal error dialog?)")
    assert result_file.exists(), completed.stdout[-2000:] + completed.stderr[-2000:]
    return json.loads(result_file.read_text())


def _installed_profile(tmp_path):
    """A fresh profile folder with the plugin ZIP installed and ticked, as the plugin manager leaves it."""
    archive = tmp_path / "plugin.zip"
    make_zip.build(str(archive))
    settings = tmp_path / "settings"
    profile = settings / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    zipfile.ZipFile(archive).extractall(plugins)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text("[PythonPlugins]\nurban_carbon_ledger=true\n")
    return settings


@pytest.mark.desktop
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
def test_plugin_loads_again_after_desktop_restart(tmp_path):
    settings = _installed_profile(tmp_path)
    for start in ("first start", "restart"):
        result = _start_desktop(tmp_path, settings)
        assert result["active"] and result["provider"], (start, result)
        assert result["description"].startswith("City carbon accounts"), (start, result)


def test_zip_holds_one_plugin_folder_without_tests(tmp_path):
    archive = tmp_path / "plugin.zip"
    count = make_zip.build(str(archive))
    names = zipfile.ZipFile(archive).namelist()
    assert count == len(names) > 10
    assert {n.split("/")[0] for n in names} == {"urban_carbon_ledger"}
    assert "urban_carbon_ledger/metadata.txt" in names and "urban_carbon_ledger/__init__.py" in names
    assert not [n for n in names if n.split("/")[1] in ("tests", "benchmarks", "scripts", ".ci", "Makefile")]


@pytest.mark.desktop
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
def test_zip_installs_and_loads_in_qgis_desktop(tmp_path):
    archive = tmp_path / "plugin.zip"
    make_zip.build(str(archive))
    # QGIS keeps profiles in <profiles-path>/profiles/<name>
    plugins = tmp_path / "settings" / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    zipfile.ZipFile(archive).extractall(plugins)
    script = tmp_path / "load.py"
    script.write_text(LOAD_SCRIPT)
    env = dict(os.environ)
    env["UCL_RESULT"] = str(tmp_path / "result.json")
    env.pop("QGIS_PLUGINPATH", None)  # load the installed copy, not the source tree
    env.pop("QT_QPA_PLATFORM", None)  # a real X display (Xvfb), as on a desktop
    env["PYTHONPATH"] = os.path.join(ROOT, ".venv", "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}",
                                     "site-packages")
    try:
        completed = subprocess.run(
            ["xvfb-run", "-a", "qgis", "--nologo", "--noversioncheck", "--noplugins",
             "--profiles-path", str(tmp_path / "settings"), "--code", str(script)],
            env=env, capture_output=True, timeout=180,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("QGIS desktop did not finish loading the plugin (a modal error dialog, such as a failed import?)")
    assert (tmp_path / "result.json").exists(), completed.stdout[-2000:] + completed.stderr[-2000:]
    result = json.loads((tmp_path / "result.json").read_text())
    assert "error" not in result, result
    assert result["loaded"] and result["started"] and result["unloaded"]
    assert "carbonledger:createledger" in result["algorithms"]
    assert result["provider_after_unload"] is False


MAKE_QGIS_SCRIPT = WRITE_RESULT + """
import json, os
import shapely
from qgis.PyQt.QtGui import QGuiApplication
result = {"platform": QGuiApplication.platformName(), "shapely": shapely.__version__,
          "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM"), "QGIS_PLUGINPATH": os.environ.get("QGIS_PLUGINPATH")}
write(result)
"""


@pytest.mark.desktop
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
def test_make_qgis_starts_the_desktop_with_the_venv_and_nothing_headless(tmp_path):
    """`make qgis` is the README's desktop command: even from a shell with the headless settings of
    `make env` exported, QGIS gets a real display (xcb under Xvfb), shapely 2 from the venv and no
    QGIS_PLUGINPATH pointing at the checkout."""
    script = tmp_path / "make_qgis.py"
    script.write_text(MAKE_QGIS_SCRIPT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=os.path.join(ROOT, "build", "plugins"),
               UCL_RESULT=str(tmp_path / "result.json"))
    arguments = f"--nologo --noversioncheck --noplugins --profiles-path {tmp_path / 'settings'} --code {script}"
    try:
        subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "make", "-s", "-C", ROOT, "qgis",
                        f"QGIS_ARGS={arguments}"], env=env, capture_output=True, timeout=240)
    except subprocess.TimeoutExpired:
        pytest.fail("make qgis did not start QGIS desktop")
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["platform"] == "xcb" and result["QT_QPA_PLATFORM"] is None and result["QGIS_PLUGINPATH"] is None
    assert int(result["shapely"].split(".")[0]) >= 2


MISSING_SCRIPT = WRITE_RESULT + """
import json, os
from qgis.core import QgsApplication
from qgis.utils import iface, active_plugins
bar = [item.text() for item in iface.messageBar().items()]
result = {"active": "urban_carbon_ledger" in active_plugins, "bar": bar,
          "provider": QgsApplication.processingRegistry().providerById("carbonledger") is not None}
write(result)
"""


def _system_shapely():
    """The shapely version of Debian's own Python (without the venv): 1.8 on Debian 12, 2.1 on Debian 13."""
    return subprocess.run(["/usr/bin/python3", "-c", "import shapely; print(shapely.__version__)"],
                          capture_output=True, text=True, env={"PATH": os.environ.get("PATH", "")}).stdout.strip()


@pytest.mark.desktop
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
@pytest.mark.skipif(_system_shapely().startswith("2."), reason="Debian's own shapely is 2 here (Debian 13)")
def test_desktop_without_shapely_2_says_what_to_install_and_registers_nothing(tmp_path):
    """QGIS started from Debian's packages alone (shapely 1.8, no venv): the plugin loads without an
    error dialog, its message bar names shapely 2 and the install step, and no algorithm is offered."""
    archive = tmp_path / "plugin.zip"
    make_zip.build(str(archive))
    profile = tmp_path / "settings" / "profiles" / "default"
    (profile / "python" / "plugins").mkdir(parents=True)
    zipfile.ZipFile(archive).extractall(profile / "python" / "plugins")
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text("[PythonPlugins]\nurban_carbon_ledger=true\n")
    script = tmp_path / "missing.py"
    script.write_text(MISSING_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k not in ("QGIS_PLUGINPATH", "QT_QPA_PLATFORM", "PYTHONPATH")}
    env["UCL_RESULT"] = str(tmp_path / "result.json")
    try:
        subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "qgis", "--nologo", "--noversioncheck",
                        "--profiles-path", str(tmp_path / "settings"), "--code", str(script)],
                       env=env, capture_output=True, timeout=180)
    except subprocess.TimeoutExpired:
        pytest.fail("QGIS desktop did not finish starting (a modal error dialog?)")
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["active"] and not result["provider"]
    assert any("shapely >= 2.0.1 (found 1." in text and "make qgis" in text for text in result["bar"]), result["bar"]


WORKDAY_SCRIPT = WRITE_RESULT + """
from qgis.core import QgsApplication, QgsGeometry, QgsPointXY
from qgis.PyQt.QtCore import QPoint, Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import active_plugins, iface, plugins

result = {"active": "urban_carbon_ledger" in active_plugins,
          "provider": QgsApplication.processingRegistry().providerById("carbonledger") is not None}
shots = os.environ["UCL_SHOTS"]

def settle(then, ms=1500):
    QTimer.singleShot(ms, then)

def open_ledger():
    gui = plugins["urban_carbon_ledger"].gui
    iface.mainWindow().setGeometry(QApplication.primaryScreen().availableGeometry())  # Xvfb: no window manager
    layers = gui.open_ledger(path=os.environ["UCL_LEDGER"])
    units = layers["units"]
    buildings = [f.geometry() for f in units.getFeatures("\\"level\\" = 'building'")]
    def open_space(feature):  # a parcel's area outside its buildings, m2 (a parcel with buildings)
        inside = [b for b in buildings if feature.geometry().intersects(b)]
        return feature.geometry().difference(QgsGeometry.unaryUnion(inside)).area() if inside else 0.0
    parcel = max(units.getFeatures("\\"level\\" = 'parcel'"), key=open_space)
    free = parcel.geometry().difference(QgsGeometry.unaryUnion(buildings)).pointOnSurface().asPoint()
    result["parcel"] = parcel["unit_id"]
    settle(lambda: zoom(free))

def zoom(free):
    canvas = iface.mapCanvas()
    canvas.setCenter(QgsPointXY(free))
    canvas.zoomScale(2500)
    canvas.refresh()
    settle(lambda: click_parcel(free), 3000)

def pixel(point):
    at = iface.mapCanvas().getCoordinateTransform().transform(point)
    return QPoint(int(round(at.x())), int(round(at.y())))

def click_parcel(free):
    gui = plugins["urban_carbon_ledger"].gui
    canvas = iface.mapCanvas()
    result["scale"] = canvas.scale()
    gui.pick_unit()
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pixel(free))
    result["picked"] = gui.ledger_dock.unit_id
    result["picked_level"] = gui.ledger_dock.current_view().unit(gui.ledger_dock.unit_id)["level"]
    settle(lambda: pocket_park(free))

def pocket_park(free):
    gui = plugins["urban_carbon_ledger"].gui
    iface.mainWindow().grab().save(os.path.join(shots, "desktop_parcel_picked.png"))
    gui.ledger_dock.hide()
    gui.chessboard_dock.show()  # its session is read now, once it is shown
    when_read(lambda: park_edit(free))

def when_read(then):
    if plugins["urban_carbon_ledger"].gui.chessboard_dock.board is None:
        QTimer.singleShot(100, lambda: when_read(then))
    else:
        then()

def park_edit(free):
    board = plugins["urban_carbon_ledger"].gui.chessboard_dock
    canvas = iface.mapCanvas()
    board.set_measure("land_use_conversion")
    board.set_parameter("to_land_use", "pocket_park")
    canvas.setMapTool(board.pick_tool)
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pixel(free))
    result["chessboard_units"] = list(board.units)
    when_previewed(apply_park)

def when_previewed(then):  # the preview runs in a task; Apply waits for it
    if plugins["urban_carbon_ledger"].gui.chessboard_dock.previews.busy():
        QTimer.singleShot(100, lambda: when_previewed(then))
    else:
        then()

def apply_park():
    board = plugins["urban_carbon_ledger"].gui.chessboard_dock
    result["applied"] = len(board.apply_edit())
    result["preview"] = board.preview_label.text()
    result["edited_outlined"] = board.edited_highlight.unit_ids
    QTimer.singleShot(1500, lambda: window_shot("desktop_pocket_park.png", measure))

def window_shot(name, then):
    iface.mainWindow().grab().save(os.path.join(shots, name))
    settle(then, 500)

def measure():
    window = iface.mainWindow()
    plugins["urban_carbon_ledger"].gui.ledger_dock.show()
    QApplication.processEvents()
    screen = QApplication.primaryScreen().availableGeometry()
    result["window"] = [window.frameGeometry().width(), window.frameGeometry().height()]
    result["screen"] = [screen.width(), screen.height()]
    write(result)

settle(open_ledger, 2000)
"""


@pytest.mark.desktop
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian package xvfb)")
def test_a_planners_day_on_a_laptop_screen(teaching_ledger, tmp_path):
    """Installed from the ZIP into a fresh profile, QGIS on a 1366 x 768 screen: the plugin and its
    provider load, and again after a restart; the teaching ledger (with sources and image segments)
    opens, a click at 1:2,500 beside a building picks its parcel (not the image segment drawn with
    it before), the chessboard makes it a pocket park, and the window still fits the screen.
    Screenshots go to $UCL_SCREENSHOTS (docs/images for the README) or tmp_path."""
    from conftest import demo_parameters, run_algorithm

    folder = os.path.dirname(teaching_ledger)
    for algorithm in ("carbonledger:segmentimagery", "carbonledger:accountsources"):
        parameters = demo_parameters(algorithm, folder)
        parameters["LEDGER"] = teaching_ledger
        run_algorithm(algorithm, parameters)
    settings = _installed_profile(tmp_path)
    first = _start_desktop(tmp_path, settings)
    assert first["active"] and first["provider"], first
    shots = os.environ.get("UCL_SCREENSHOTS") or str(tmp_path)
    os.makedirs(shots, exist_ok=True)
    result = _start_desktop(tmp_path, settings, WORKDAY_SCRIPT, UCL_LEDGER=teaching_ledger, UCL_SHOTS=shots)
    assert result["active"] and result["provider"], result
    assert 2400 <= result["scale"] <= 2600, result  # 1:2,500
    assert result["picked"] == result["parcel"] and result["picked_level"] == "parcel", result
    assert result["chessboard_units"] == [result["parcel"]] and result["applied"] == 1, result
    assert result["edited_outlined"] == [result["parcel"]], result
    width, height = result["window"]
    assert width <= 1366 and height <= 768, result
