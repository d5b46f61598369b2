"""QGIS expressions the print layouts share (the atlas's texts and tables)."""
from ..algorithms.reports.report_format import MINUS


def shown_number(expression, sign=False):
    """A QGIS expression of the value of ``expression`` as text with one decimal and thousands separators, a negative
    one signed with MINUS as the intervals beside it are ('−1,038.0', not '-1,038.0'), never '−0.0' (a value that
    rounds to zero gets +0); ``sign``: a change, '+' on a positive one ('+2,833.0'), as its interval's ends."""
    rounded = f"(round({expression}, 1) + 0)"
    shown = f"replace(format_number({rounded}, 1), '-', '{MINUS}')"
    return f"CASE WHEN {rounded} > 0 THEN '+' ELSE '' END || {shown}" if sign else shown
