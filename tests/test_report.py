"""Inventory report: its totals equal the ledger's, GPC cells by hand, notation keys, self-contained HTML."""
import contextlib
import re
import sqlite3

import pandas as pd
import pytest

from urban_carbon_ledger.algorithms.reports import report_parts, inventory, inventory_report, ledger_view
from urban_carbon_ledger.algorithms.mrv import uncertainty
from urban_carbon_ledger.algorithms.core.errors import LedgerInputError

from mrv_ledger import build


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One ledger with its Monte Carlo and report per module (the tests using it only read them)."""
    folder = tmp_path_factory.mktemp("report")
    ledger = build(folder / "l.gpkg")
    uncertainty.run_uncertainty(ledger.path, iterations=400, seed=1)
    result = inventory_report.write_report(ledger.path, str(folder / "out" / "inventory.html"))
    return ledger, result


def test_report_totals_equal_the_ledger(report):
    ledger, result = report
    entries = ledger.read_table("entries")
    units = ledger.read_table("units").set_index("unit_id")
    by_flow = entries.groupby("flow")["co2e_t"].sum()
    assert result["source_t"] == pytest.approx(by_flow["source"]) == pytest.approx(1661.0)
    assert result["sink_t"] == pytest.approx(by_flow["sink"]) == pytest.approx(-110 / 3)
    assert result["avoided_t"] == pytest.approx(-50.0)
    city = units.loc["C"]
    assert (result["net_t"], result["net_low_t"], result["net_high_t"]) == pytest.approx(
        (city["net_t"], city["net_low_t"], city["net_high_t"]))
    districts = pd.read_excel(result["xlsx"], sheet_name="districts").set_index("district")
    for district in ("D1", "D2"):
        for column in ("source_t", "sink_t", "net_t", "net_low_t", "net_high_t"):
            assert districts.at[district, column] == pytest.approx(units.at[district, column])
    assert districts.at["D2", "avoided_t"] == pytest.approx(-50.0)
    assert districts["net_t"].sum() == pytest.approx(city["net_t"])
    gpc = pd.read_csv(result["csv"]).set_index("gpc_sector")
    assert float(gpc.at["TOTAL", "total_t"]) == pytest.approx(city["net_t"])


def test_gpc_cells_by_hand_and_notation_keys(report):
    _, result = report
    gpc = pd.read_excel(result["xlsx"], sheet_name="gpc").set_index("gpc_sector")
    assert float(gpc.at["I.2", "scope_1"]) == pytest.approx(561.0)  # gas in D2-G1
    assert float(gpc.at["I.2", "scope_2"]) == pytest.approx(200.0)  # electricity in D1-B1-G2
    assert float(gpc.at["I.1", "scope_2"]) == pytest.approx(500.0)
    assert float(gpc.at["II.1", "scope_1"]) == pytest.approx(400.0)
    assert gpc.at["I.3", "scope_1"] == "NE"  # nothing accounted
    assert gpc.at["II.1", "scope_2"] == "IE"  # shipped key: EV electricity is in buildings
    assert gpc.at["IV.1", "scope_2"] == "-"  # no scope 2 in IPPU
    assert float(gpc.at["V", "scope_1"]) == pytest.approx(-110 / 3)  # the sink, recorded as "V"
    assert gpc.at["BASIC", "total_t"] == pytest.approx(500 + 761 + 400)
    assert gpc.at["BASIC+", "total_t"] == pytest.approx(1661 - 110 / 3)


def test_gpc_totals_over_notation_keys_show_the_key_and_footnote_it(report):
    # I.3 has nothing accounted: scopes 1, 2, 3 all NE, so its total is NE, not 0; I.1 holds only the
    # 500 t of scope 2: its total is 500 with scopes 1 and 3 (NE) named in a footnote (GPC practice)
    _, result = report
    gpc = pd.read_excel(result["xlsx"], sheet_name="gpc").set_index("gpc_sector")
    assert gpc.at["I.3", "total_t"] == "NE"
    assert float(gpc.at["I.1", "total_t"]) == pytest.approx(500.0)
    assert gpc.at["I.1", "keys_outside_total"] == "scope 1 NE, scope 3 NE"
    assert float(gpc.at["II.1", "total_t"]) == pytest.approx(400.0)  # scope 2 IE
    assert gpc.at["II.1", "keys_outside_total"].startswith("scope 2 IE")
    page = open(result["html"], encoding="utf-8").read()
    i1 = re.search(r"<td class=\"text\">I.1</td>.*?</tr>", page).group(0)
    i3 = re.search(r"<td class=\"text\">I.3</td>.*?</tr>", page).group(0)
    assert '<td class="number">500.0 [1]</td>' in i1 and '<td class="number">NE</td></tr>' in i3
    assert "[1] I.1: the total is the sum of the scopes estimated; not in it, with their notation keys: " \
           "Scope 1 NE, Scope 3 NE." in page


def test_user_notation_keys_override_and_are_checked(tmp_path):
    ledger = build(tmp_path / "l.gpkg")
    keys = pd.DataFrame({"gpc_sector": ["I.3"], "scope": ["1"], "key": ["no"], "note": ["no industry"]})
    tables = inventory_report.build_tables(ledger.path, notation_override=keys)
    assert tables["gpc"].set_index("gpc_sector").at["I.3", "scope_1"] == "NO"
    with pytest.raises(LedgerInputError, match="NOTATION_KEYS.*'XX'"):
        inventory.notation_keys(keys.assign(key="XX"))


def test_html_is_self_contained_with_charts_and_history(report):
    _, result = report
    page = open(result["html"], encoding="utf-8").read()
    assert len(re.findall(r'<img src="data:image/png;base64,', page)) == 3
    assert not re.search(r'(src|href)="(https?:)?//', page)
    for heading in ("GPC sector x scope", "Districts", "Top sources", "Top sinks", "Data quality",
                    "Factors and their sources", "Run history"):
        assert heading in page
    assert "Monte Carlo (IPCC Approach 2), 400 iterations, seed 1" in page
    assert "0 of 6 entries differ" in page
    assert "missing from the ledger" not in page
    runs = pd.read_excel(result["xlsx"], sheet_name="runs")
    assert runs["algorithm"].tolist() == ["test:build", "carbonledger:uncertainty"]
    factors = pd.read_excel(result["xlsx"], sheet_name="factors").set_index("factor_id")
    assert factors.at["gas", "source"] == "test: IPCC 2006 Vol 2 Table 2.2 natural gas"
    assert factors.at["grid", "entries"] == 3


def test_the_report_names_its_inventory_year_in_title_and_header(tmp_path):
    ledger = build(tmp_path / "l.gpkg")
    with ledger.transaction("test:year") as writer:
        writer.open_year(2024)  # the hand-made entries become inventory year 2024, version 1
    page = open(inventory_report.write_report(ledger.path, str(tmp_path / "r.html"))["html"], encoding="utf-8").read()
    title = "Carbon inventory: baseline · inventory year 2024, version 1"
    assert f"<title>{title}</title>" in page and f"<h1>{title}</h1>" in page
    assert re.search(r'<p class="meta">Ledger l.gpkg \([^)]*\), inventory year 2024, version 1, scenario', page)
    zh = inventory_report.render_html(inventory_report.build_tables(ledger.path), "zh")
    assert "<h1>碳排放清单：baseline · 清单年份2024，第1版</h1>" in zh


def test_factor_citations_run_under_their_row_across_the_table(report):
    # the printed report ran to 13 A4 pages on the teaching district, most of them the factor table with
    # its citations in one narrow column; each citation now spans the table under its factor's row
    # (the teaching district: 13 -> 8 pages in Chromium's print to PDF, docs/maps-and-reports.md)
    _, result = report
    page = open(result["html"], encoding="utf-8").read()
    factors = page.split("<h2>Factors and their sources</h2>")[1].split("</table>")[0]
    head = re.search(r"<thead>(.*?)</thead>", factors).group(1)
    assert "<th>Source</th>" not in head and head.count("<th>") == 10
    assert '<tr class="spanning"><td class="text" colspan="10">Source: test: IPCC 2006 Vol 2 Table 2.2 natural gas' \
           "</td></tr>" in factors
    assert factors.count('<tr class="spanning">') == factors.count("<tr>") - 1  # one under each factor's row


def test_top_sources_and_sinks(report):
    _, result = report
    sources = pd.read_excel(result["xlsx"], sheet_name="top_sources")
    assert sources["unit_id"].tolist() == ["D2-G1", "D1-B1-G1", "D2-L1", "D1-B1-G2"]
    sinks = pd.read_excel(result["xlsx"], sheet_name="top_sinks")
    assert sinks["unit_id"].tolist() == ["D1-B1-P1"]
    assert sinks.at[0, "co2e_t"] == pytest.approx(-110 / 3)


@pytest.mark.slow
def test_processing_algorithm_writes_html_csv_and_xlsx(tmp_path, run_alg):
    import os

    ledger = build(tmp_path / "l.gpkg")
    result = run_alg("carbonledger:inventoryreport", {"LEDGER": ledger.path, "OUTPUT": str(tmp_path / "r.html")})
    assert result["OUTPUT"] == str(tmp_path / "r.html")
    assert os.path.exists(result["CSV"]) and result["XLSX"].endswith("r.xlsx") and os.path.exists(result["XLSX"])
    city = ledger.read_table("units").set_index("unit_id").loc["C"]
    assert (result["NET_T"], result["NET_LOW_T"], result["AVOIDED_T"]) == pytest.approx(
        (city["net_t"], city["net_low_t"], -50.0))


def test_scenario_report_repeats_its_monte_carlo(tmp_path):
    from urban_carbon_ledger.algorithms.scenarios import scenario_store as scenarios

    ledger = build(tmp_path / "l.gpkg")
    edits = scenarios.edits_from_frame(pd.DataFrame(
        {"unit_id": ["D2-L1"], "measure_id": ["signal_countdown"], "parameters": ["{}"], "row": [1]}))
    scenarios.apply_scenario(ledger.path, "countdown", edits)
    run = uncertainty.run_uncertainty(ledger.path, iterations=200, seed=5, scenario="countdown")
    tables = inventory_report.build_tables(ledger.path, "countdown")
    districts = tables["districts"].set_index("district")
    # the countdown cuts the link's 400 t by 4.4% (issue 7 default): D2 = 561 + 382.4
    assert districts.at["D2", "net_t"] == pytest.approx(561 + 400 * (1 - 0.044))
    assert districts.at["D2", "net_low_t"] == pytest.approx(run["districts"].at["D2", "net_low_t"])
    net = tables["flows"].iloc[2]
    assert (net["co2e_t"], net["low_t"], net["high_t"]) == pytest.approx((run["net_t"], run["net_low_t"],
                                                                          run["net_high_t"]))
    assert "200 iterations, seed 5" in tables["meta"]["interval_method"]


def test_entries_without_a_factor_row_are_named_in_the_quality_notes(tmp_path):
    import contextlib
    import sqlite3

    ledger = build(tmp_path / "l.gpkg")
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection:
        connection.execute("DELETE FROM factors WHERE factor_id = 'traffic'")
        connection.commit()
    quality = inventory_report.build_tables(ledger.path)["quality"]
    findings = " ".join(quality["finding"])
    assert "1 entries name factor rows missing from the ledger's factors table: traffic" in findings
    assert "1 of 6 entries differ" in findings


@pytest.mark.parametrize("language, headers", [("en", ("Scope 1 (t CO2e/yr)", "95% interval (t CO2e/yr)")),
                                               ("zh", ("范围一（t CO2e/年）", "95%区间（t CO2e/年）"))])
def test_html_reads_as_a_report_without_paths(tmp_path, language, headers):
    import getpass

    ledger = build(tmp_path / "l.gpkg")
    result = inventory_report.write_report(ledger.path, str(tmp_path / "out" / "inventory.html"), language=language)
    page = open(result["html"], encoding="utf-8").read()
    tables = page[page.index("<body>"):]
    for header in headers:
        assert f"<th>{header}</th>" in tables
    for machine in ("<th>co2e_t</th>", "<th>low_t</th>", "<th>scope_1</th>", ">None<", ">nan<", ">-0.0<"):
        assert machine not in tables
    # the ledger by its file name only: no folder of the temporary path, no user name in the run history
    assert str(tmp_path) not in page and "l.gpkg" in page
    assert f">{getpass.getuser()}<" not in tables
    assert f'<html lang="{language}">' in page


def test_xlsx_cells_that_look_like_formulas_are_text(tmp_path):
    import openpyxl

    ledger = build(tmp_path / "l.gpkg")
    names = {"D1": '=HYPERLINK("http://example.com","x")', "D2": "@SUM(1,2)"}
    with ledger.transaction("test:rename") as writer:
        writer.update_columns("units", pd.DataFrame({"unit_id": list(names), "name": list(names.values())}))
    result = inventory_report.write_report(ledger.path, str(tmp_path / "out" / "inventory.html"))
    sheet = openpyxl.load_workbook(result["xlsx"])["districts"]
    header = [cell.value for cell in sheet[1]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for district, name in names.items():
        cell = rows[district][header.index("name")]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (name, "s", True)
    sink = rows["D1"][header.index("sink_t")]  # D1's park: -110/3 t CO2e/yr, a number, not text
    assert sink.data_type == "n" and sink.value == pytest.approx(-110 / 3) and not sink.quotePrefix


def test_measure_ids_read_as_words_in_both_languages():
    """A comparison's measure column shows the measure's name (resources/report/labels.csv), not its id;
    every measure of resources/measures/measures.csv has a word in English and Chinese."""
    import csv

    from urban_carbon_ledger.algorithms.reports.report_format import readable
    from urban_carbon_ledger.algorithms.core.resources import resource_path

    frame = pd.DataFrame({"scenario": ["corridor", "parks"], "measure_id": ["signal_countdown", "land_use_conversion"]})
    assert readable(frame)["Measure"].tolist() == ["Signal countdown", "Land-use conversion"]
    assert readable(frame, "zh")["措施"].tolist() == ["信号倒计时", "用地转换"]
    with open(resource_path("measures", "measures.csv"), encoding="utf-8", newline="") as handle:
        ids = [row["measure_id"] for row in csv.DictReader(handle)]
    shown = readable(pd.DataFrame({"measure_id": ids}), "zh")["措施"].tolist()
    assert all(word != measure for word, measure in zip(shown, ids, strict=True)), dict(zip(ids, shown, strict=True))


def test_the_report_reads_its_entries_in_parts_as_read_entries_reads_them(tmp_path, monkeypatch):
    """The baseline entries the report reads part by part are those ledger_view.read_entries reads, to the dtype:
    read 3 at a time, the first batch's scopes all set and the second's all NULL (an INTEGER column read as int64
    in one batch and float64 in the other gives float64 with NaN, as read at once)."""
    ledger = build(tmp_path / "l.gpkg")
    with contextlib.closing(sqlite3.connect(ledger.path)) as connection, connection:
        connection.execute("UPDATE entries SET scope = NULL WHERE fid > 3")
    monkeypatch.setattr(report_parts, "BATCH_ROWS", 3)
    tree, units, _ = report_parts.read_tree(ledger)
    parts = inventory_report._report_parts(ledger, "baseline", tree, units, rolled=False)[0]
    expected = ledger_view.read_entries(ledger, columns=report_parts.READ_COLUMNS)
    assert expected["scope"].isna().sum() == 3 and expected["scope"].dtype == float and parts.count == len(expected)
    held = list(report_parts.HELD_COLUMNS)
    pd.testing.assert_frame_equal(parts.entries(held), expected[held])
    lifecycle = expected[expected["flow"] == "lifecycle"].reset_index(drop=True)
    pd.testing.assert_frame_equal(parts.lifecycle_entries(), lifecycle, check_index_type=False)


def test_quantities_on_screen_keep_four_significant_digits():
    """The docks' one number formatter: four significant digits with thousands separators, at most three
    decimals, no trailing zeros, never '-0'. Before, every number had one decimal: the city of 1,000,000
    parcels' net of about 1.7e9 t CO2e/yr to a tenth of a tonne, a unit of 0.04567 t as '0.0'."""
    from urban_carbon_ledger.algorithms.reports.report_format import MINUS, interval, significant

    assert significant(1_724_513_201.3) == "1,725,000,000"
    assert significant(2_071.7) == "2,072" and significant(9_999.7) == "10,000"
    assert significant(-128.34) == f"{MINUS}128.3" and significant(500.0) == "500"
    assert significant(0.04567) == "0.046" and significant(-1e-13) == "0" and significant(0.0) == "0"
    assert significant(17.6, sign=True) == "+17.6" and significant(-0.0001, sign=True) == "+0"
    assert significant(None) == "" and significant(float("nan")) == ""
    assert interval(-154.04, -102.66, compact=True) == f"{MINUS}154 to {MINUS}102.7"
    assert interval(1.25, 2.5) == "1.2 to 2.5"  # the reports' fixed decimals stay


