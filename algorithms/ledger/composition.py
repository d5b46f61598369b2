"""A scenario's entries composed on its base, from what the ledger stores.

A scenario stores only the entries of the units its edits touched (``entries`` with its name),
and which units those are (``scenario_units``). Its full account is its base's full account with
those units' entries replaced, down the chain of bases to the baseline. The touched units are
recorded when a scenario is stored (``touched_units``), so reading a scenario needs no measure
library.
"""
import numpy as np
import pandas as pd

from ..core.errors import LedgerInputError
from ..core.messages import tr
from . import schema
from .hierarchy import Hierarchy
from .schema import BASELINE

DESCENDANT_KINDS = ("land_use_conversion",)
"""Measure kinds (resources/measures/measures.csv ``kind``) that re-account the units below the
edited one as well (their sink entries go)."""


def touched_units(edits, hierarchy, kinds):
    """Units whose entries a scenario's edits re-account: the edited units, and every unit below
    a unit edited by a measure of a DESCENDANT_KINDS kind.

    edits: DataFrame with unit_id, measure_id. hierarchy: DataFrame with unit_id, parent_id of
    the ledger's units and links. kinds: mapping measure_id -> kind (unknown measures touch only
    their unit). Returns a set of unit ids.
    """
    tree = Hierarchy(hierarchy)
    below = np.array([kinds.get(measure) in DESCENDANT_KINDS for measure in edits["measure_id"]], dtype=bool)
    codes = tree.codes(edits.loc[below, "unit_id"])
    touched = set(edits["unit_id"])
    touched.update(tree.ids[tree.below(codes[codes >= 0])])
    return touched


def scenario_chain(scenarios, name):
    """Scenarios from the first one built on baseline down to ``name`` (empty for baseline).

    scenarios: the ledger's scenarios table indexed by scenario name (columns base, ...).
    """
    chain = []
    while name != BASELINE:
        if name not in scenarios.index:
            raise LedgerInputError(tr("scenario '{scenario}' is not in the ledger").format(scenario=name),
                                   layer="LEDGER", field="scenario")
        if name in chain:
            raise LedgerInputError(tr("scenario '{scenario}' builds on itself").format(scenario=name),
                                   layer="LEDGER", field="base")
        chain.append(name)
        name = scenarios.at[name, "base"] or BASELINE
    return chain[::-1]


def compose(ledger, name, year=None):
    """All entries of scenario ``name`` of ``ledger`` (a store.Ledger): the baseline's, with the
    touched units' entries replaced by each scenario's own, down the chain to ``name``.

    The baseline is that of inventory ``year`` (int; default: the year the scenario starts from, and for
    the baseline itself the latest year), in its latest version: two years are never mixed.
    """
    table = ledger.scenarios()
    chain = scenario_chain(table, name)
    if year is None and chain and pd.notna(table.at[chain[0], "inventory_year"]):
        year = int(table.at[chain[0], "inventory_year"])
    entries = ledger.read_table("entries", match={"scenario": BASELINE, **ledger.year_match(year)})
    for scenario in chain:
        touched = ledger.read_table("scenario_units", ["unit_id"], {"scenario": scenario})["unit_id"]
        stored = _one_version(ledger.read_table("entries", match={"scenario": scenario}))
        entries = pd.concat([entries[~entries["unit_id"].isin(touched)], stored], ignore_index=True)
    return entries


def unit_reader(ledger, name, year=None):
    """How ``compose`` reads scenario ``name`` of ``ledger``, unit by unit: (read, owner, chosen). read(unit_ids)
    gives the entries of those units (every entry column) that ``compose`` gives them, each unit's read by id
    from the last scenario of the chain that touched it, else from the baseline; owner: {unit_id: scenario} of the
    units the chain touched; chosen: the InventoryYear (None in a ledger without years) of the baseline read."""
    table = ledger.scenarios()
    chain = scenario_chain(table, name)
    if year is None and chain and pd.notna(table.at[chain[0], "inventory_year"]):
        year = int(table.at[chain[0], "inventory_year"])
    chosen = ledger.inventory_year(year)
    match, columns = ledger.year_match(chosen), schema.columns("entries")
    owner = {unit: scenario for scenario in chain
             for unit in ledger.read_table("scenario_units", ["unit_id"], {"scenario": scenario})["unit_id"]}

    def read(unit_ids):
        groups = {}
        for unit in unit_ids:
            groups.setdefault(owner.get(unit, BASELINE), []).append(unit)
        parts = [ledger.entries_of_units(groups.pop(BASELINE, []), BASELINE, columns, match)]
        parts += [_one_version(ledger.entries_of_units(ids, scenario, columns)) for scenario, ids in groups.items()]
        return pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)

    return read, owner, chosen


def _one_version(stored):
    """A scenario's own entries of one inventory version: a new version of a year copies every entry of
    the version before it, the scenario's too (``years.carried_over``), so only the latest copy counts."""
    if "inventory_year" not in stored.columns or stored["inventory_year"].isna().all():
        return stored
    version = pd.MultiIndex.from_frame(stored[["inventory_year", "year_version"]].fillna(-1).astype(int))
    return stored[version == version.max()]
