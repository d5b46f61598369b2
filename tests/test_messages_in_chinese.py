"""A Processing run in a Chinese QGIS says the science's progress, warnings and errors in Chinese (real QGIS, the
plugin's shipped .qm installed as the desktop installs it)."""
import re

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback
from qgis.PyQt.QtCore import QCoreApplication

from urban_carbon_ledger.ui import i18n
from source_city import COLUMNS

CJK = re.compile(r"[\u4e00-\u9fff]")


class Said(QgsProcessingFeedback):
    """Feedback that keeps every progress text and log line."""

    def __init__(self):
        super().__init__()
        self.texts, self.logged, self.warned = [], [], []

    def setProgressText(self, text):  # noqa: N802 (QGIS API name)
        self.texts.append(text)
        super().setProgressText(text)

    def pushInfo(self, info):  # noqa: N802 (QGIS API name)
        self.logged.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning):  # noqa: N802 (QGIS API name)
        self.warned.append(warning)
        super().pushWarning(warning)


@pytest.fixture
def chinese(qgis_app):
    translator = i18n.install_translator("zh")
    assert translator is not None
    yield
    QCoreApplication.removeTranslator(translator)


def _activity(tmp_path, amount, unit="kWh"):
    """An ACTIVITY CSV of one electricity row on D01 whose amount is ``amount`` (in ``unit``)."""
    path = tmp_path / "activity.csv"
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(
        ["E1", "D01", "residential", "electricity", amount, unit, "10", "2023", "floor_area"]) + "\n")
    return str(path)


def test_the_accounting_steps_report_their_progress_in_chinese(ledger_path, tmp_path, run_alg, chinese):
    """accountsources, uncertainty (Monte Carlo) and verifyledger one after another: every progress text each gives
    is Chinese."""
    for algorithm, parameters in (
            ("carbonledger:accountsources", {"ACTIVITY": _activity(tmp_path, "1000000"), "YEAR": 2023}),
            ("carbonledger:uncertainty", {"METHOD": 1, "ITERATIONS": 200, "SEED": 1}),
            ("carbonledger:verifyledger", {"OUTPUT": "TEMPORARY_OUTPUT"})):
        said = Said()
        run_alg(algorithm, {"LEDGER": ledger_path, **parameters}, feedback=said)
        assert said.texts, f"no progress text of {algorithm} reached the feedback"
        assert [text for text in said.texts if not CJK.search(text)] == [], algorithm


def test_a_refused_table_is_named_in_chinese_with_its_layer_field_and_row(ledger_path, tmp_path, run_alg, chinese):
    with pytest.raises(QgsProcessingException) as refused:
        run_alg("carbonledger:accountsources", {"LEDGER": ledger_path, "ACTIVITY": _activity(tmp_path, "abc"),
                                                "YEAR": 2023})
    assert str(refused.value) == "图层“ACTIVITY”，字段“amount”，行 E1：“abc”不是数字"  # the row named by its row_id


def test_the_chessboard_shows_an_edits_warning_in_chinese(chinese):
    from urban_carbon_ledger.algorithms.scenarios.measure_effects import NothingToCut
    from urban_carbon_ledger.ui.chessboard_preview import warning_text

    warning = NothingToCut("D01-L0007", "sector", "road_traffic", "Vehicle electrification on road links")
    assert warning_text(warning) == "D01-L0007 没有道路交通的排放源条目：道路路段车辆电动化在此不产生任何变化。"


def test_an_extreme_amount_is_refused_naming_its_quantity_in_chinese(ledger_path, tmp_path, run_alg, chinese):
    """300,000,000 MWh = 3e11 kWh, above the extreme bound 2e11 kWh of resources/plausible_ranges.csv: the quantity is
    named in the shipped tables' translation, not in their English."""
    with pytest.raises(QgsProcessingException) as refused:
        run_alg("carbonledger:accountsources", {"LEDGER": ledger_path, "ACTIVITY": _activity(tmp_path, "3e8", "MWh"),
                                                "YEAR": 2023})
    assert "单个活动数据行的用电量" in str(refused.value) and "electricity amount" not in str(refused.value)


def test_an_accepted_extreme_amount_is_a_warning_of_qgis_in_chinese(ledger_path, tmp_path, run_alg, chinese):
    said = Said()
    run_alg("carbonledger:accountsources", {"LEDGER": ledger_path, "ACTIVITY": _activity(tmp_path, "3e8", "MWh"),
                                            "YEAR": 2023, "ACCEPT_EXTREME": "yes"}, feedback=said)
    assert len(said.warned) == 1 and "ACTIVITY" in said.warned[0] and CJK.search(said.warned[0])
    assert not [line for line in said.logged if "ACCEPT_EXTREME" in line]  # a warning, not an info line
