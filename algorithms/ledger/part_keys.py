"""The keys that say which parts of entries' deviations are one uncertain quantity (``intervals.parts``): a
shared emission factor ('factor:<factor_id>') or a shared input amount ('input:<inputs_hash>:<relative bounds>',
the rule ``mrv.monte_carlo`` draws them together by), spelled or as integer codes, and their numbering."""
import numpy as np
import pandas as pd

DIGITS = 12
"""Relative activity bounds are compared to this many decimals (as ``mrv.monte_carlo`` does)."""


def part_numbers(entries, hashes, measured):
    """``part_codes`` of the keys of ``intervals.parts`` (factor parts, then activity parts), without spelling a key:
    factor keys numbered first in order of first appearance, then activity keys (``activity_codes``), then
    every part of its own in turn (a report's million entries: no text per part)."""
    count = len(entries)
    factor = np.full(count, -1)
    if "factor_id" in entries.columns:
        named = entries["factor_id"].notna().to_numpy()
        factor[named] = pd.factorize(entries["factor_id"][named].astype(str).to_numpy(dtype=object))[0]
    if hashes is None:
        activity = np.full(count, -1)
    else:
        keyed = pd.Series(hashes, dtype=object).pipe(lambda h: h.notna() & (h.astype(str) != "")).to_numpy()
        activity = np.full(count, -1)
        activity[keyed] = pd.factorize(activity_codes(hashes, *measured)[keyed])[0]
    numbers = np.concatenate([factor, np.where(activity >= 0, activity + factor.max(initial=-1) + 1, -1)])
    own = numbers < 0
    numbers[own] = numbers.max(initial=-1) + 1 + np.arange(int(own.sum()))
    return numbers


def factor_keys(entries):
    """'factor:<factor_id>' per entry (None without a factor id: a part of its own)."""
    if "factor_id" not in entries.columns:
        return np.full(len(entries), None, dtype=object)
    ids = entries["factor_id"]
    return np.where(ids.notna().to_numpy(), ("factor:" + ids.astype(str)).to_numpy(dtype=object), None)


def activity_keys(hashes, below, above):
    """'input:<inputs_hash>:<relative bounds>' per entry: entries with equal keys are shares of one input
    amount (the rule ``mrv.monte_carlo`` draws them together by, too). None where there is no inputs_hash.

    hashes: inputs_hash per entry (None or '' for none, or None for all); below, above: relative
    deviations of the activity (``relative_deviation`` of activity_low/high), compared to DIGITS decimals.
    """
    below = np.asarray(below, dtype=float)
    if hashes is None:
        return np.full(len(below), None, dtype=object)
    hashes = pd.Series(np.asarray(hashes, dtype=object))
    text = ("input:" + hashes.astype(str) + ":" + pd.Series(np.round(below, DIGITS)).astype(str)
            + ":" + pd.Series(np.round(np.asarray(above, dtype=float), DIGITS)).astype(str))
    known = hashes.notna().to_numpy() & (hashes.astype(str) != "").to_numpy()
    return np.where(known, text.to_numpy(dtype=object), None)


def activity_key_codes(hashes, below, above):
    """The ``activity_keys`` of entries without spelling them per entry: (code of each entry's key in ``keys``, -1
    where it has none; ``keys``, its distinct keys in order of first appearance, as (inputs_hash text, bits of
    both deviations rounded to DIGITS decimals, every NaN as one) tuples: equal exactly when the texts are)."""
    if hashes is None:
        return np.full(len(below), -1, dtype=np.int64), []
    spelled = pd.Series(np.asarray(hashes, dtype=object)).astype(str).to_numpy(dtype=object)
    rows = np.flatnonzero(pd.notna(np.asarray(hashes, dtype=object)) & (spelled != ""))
    texts, distinct = pd.factorize(spelled[rows])
    bits = [np.where(np.isnan(r), np.nan, r).view(np.int64) for r in
            (np.round(np.asarray(deviation, dtype=float)[rows], DIGITS) for deviation in (below, above))]
    unique, first, inverse = np.unique(np.column_stack([texts, *bits]), axis=0, return_index=True,
                                       return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = np.full(len(below), -1, dtype=np.int64)
    codes[rows] = rank[inverse.reshape(-1)]
    return codes, [(distinct[text], below_bits, above_bits) for text, below_bits, above_bits in unique[order].tolist()]


def activity_codes(hashes, below, above):
    """The ``activity_keys`` of entries as integers, without spelling them: equal keys get equal codes, numbered in
    order of first appearance, and an entry without a key gets a code of its own (in that order too).

    Two keys are equal when their inputs_hash and both relative deviations rounded to DIGITS decimals are (a float
    spelled by repr is the same text exactly when it has the same bits; every NaN spells 'nan')."""
    codes, distinct = pd.factorize(pd.Series(np.asarray(hashes, dtype=object), dtype=object))
    own = np.array([str(value) == "" for value in distinct] + [True])[codes]  # code -1 (no hash): the last
    rounded = [np.round(np.asarray(deviation, dtype=float), DIGITS) for deviation in (below, above)]
    below_bits, above_bits = (np.where(np.isnan(r), np.nan, r).view(np.int64) for r in rounded)
    keys = pd.DataFrame({"input": np.where(own, -1, codes), "below": np.where(own, np.arange(len(codes)), below_bits),
                         "above": np.where(own, 0, above_bits)})
    return keys.groupby(["input", "below", "above"], sort=False).ngroup().to_numpy(dtype=np.int64)


def part_codes(keys):
    """Integer code of each part key; every None (a part of its own) gets a code of its own."""
    codes = pd.factorize(pd.Series(keys, dtype=object))[0]
    own = codes < 0
    codes[own] = codes.max(initial=-1) + 1 + np.arange(int(own.sum()))
    return codes
