"""Scenario combo boxes: each item holds a scenario's id as its data and shows its name in the docks' language
(the baseline by the translated word, a planner's scenario by the name the planner gave it)."""
from ..algorithms.ledger.schema import BASELINE
from .i18n import tr


def scenario_label(scenario):
    """The name of ``scenario`` (an id) as the docks show it."""
    return tr("baseline") if scenario == BASELINE else scenario


def fill_scenarios(box, scenarios, current=BASELINE):
    """Put ``scenarios`` (ids) into combo ``box`` and choose ``current`` (the baseline when it is not among them)."""
    box.clear()
    for scenario in scenarios:
        box.addItem(scenario_label(scenario), scenario)
    choose_scenario(box, current)


def chosen_scenario(box):
    """The id of the scenario chosen in ``box`` (the baseline while it is empty)."""
    return box.currentData() or BASELINE


def choose_scenario(box, scenario):
    """Choose ``scenario`` (an id) in ``box``; nothing changes when it is not listed."""
    index = box.findData(scenario)
    if index >= 0:
        box.setCurrentIndex(index)
