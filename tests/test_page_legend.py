"""An atlas page's legend classes from arrays (algorithms.reports.page_legend), worked out by hand."""
import numpy as np

from urban_carbon_ledger.algorithms.reports import page_legend


def test_first_class_wins_at_a_shared_edge_and_values_outside_have_none():
    # classes in the renderer's order: [-inf, -1e-9], [0, 4], [4, 17], [17, inf] (QGIS includes both edges)
    lowers, uppers = [-1e12, 0.0, 4.0, 17.0], [-1e-9, 4.0, 17.0, 1e12]
    values = [-3.0, 0.0, 4.0, 4.5, 17.0, 40.0, -1e-12, np.nan]
    # 4.0 sits on the edge of classes 1 and 2: the first (1) wins; -1e-12 falls between -1e-9 and 0: none
    assert page_legend.class_of(values, lowers, uppers).tolist() == [0, 1, 1, 2, 2, 3, -1, -1]


def test_a_class_listed_first_out_of_order_still_wins_its_value():
    # a scenario's change map lists 'no change' [0, 0] first, then sinks [-inf, -1e-9] and sources [0, inf]
    lowers, uppers = [0.0, -1e12, 0.0], [0.0, -1e-9, 1e12]
    assert page_legend.class_of([0.0, -2.0, 3.0], lowers, uppers).tolist() == [0, 1, 2]


def test_only_the_classes_of_boxes_meeting_the_extent_are_shown():
    classes = np.array([0, 1, 2, 3, -1])
    bounds = np.array([
        [0, 0, 10, 10],      # class 0, inside the extent
        [10, 10, 20, 20],    # class 1, touches the extent's corner (10, 10): shown, as the hit test's box
        [11, 0, 20, 5],      # class 2, right of it: not shown
        [np.nan] * 4,        # class 3, no geometry: never shown
        [0, 0, 1, 1],        # no class (NaN value): inside but not shown
    ])
    assert page_legend.classes_shown(classes, bounds, (0, 0, 10, 10)) == [0, 1]
    assert page_legend.classes_shown(classes, bounds, (100, 100, 200, 200)) == []
