"""Which entries each ``activities`` row of a ledger produced, for verification (``verification.check_activities``).

A row produced the entries whose ``inputs_hash`` is its ``row_hash`` (bottom-up), or, when it is a top-down row
(one with a proxy), the downscaled entries of its scenario, year, sector and carrier whose units it covers and no
inner top-down row of the same key covers. The altered rows (``ActivityRows.altered``) are known from the
activities table alone, before the entries are read; only the entries an altered row may act on
(``ActivityRows.affected``) need to be kept for ``ActivityLinks``, which an entry's own columns decide.
"""
import json

import numpy as np
import pandas as pd

from ..ledger.provenance import hash_text


def years(values):
    """Years as ints (-1 where missing): activities rows and entries are matched by year."""
    return pd.to_numeric(pd.Series(values), errors="coerce").fillna(-1).to_numpy(dtype=np.int64)


def same_content(stored, original):
    """Whether two raw rows (dicts of text) hold the same values: numbers compared as numbers."""
    for key in set(stored) | set(original):
        a, b = str(stored.get(key, "")).strip(), str(original.get(key, "")).strip()
        if a == b:
            continue
        try:
            if float(a) == float(b):
                continue
        except ValueError:
            pass
        return False
    return True


def downscaled(entries):
    """Per entry, whether its method is a downscaling of a top-down row (each distinct method tested once)."""
    codes, methods = pd.factorize(entries["method"].to_numpy(dtype=object))
    return np.array([str(m).startswith("downscaled_") for m in methods] + [False], dtype=bool)[codes]


def entry_years(entries):
    """Per entry, its inventory year as an int (-1 where missing or without the column)."""
    return years(entries["inventory_year"]) if "inventory_year" in entries.columns else np.full(len(entries), -1)


class ActivityRows:
    """The ledger's activities rows as the checks read them: ``contents`` (their raw rows, dicts), ``fields``
    (row_id, target, sector, carrier and proxy as stripped text), ``years`` and ``keys`` ((scenario, year, sector,
    carrier) per row: a top-down row shares its entries out among those of its key)."""

    def __init__(self, activities):
        self.activities = activities.reset_index(drop=True)
        self.contents = [json.loads(text or "{}") for text in self.activities["content"]]
        self.fields = pd.DataFrame({
            key: [str(c.get(key, "")).strip() for c in self.contents]
            for key in ("row_id", "target", "sector", "carrier", "proxy")
        })
        self.years = years(self.activities["year"]) if "year" in self.activities.columns else np.full(
            len(self.activities), -1)
        self.keys = list(zip(self.activities["scenario"], self.years, self.fields["sector"], self.fields["carrier"],
                             strict=False))

    def __len__(self):
        return len(self.activities)

    def altered(self, inputs=None):
        """{position: (field, stored, recomputed)} of the rows altered in the ledger (their content's SHA-256 is not
        their row_hash: field inputs_hash) or that differ from ``inputs`` (original ACTIVITY rows, text DataFrame with
        row_id, or None: field input_row), in that order, each row once."""
        recomputed = np.asarray(hash_text(self.activities["content"].fillna("")), dtype=object)
        found = {}
        for position in np.flatnonzero(recomputed != self.activities["row_hash"].to_numpy()):
            found[position] = ("inputs_hash", self.activities["row_hash"].iat[position], recomputed[position])
        if inputs is None:
            return found
        original = {str(r["row_id"]).strip(): r for r in inputs.to_dict("records")}
        given = set(years(inputs["year"])) if "year" in inputs.columns else None
        for position, content in enumerate(self.contents):
            row_id = self.fields["row_id"].iat[position]
            if given is not None and self.years[position] not in given:
                continue  # a row of another inventory year: INPUTS is the table of its own years
            if row_id not in original:
                found.setdefault(position, ("input_row", row_id, "not in INPUTS"))
            elif not same_content(content, original[row_id]):
                found.setdefault(position, ("input_row", json.dumps(content, sort_keys=True),
                                            json.dumps(original[row_id], sort_keys=True)))
        return found

    def affected(self, entries, positions):
        """Per entry of ``entries``, whether an activities row of ``positions`` may have produced it or shared the
        remainder of its top-down row with it: its inputs_hash is such a row's hash, or it was downscaled from a row
        of such a row's key (every row a check of those rows looks at: ``ActivityLinks`` links no other entry to
        them, nor to the top-down rows around them, which share their key)."""
        positions = list(positions)
        hashes = self.activities["row_hash"].iloc[positions]
        chosen = entries["inputs_hash"].isin(hashes).to_numpy()
        keys = {self.keys[p] for p in positions}
        if not keys:
            return chosen
        shared = downscaled(entries)
        scenario, year = entries["scenario"].to_numpy(dtype=object), entry_years(entries)
        sector, carrier = entries["sector"].to_numpy(dtype=object), entries["carrier"].to_numpy(dtype=object)
        for key_scenario, key_year, key_sector, key_carrier in keys:
            chosen |= shared & (scenario == key_scenario) & (year == key_year) & (sector == key_sector) & (
                carrier == key_carrier)
        return chosen


