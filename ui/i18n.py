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
NO_BREAK_HYPHEN = "\u2011"
HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
"""A hyphen between two letters ('vehicle-km'): written as NO_BREAK_HYPHEN, the word stays on one line."""
ONE_LETTER = re.compile(r"(?<!\w)(\w) ")
"""A one-letter word and the space after it ('t CO2e', '0 no'): the two stay on one line."""


def with_unit(label, unit):
    """A field label and its unit, translated: 'Capital cost (CNY/m2 of parcel)', '资本成本（元/平方米地块）'. A
    wrapped label breaks before the unit, at a space or after a '/' of it, never inside a word of it ('（元/平方米地'
    then '块）' read as two units), nor at a hyphen between letters ('vehicle-' then 'km')."""
    return tr("{label} ({unit})").format(label=HYPHEN.sub(NO_BREAK_HYPHEN, tr(label)), unit=unbroken(tr(unit)))


def unbroken(unit):
    """``unit`` (text) that a wrapped label breaks at a space or after a '/' only: WORD_JOINER between two characters
    of which one is Chinese (Qt breaks Chinese text between any two characters), a no-break space after a one-letter
    word (``ONE_LETTER``), no break after a '/' between Latin letters ('CNY/link', not 'CNY/' then 'link'), and no
    break before a last part of one character ('元/' then '棵/年', not '年' alone)."""
    text = ONE_LETTER.sub(lambda found: found.group(1) + NO_BREAK_SPACE, unit)
    last_slash = text.rfind("/") if len(text) - text.rfind("/") <= 2 else -1
    joined = text[:1]
    for position, (before, after) in enumerate(zip(text[:-1], text[1:], strict=True)):
        wide = _wide(before) or _wide(after)
        if (before == "/" and not wide) or ((before != "/" or position == last_slash) and wide):
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
    """Translated, readable name of an entry sector (the ledger's ``sector`` column), in the words of Processing's log
    (``ledger.sector_names``); an unknown sector is shown with its underscores as spaces."""
    from ..algorithms.core.messages import said  # not at import, as in language
    from ..algorithms.ledger.sector_names import sector_name

    return said(sector_name(sector), tr)


def language():
    """The docks' language, 'en' or 'zh' (the QGIS user locale, which their translation follows too)."""
    from ..qgis_shared.translation import chosen_language  # not at import: plugin.py loads this module first

    return chosen_language("auto")


def code_name(code):
    """Readable name of a code in the docks' language: an entry's carrier ('natural_gas': 'Natural gas', '天然气'),
    a land use, a land-cover class (``labels.name_of``: resources/report/labels.csv)."""
    from ..algorithms.reports.labels import name_of  # not at import, as in language

    return name_of(code, language())


def in_sentence(name):
    """A readable name ('Heat', 'Natural gas') as written inside a sentence: its capital lowered, unless the name is an
    abbreviation ('LPG') or not Latin."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


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
