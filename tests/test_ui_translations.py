"""Every user-facing string of the algorithms reaches the translation source, and zh loads."""
import os
import sys

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication

from urban_carbon_ledger.ui import i18n

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))
import update_translations  # noqa: E402


def test_every_algorithm_string_is_in_the_translation_source(qgis_app):
    """Run `make translations` when this fails: a new or changed string is not in the .ts yet."""
    ts = os.path.join(update_translations.ROOT, "resources", "i18n", "urban_carbon_ledger_zh.ts")
    known = update_translations.read_ts(ts)
    missing = sorted(set(update_translations.runtime_strings()) - set(known))
    assert not missing, f"not in {os.path.basename(ts)}: {missing}"


def test_district_maps_in_chinese(qgis_app):
    translator = i18n.install_translator("zh")
    try:
        # labels set now
        algorithm = QgsApplication.processingRegistry().createAlgorithmById("carbonledger:districtmaps")
        assert algorithm.displayName() == "分区地图集"
        assert algorithm.group() == "报告"
        assert algorithm.shortHelpString().startswith("按照版式模板")
        assert [p.description() for p in algorithm.parameterDefinitions()][:2] == ["账本 GeoPackage",
                                                                                  "情景（“baseline”或已保存的情景）"]
        assert QgsApplication.processingRegistry().providerById("carbonledger").name() == "城市碳账本"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_a_task_thread_reads_the_language_through_its_own_settings(qgis_app):
    """The docks word numbers in their tasks too: a task's thread reads the language through a QSettings of its own
    (Qt's QSettings is reentrant, not thread-safe; one object shared by the GUI thread and a task's thread
    is the likely cause of a crash of QGIS 3.40 in CI), and both threads read the same setting."""
    import threading

    from urban_carbon_ledger.qgis_shared import translation

    seen = {}

    def in_thread():
        seen["settings"], seen["language"] = translation._settings(), translation.chosen_language("auto")

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    assert seen["settings"] is not translation._settings()
    assert seen["language"] == translation.chosen_language("auto")
    assert translation._settings() is translation._settings()  # the GUI thread's, made once
