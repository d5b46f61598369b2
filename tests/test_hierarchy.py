"""The unit hierarchy module: depths, ancestors, descendants and pre-order worked out by hand."""
import numpy as np
import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.ledger.hierarchy import Hierarchy, nearest_ancestor_in

# code: 0 CITY, 1 D1, 2 D2, 3 B1, 4 B2, 5 P1, 6 P2, 7 P3, 8 L1 (a link of D1), 9 X (its parent is unknown)
FRAME = pd.DataFrame({
    "unit_id": ["CITY", "D1", "D2", "B1", "B2", "P1", "P2", "P3", "L1", "X"],
    "parent_id": [None, "CITY", "CITY", "D1", "D1", "B1", "B1", "B2", "D1", "NOWHERE"],
    "level": ["city", "district", "district", "block", "block", "parcel", "parcel", "parcel", "link", "parcel"],
})
TREE = Hierarchy(FRAME)


def test_parents_and_depths_by_hand():
    assert TREE.parent.tolist() == [-1, 0, 0, 1, 1, 3, 3, 4, 1, -1]
    assert TREE.depth.tolist() == [0, 1, 1, 2, 2, 3, 3, 3, 2, 0]
    assert TREE.rooted.all()
    assert TREE.codes(["P3", "nothing", "CITY"]).tolist() == [7, -1, 0]


def test_ancestors_by_hand():
    assert TREE.ancestors(6).tolist() == [6, 3, 1, 0]  # P2 < B1 < D1 < CITY
    assert TREE.ancestor_at_level("district").tolist() == [-1, 1, 2, 1, 1, 1, 1, 1, 1, -1]
    assert TREE.ancestor_at_level("block", [5, 7, 1]).tolist() == [3, 4, -1]
    assert (TREE.ancestor_at_level("segment") == -1).all()  # a level no unit has
    # nearest strict ancestor among {B1, CITY}: P1 -> B1, P3 -> CITY (B2 is not a target), CITY -> none
    assert TREE.nearest_ancestor_in([5, 7, 8, 2, 0, -1], [3, 0]).tolist() == [3, 0, 0, 0, -1, -1]
    assert TREE.nearest_ancestor_in([5, 3], [5, 3], include_self=True).tolist() == [5, 3]
    # highest of itself and its ancestors among {P1, B1, D2, X}: P1 -> B1, B1 -> B1, P3 -> P3 (none), X -> X
    assert TREE.topmost_in([5, 3, 7, 9, 2], [5, 3, 2, 9]).tolist() == [3, 3, 7, 9, 2]
    assert TREE.leaves.tolist() == [False, False, True, False, False, True, True, True, True, True]
    found = nearest_ancestor_in(FRAME, ["P2", "L1", "CITY"], ["B1", "CITY"])
    assert found.to_dict() == {"P2": "B1", "L1": "CITY", "CITY": None}


def test_descendants_children_and_inside_by_hand():
    assert TREE.children(1).tolist() == [3, 4, 8]
    assert TREE.children(5).tolist() == []
    assert TREE.descendants(1).tolist() == [1, 3, 5, 6, 4, 7, 8]  # depth first: D1, B1, P1, P2, B2, P3, L1
    assert TREE.below([1]).tolist() == [1, 3, 4, 8, 5, 6, 7]  # breadth first: D1, B1, B2, L1, P1, P2, P3
    assert TREE.below([4, 2]).tolist() == [4, 2, 7]
    assert np.flatnonzero(TREE.inside([3, 2])).tolist() == [2, 3, 5, 6]  # D2; B1 and its parcels
    assert TREE.inside([3, 2], [6, 7, -1, 2]).tolist() == [True, False, False, True]


def test_preorder_and_roll_up_by_hand():
    position, size = TREE.preorder
    # depth first, top units and siblings in code order: CITY D1 B1 P1 P2 B2 P3 L1 D2, then X
    assert position.tolist() == [0, 1, 8, 2, 5, 3, 4, 6, 7, 9]
    assert size.tolist() == [9, 7, 1, 3, 2, 1, 1, 1, 1, 1]
    assert TREE.preorder_codes().tolist() == [0, 1, 3, 5, 6, 4, 7, 8, 2, 9]
    counted = TREE.roll_up(np.ones((len(TREE), 1)))  # a unit plus its descendants = its subtree size
    assert counted[:, 0].tolist() == size.tolist()


def test_a_parent_cycle_is_left_out_of_the_preorder_and_refused_by_roll_ups():
    looped = Hierarchy(pd.DataFrame({"unit_id": ["T", "A", "B"], "parent_id": [None, "B", "A"]}))
    assert looped.rooted.tolist() == [True, False, False]
    assert looped.preorder[0].tolist() == [0, -1, -1]
    with pytest.raises(ValueError, match="cycle"):
        looped.roll_up(np.ones((3, 1)))
