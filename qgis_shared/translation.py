"""Strings of Processing outputs in a chosen language, whatever language QGIS runs in.

The LANGUAGE parameter of the reports and the atlas picks 'en' or 'zh' (or 'auto': the QGIS user
locale). ``translate`` looks the text up in the plugin's ``resources/i18n/urban_carbon_ledger_<lang>.qm``
(context "CarbonLedger", as ``LedgerAlgorithm.tr`` and the docks use) without installing the
translator, so a Chinese atlas can be printed from an English QGIS.
"""
import functools
import os

from qgis.PyQt.QtCore import QLocale, QSettings, QTranslator

from ..algorithms.reports.labels import language_of

CONTEXT = "CarbonLedger"
I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "i18n")


@functools.lru_cache(maxsize=None)
def _settings():
    """The process's QSettings, made once: making one costs about 27 µs and every number the docks show asks for
    the language; one object reads what any other QSettings of the process writes."""
    return QSettings()


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
