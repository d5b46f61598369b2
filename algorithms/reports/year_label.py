"""Which inventory year (and version) a view reads, in words for the titles and headers of the reports,
atlas and maps ('inventory year 2024, version 2'), so no output leaves its year unsaid.
"""
from ..ledger.composition import scenario_chain
from ..ledger.schema import BASELINE
from .labels import text


def inventory_year_of(ledger, scenario=BASELINE, year=None):
    """The years.InventoryYear a view of ``scenario`` reads from ``ledger`` (a ledger Ledger): ``year``'s
    latest version, else for a scenario the year it starts from, else the latest; None for a ledger
    without inventory years (the rule of ``ledger.composition.compose``)."""
    if year is None and scenario != BASELINE:
        table = ledger.scenarios()
        chain = scenario_chain(table, scenario)
        started = table.at[chain[0], "inventory_year"] if chain and "inventory_year" in table.columns else None
        year = None if started is None or started != started else int(started)
    return ledger.inventory_year(year)


def year_words(chosen, language="en"):
    """'inventory year 2024, version 2' ('清单年份2024，第2版') for a years.InventoryYear; for None (a ledger
    without inventory years) 'inventory year not recorded'."""
    if chosen is None:
        return text("inventory_year_none", language)
    return text("inventory_year_label", language).format(year=int(chosen.year), version=int(chosen.version))


def titled(title, chosen, language="en"):
    """``title`` with the inventory year after it: 'Carbon inventory: baseline · inventory year 2024, version 2'."""
    return f"{title} · {year_words(chosen, language)}"
