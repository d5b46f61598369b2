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