class ActivityLinks:
    """Which entries each activities row produced, and which top-down row encloses which row.

    entries: entries of the ledger (every entry ``ActivityRows.affected`` chose for the rows asked about, at least);
    rows: the ``ActivityRows`` of its activities table; tree: the Hierarchy of the units and links; made_from: a
    function giving the codes in the tree of the units made from a source_id. A top-down row covers the units at or
    below its target (all units when the target is empty); an entry belongs to the innermost top-down row of its
    scenario, sector and carrier that covers its unit.
    """

    def __init__(self, entries, rows, tree, made_from):
        self.entries = entries
        self.activities, self.fields, self.keys = rows.activities, rows.fields, rows.keys
        self.tree = tree
        self.made_from = made_from
        self.entry_codes = tree.codes(entries["unit_id"].to_numpy()).astype(np.int64)
        self.bottom_up = self._bottom_up()
        self.top_down = {p: self._target_codes(p) for p in np.flatnonzero((self.fields["proxy"] != "").to_numpy())}
        self.owner = self._owners()

    def _target_codes(self, position):
        """Unit codes a row's target names (by unit_id, else source_id); None for the whole city."""
        target = self.fields["target"].iat[position]
        if target == "":
            return None
        code = self.tree.codes([target])[0]
        if code >= 0:
            return np.array([code], dtype=np.int64)
        return np.asarray(self.made_from(target), dtype=np.int64)  # the units made from that source

    def _covered(self, target, codes):
        """Which of unit ``codes`` lie at or below the units ``target`` (None: all)."""
        if target is None:
            return np.ones(len(codes), dtype=bool)
        return self.tree.inside(target, codes)

    def _depth(self, position):
        target = self.top_down[position]
        return -1 if target is None else int(self.tree.depth[target].min()) if len(target) else -1

    def _bottom_up(self):
        """Entry positions per activities row whose hash is their inputs_hash."""
        position_of = pd.Series(np.arange(len(self.activities)), index=self.activities["row_hash"].to_numpy())
        position_of = position_of[~position_of.index.duplicated()]
        linked = self.entries["inputs_hash"].map(position_of)
        return {int(p): np.flatnonzero((linked == p).to_numpy()) for p in linked.dropna().unique()}

    def _owners(self):
        """Per entry, the top-down row that produced it (-1 for none): outer rows first, inner ones override."""
        owner = np.full(len(self.entries), -1, dtype=np.int64)
        shared = downscaled(self.entries)
        for rows in self.bottom_up.values():
            shared[rows] = False
        keys = pd.DataFrame({"scenario": self.entries["scenario"].to_numpy(), "year": entry_years(self.entries),
                             "sector": self.entries["sector"].to_numpy(),
                             "carrier": self.entries["carrier"].to_numpy()})
        group = keys.groupby(list(keys.columns), dropna=False, sort=False).ngroup().to_numpy()
        code_of = {key: code for code, key in enumerate(keys.drop_duplicates().itertuples(index=False, name=None))}
        for position in sorted(self.top_down, key=self._depth):
            same = shared & (group == code_of.get(self.keys[position], -1))
            rows = np.flatnonzero(same)
            owner[rows[self._covered(self.top_down[position], self.entry_codes[rows])]] = position
        return owner

    def produced(self, position):
        """Entry positions produced by activities row ``position``."""
        if position in self.top_down:
            return np.flatnonzero(self.owner == position)
        return self.bottom_up.get(position, np.zeros(0, dtype=np.int64))

    def enclosing(self, position):
        """The innermost other top-down row of the same key covering row ``position`` (or None)."""
        if position in self.top_down:
            codes = self.top_down[position]
            if codes is None:
                return None
        else:
            codes = np.unique(self.entry_codes[self.produced(position)])
            if len(codes) == 0:
                codes = self._target_codes(position)
        if codes is None or len(codes) == 0:
            return None
        around = [p for p in self.top_down if p != position and self.keys[p] == self.keys[position]
                  and self._covered(self.top_down[p], codes).all()]
        return max(around, key=self._depth) if around else None
