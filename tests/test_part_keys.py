"""The keys of shared input amounts (``ledger.part_keys``): one rule, spelled, coded across batches and coded per
call, worked out by hand on hostile hashes and bounds (the text rule of main's ``activity_keys`` is the reference)."""
import numpy as np
import pandas as pd

from urban_carbon_ledger.algorithms.ledger import part_keys

# Two keys are equal when the inputs_hash spelled as text (str) and both relative bounds rounded to 12 decimals are.
HASHES = np.array(["h", "h", 7, "7", 1, 1.0, True, None, np.nan, "", "nan", "h", "h", "h"], dtype=object)
BELOW = np.array([0.1, 0.1 + 1e-14, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, np.nan, -0.0, np.nan,
                  -np.nan])  # a NaN with its sign bit set (other bits), spelled 'nan' too
ABOVE = np.array([0.2] * 10 + [np.nan, 0.0, np.nan, np.nan])
# by hand: 'input:h:0.1:0.2' twice (1e-14 is gone at 12 decimals), 'input:7:0.1:0.2' twice (7 and '7' spell alike),
# 'input:1:...', 'input:1.0:...', 'input:True:...' (three texts, though 1 == 1.0 == True in Python), no key for None,
# NaN and '', 'input:nan:nan:nan' (the text 'nan' is a hash), 'input:h:-0.0:0.0', 'input:h:nan:nan' twice
KEYS = ["input:h:0.1:0.2", "input:h:0.1:0.2", "input:7:0.1:0.2", "input:7:0.1:0.2", "input:1:0.1:0.2",
        "input:1.0:0.1:0.2", "input:True:0.1:0.2", None, None, None, "input:nan:nan:nan", "input:h:-0.0:0.0",
        "input:h:nan:nan", "input:h:nan:nan"]
KEY_CODES = [0, 0, 1, 1, 2, 3, 4, -1, -1, -1, 5, 6, 7, 7]


def bits(value):
    """The int64 bits of a float (every NaN as the one NaN)."""
    return int(np.array([value], dtype=float).view(np.int64)[0])


def test_activity_keys_spell_the_rule_by_hand():
    assert part_keys.activity_keys(HASHES, BELOW, ABOVE).tolist() == KEYS
    assert part_keys.activity_keys(None, BELOW, ABOVE).tolist() == [None] * len(BELOW)


def test_activity_key_codes_number_the_keys_in_order_of_first_appearance():
    codes, keys = part_keys.activity_key_codes(HASHES, BELOW, ABOVE)
    assert codes.tolist() == KEY_CODES
    nan = bits(np.nan)
    assert keys == [("h", bits(0.1), bits(0.2)), ("7", bits(0.1), bits(0.2)), ("1", bits(0.1), bits(0.2)),
                    ("1.0", bits(0.1), bits(0.2)), ("True", bits(0.1), bits(0.2)), ("nan", nan, nan),
                    ("h", bits(-0.0), bits(0.0)), ("h", nan, nan)]
    none_codes, none_keys = part_keys.activity_key_codes(None, BELOW, ABOVE)
    assert none_codes.tolist() == [-1] * len(BELOW) and none_keys == []


def test_activity_codes_give_entries_without_a_key_codes_of_their_own():
    # the keys as KEY_CODES, the three entries without a key (None, NaN, '') each a code of its own, in order
    # (main's activity_codes numbered the raw values, not their text: 1, 1.0 and True one code, 7 and '7' two)
    assert part_keys.activity_codes(HASHES, BELOW, ABOVE).tolist() == [0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]
    assert part_keys.activity_codes(["h", None, "", "h"], [0.1] * 4, [0.2] * 4).tolist() == [0, 1, 2, 0]
    assert part_keys.activity_codes([], [], []).tolist() == []


def test_part_numbers_number_factor_keys_then_activity_keys_then_parts_of_their_own():
    entries = pd.DataFrame({"factor_id": ["g", "g"] + [None] * 12})
    numbers = part_keys.part_numbers(entries, HASHES, (BELOW, ABOVE))
    # factor parts: 'factor:g' 0 twice, then 12 of their own; activity parts: KEY_CODES + 1 (1..8), the three
    # without a key of their own; the parts of their own numbered 9.. in order, factor parts first
    own = iter(range(9, 24))
    expected = [0, 0] + [next(own) for _ in range(12)] + [code + 1 if code >= 0 else next(own) for code in KEY_CODES]
    assert numbers.tolist() == expected


def test_part_codes_of_the_spelled_keys_equal_the_codes():
    spelled = pd.Series(part_keys.activity_keys(HASHES, BELOW, ABOVE), dtype=object)
    assert pd.factorize(spelled)[0].tolist() == KEY_CODES
    assert part_keys.part_codes(spelled).tolist() == [0, 0, 1, 1, 2, 3, 4, 8, 9, 10, 5, 6, 7, 7]
