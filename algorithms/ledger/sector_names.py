"""Readable names of the entry sectors (the ledger's ``sector`` column), one place for every front end.

``resources/sector_names.csv`` (sector, name, source) holds each name in English; ``sector_name`` gives it as a
``core.messages.Message``, which Processing's log and the docks say in the plugin's translation (the CSV's name
column goes into the .ts files with the other shipped tables: ``scripts/update_translations.py`` DATA_COLUMNS), so
both name a sector in the same words.
"""
from ..core.messages import Message
from ..core.resources import shipped_table


def sector_name(sector):
    """Readable name of an entry sector: 'industry_combustion' -> the message 'industry, fuel combustion'; a sector
    not in the table comes back as its code with underscores as spaces (a str)."""
    names = shipped_table("sector_names.csv", dtype=str).set_index("sector")["name"]
    return Message(names[sector]) if sector in names.index else str(sector).replace("_", " ")
