"""The ledger dock's summary of a unit: its name and level, net, 95% interval, sources and sinks (t CO2e/yr),
how the intervals were made, the change against the baseline in a scenario, and when its entries were computed."""
from ..algorithms.reports import ledger_view as ledger_queries
from .formatting import count, interval, number, signed, utc_time
from ..qgis_shared.translation import method_label
from .i18n import level_label, tr


def summary_text(view, base, unit_id, entries_read=True, unread=None):
    """The summary (rich text) of ``unit_id`` in LedgerView ``view``; ``base``: the baseline's view in a scenario,
    else None. ``entries_read``: False while its entries are read (or too many: ``unread`` says so), when the
    times they were computed are not known yet."""
    unit = view.unit(unit_id)
    name = f" {unit['name']}" if unit.get("name") and unit["name"] != unit_id else ""  # not "CITY CITY"
    text = tr(
        "<b>{unit}</b>{name} ({level})<br>Net <b>{net}</b> t CO2e/yr (95%: {interval} t CO2e/yr); "
        "sources {sources} t CO2e/yr, sinks {sinks} t CO2e/yr"
    ).format(
        unit=unit_id, name=name, level=level_label(unit["level"]), net=number(unit["net_t"]),
        interval=interval(unit["net_low_t"], unit["net_high_t"]),
        sources=number(unit["source_t"]), sinks=number(unit["sink_t"]),
    )
    method = tr("Intervals: {method}").format(method=method_label(view.interval_method, tr))
    text += f"<br><small>{method}</small>"
    if base is not None:
        delta = ledger_queries.delta_totals(view, base, unit_id)
        text += "<br>" + tr("Change vs baseline: <b>{delta}</b> t CO2e/yr (baseline net {base} t CO2e/yr)").format(
            delta=signed(delta["delta_t"]), base=number(delta["base_net_t"]),
        )
    if not entries_read:
        return text + "<br>" + (unread or tr("Reading the entries of {unit}…").format(unit=unit_id))
    return text + computed_line(*view.computed_range(unit_id))


def computed_line(first, last, versions):
    """'<br>Computed {first} to {last}; algorithm version ...' of a unit's entries (their earliest and latest
    computed_at), one time when they are the same; '' when the unit has no entries (``first`` None)."""
    if not first:
        return ""
    when = (tr("Computed {time}").format(time=utc_time(first)) if first == last else
            tr("Computed {first} to {last}").format(first=utc_time(first), last=utc_time(last)))
    return "<br>" + tr("{computed}; algorithm version {versions}").format(computed=when, versions=", ".join(versions))


def map_note(edited):
    """The line saying that the map is drawn from the baseline while a scenario is shown, and that its ``edited``
    units (a count) are outlined on it."""
    text = (tr("The map shows the baseline; the unit this scenario edits is outlined in dark blue.") if edited == 1 else
            tr("The map shows the baseline; the {count} units this scenario edits are outlined in dark blue.").format(
                count=count(edited)))
    return f"<br><small>{text}</small>"
