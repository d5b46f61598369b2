"""Translation of the plugin's strings: one context, the translator loaded from the QGIS locale.

Every user-facing string of the plugin goes through ``tr`` (context "CarbonLedger", the same
context as ``LedgerAlgorithm.tr``), so one ``resources/i18n/urban_carbon_ledger_<lang>.qm`` holds
the algorithm names, parameter labels, help texts and the docks' strings.
"""
import os
import re
import unicodedata

from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

CONTEXT = "CarbonLedger"
I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "i18n")


def tr(text):
    """``text`` translated in the plugin's context."""
    return QCoreApplication.translate(CONTEXT, text)


def flow_label(flow):
    """Translated name of an entry flow (source, sink, avoided, grid_supply, lifecycle)."""
    return {"source": tr("source"), "sink": tr("sink"), "avoided": tr("avoided"),
            "grid_supply": tr("supplied to the grid (GPC I.4.4, not in the net)"),
            "lifecycle": tr("life cycle (not in the net)")}.get(flow, flow)


def level_label(level):
    """Translated name of a unit level (city, district, block, parcel, building, segment, link)."""
    return {"city": tr("city"), "district": tr("district"), "block": tr("block"), "parcel": tr("parcel"),
            "building": tr("building"), "segment": tr("image segment"), "link": tr("road link")}.get(level, level)


WORD_JOINER = "\u2060"
"""Between two characters, a line may not break there (Unicode line breaking, UAX #14)."""
NO_BREAK_SPACE = "\u00a0"
ONE_LETTER = re.compile(r"(?<!\w)(\w) ")
"""A one-letter word and the space after it ('t CO2e', '0 no'): the two stay on one line."""


def with_unit(label, unit):
    """A field label and its unit, translated: 'Capital cost (CNY/m2 of parcel)', '资本成本（元/平方米地块）'. A
    wrapped label breaks before the unit, at a space or after a '/' of it, never inside a word of it ('（元/平方米地'
    then '块）' read as two units)."""
    return tr("{label} ({unit})").format(label=tr(label), unit=unbroken(tr(unit)))


def unbroken(unit):
    """``unit`` (text) that a wrapped label breaks at a space or after a '/' only: WORD_JOINER between two characters
    of which one is Chinese (Qt breaks Chinese text between any two characters), a no-break space after a one-letter
    word (``ONE_LETTER``)."""
    text = ONE_LETTER.sub(lambda found: found.group(1) + NO_BREAK_SPACE, unit)
    joined = text[:1]
    for before, after in zip(text[:-1], text[1:], strict=True):
        if before != "/" and (_wide(before) or _wide(after)):
            joined += WORD_JOINER
        joined += after
    return joined


def _wide(character):
    """Whether ``character`` is written wide (Chinese characters and punctuation), where Qt may break a line."""
    return unicodedata.east_asian_width(character) in ("W", "F")


def currency_label(currency):
    """A measure's currency code in the docks' language ('CNY': '元' in Chinese, as the form's units say it)."""
    return {"CNY": tr("CNY")}.get(currency, currency)


def sector_label(sector):
    """Translated, readable name of an entry sector (the ledger's ``sector`` column); an unknown
    sector is shown with its underscores as spaces."""
    labels = {
        "residential": tr("residential buildings"), "commercial": tr("commercial buildings"),
        "public": tr("public buildings"), "electricity": tr("electricity"),
        "industry_combustion": tr("industry, fuel combustion"), "industry_process": tr("industrial processes"),
        "energy_industries": tr("energy industries, own use"),
        "energy_generation": tr("power and heat supplied to the grid"),
        "road_traffic": tr("road traffic"), "waste": tr("waste"),
        "sequestration": tr("vegetation: uptake and pruning losses"),
        "land_conversion": tr("land-use conversion"), "greenspace_cooling": tr("cooling by green space"),
        "greenspace_stormwater": tr("stormwater retained by green space"),
        "greenspace_irrigation": tr("green-space irrigation"), "greenspace_replanting": tr("green-space replanting"),
        "greenspace_construction": tr("green-space construction"),
        "greenspace_fertiliser": tr("green-space fertiliser"), "greenspace_mowing": tr("green-space mowing"),
        "greenspace_pruning_waste": tr("green-space pruning waste"),
    }
    return labels.get(sector, str(sector).replace("_", " "))


def method_label(method):
    """How a view's intervals were made (``LedgerView.interval_method``), translated where it is
    the ledger's own rule; a stored run's description is shown as the ledger has it."""
    from ..algorithms.reports.ledger_view import APPROACH1_NOTE, STORED_NOTE, run_parameters  # not at import:
    # plugin.py loads this module first

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


def language():
    """The docks' language, 'en' or 'zh' (the QGIS user locale, which their translation follows too)."""
    from ..qgis_shared.translation import chosen_language  # not at import, as in method_label

    return chosen_language("auto")


def code_name(code):
    """Readable name of a code in the docks' language: an entry's carrier ('natural_gas': 'Natural gas', '天然气'),
    a land use, a land-cover class (``labels.name_of``: resources/report/labels.csv)."""
    from ..algorithms.reports.labels import name_of  # not at import, as in method_label

    return name_of(code, language())


def user_language():
    """Two-letter language of the QGIS user locale setting ``locale/userLocale`` (system locale if unset)."""
    locale = QSettings().value("locale/userLocale", "") or QLocale.system().name()
    return str(locale)[:2]


def install_translator(language=None):
    """Load and install the plugin's .qm for ``language`` (default: the QGIS user locale).

    Returns the installed QTranslator (keep it and pass it to ``QCoreApplication.removeTranslator``
    on unload), or None when no translation ships for that language.
    """
    path = os.path.join(I18N_DIR, f"urban_carbon_ledger_{language or user_language()}.qm")
    if not os.path.exists(path):
        return None
    translator = QTranslator()
    if not translator.load(path):
        return None
    QCoreApplication.installTranslator(translator)
    return translator
