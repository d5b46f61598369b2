"""Strings of Processing outputs in a chosen language, whatever language QGIS runs in.

The LANGUAGE parameter of the reports and the atlas picks 'en' or 'zh' (or 'auto': the QGIS user
locale). ``translate`` looks the text up in the plugin's ``resources/i18n/urban_carbon_ledger_<lang>.qm``
(context "CarbonLedger", as ``LedgerAlgorithm.tr`` and the docks use) without installing the
translator, so a Chinese atlas can be printed from an English QGIS.
"""
import functools
import os
import threading

from qgis.PyQt.QtCore import QLocale, QSettings, QTranslator

from ..algorithms.reports.labels import language_of
from ..algorithms.reports.ledger_view import APPROACH1_NOTE, STORED_NOTE, run_parameters

CONTEXT = "CarbonLedger"
I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "i18n")


@functools.lru_cache(maxsize=None)
def _gui_settings():
    return QSettings()


def _settings():
    """A QSettings to read: the GUI thread's, made once (making one costs about 27 µs and every number the docks
    show asks for the language), or a fresh one on any other thread. The docks word numbers in their tasks too,
    and a QSettings object is reentrant, not thread-safe: one shared by the GUI thread and a task's thread is the likely
    cause of a crash of QGIS 3.40 in CI (not proven). Each reads what any other QSettings of the process writes."""
    return _gui_settings() if threading.current_thread() is threading.main_thread() else QSettings()


def chosen_language(value):
    """'en' or 'zh' from a LANGUAGE value ('auto' follows the QGIS user locale)."""
    return language_of(value, str(_settings().value("locale/userLocale", "") or QLocale.system().name()))


@functools.lru_cache(maxsize=None)
def _translator(language):
    translator = QTranslator()
    path = os.path.join(I18N_DIR, f"urban_carbon_ledger_{language}.qm")
    return translator if os.path.exists(path) and translator.load(path) else None


def translate(text, language):
    """``text`` in ``language`` from the plugin's translations; ``text`` itself when there is none."""
    translator = _translator(language) if language != "en" else None
    # bytes: PyQt5 passes a str to this const char* argument as ASCII and fails on '·'
    return (translator.translate(CONTEXT.encode(), text.encode("utf-8")) if translator else "") or text


def method_label(method, tr):
    """How a view's intervals were made (``LedgerView.interval_method``) in the words of ``tr`` (a translation function:
    the docks' ``i18n.tr``, or an algorithm's ``tr`` in its LANGUAGE), translated where it is the ledger's own rule; a
    stored run's description is shown as the ledger has it."""
    if method == APPROACH1_NOTE:
        return tr("95%, IPCC Approach 1 with shared factors and input amounts correlated")
    if method == STORED_NOTE:
        return tr("95%, as stored in the ledger")
    parameters = run_parameters(method)
    if parameters is None:
        return method
    names = {"iterations": tr("iterations"), "method": tr("method"), "seed": tr("seed")}
    values = {"montecarlo": tr("Monte Carlo (IPCC Approach 2)"), "approach1": tr("IPCC Approach 1")}
    described = tr(", ").join(f"{names.get(name, name)} {values.get(value, value)}" for name, value in parameters)
    return tr("95%, from the last carbonledger:uncertainty run ({parameters})").format(parameters=described)
