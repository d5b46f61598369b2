"""XLSX output in which no cell is a formula: text that a spreadsheet would run stays text."""
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@")
"""First characters that make a spreadsheet read a typed cell as a formula (OWASP 'CSV injection')."""


def write_xlsx(path, sheets):
    """Write ``sheets`` ({sheet name: DataFrame}) to the XLSX file ``path``, one sheet each, without index.

    A text cell starting with one of FORMULA_STARTS (a unit or scenario name such as '=HYPERLINK(...)'
    or '@SUM(...)', a citation starting with '-') is stored as text and marked quote-prefixed, so that
    neither openpyxl (which would store '=...' as a formula) nor a spreadsheet editing the cell runs it.
    Numbers, negative ones included, stay numbers.
    """
    with pd.ExcelWriter(path, engine="openpyxl") as workbook:
        for name, frame in sheets.items():
            frame.to_excel(workbook, sheet_name=name, index=False)
        for sheet in workbook.book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                        cell.data_type = "s"
                        cell.quotePrefix = True