def test_large_quantities_on_screen_are_compact_in_the_readers_language():
    """At the city level (9-digit t CO2e/yr) the docks show '177.1 M' ('1.771 亿' in Chinese, which counts in
    万 = 10^4 and 亿 = 10^8), four significant digits, a no-break space before the scale word, an interval's
    ends in the scale of the larger, one minus sign (U+2212): a 298 px dock then has room for the sector's
    name. Before, '177,100,000' and '95,880,000 to 141,100,000' left the name 85 px ('reside… buildings')."""
    from urban_carbon_ledger.algorithms.reports.report_format import MINUS, interval, scaled

    assert scaled(177_123_456) == "177.1\u00a0M" and scaled(177_123_456, "zh") == "1.771\u00a0亿"
    assert scaled(3_036_000, "zh") == "303.6\u00a0万" and scaled(1_234_567_890) == "1.235\u00a0G"
    assert scaled(999_960) == "1\u00a0M" and scaled(999_940) == "999,900" and scaled(1_596.4) == "1,596"
    assert scaled(-1_583_000) == f"{MINUS}1.583\u00a0M" and scaled(44.04, sign=True) == "+44.04"
    assert scaled(None) == "" and scaled(0.0, "zh") == "0"
    assert interval(95_880_000, 141_100_000, compact=True) == "95.88\u00a0M to 141.1\u00a0M"
    assert interval(-2_000_000, -50_000, "zh", compact=True) == f"{MINUS}200\u00a0万 至 {MINUS}5\u00a0万"
