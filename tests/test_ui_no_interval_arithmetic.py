"""One interval per number: the docks show the intervals the ledger and ledger.intervals give, and
compute none themselves (issue 18 item 6)."""
import ast
import glob
import os

UI = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "ui")


def _offences(source):
    """Imports of the interval algebra and square roots (the sum in quadrature) in one module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and any(alias.name == "intervals" for alias in node.names):
            found.append(f"line {node.lineno}: imports intervals")
        if isinstance(node, ast.Attribute) and node.attr in ("sqrt", "hypot"):
            found.append(f"line {node.lineno}: {node.attr}")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            found.append(f"line {node.lineno}: a power")
    return found


def test_the_check_finds_a_sum_in_quadrature():
    assert _offences("import math\nwidth = math.sqrt(a ** 2 + b ** 2)\n") == ["line 2: sqrt", "line 2: a power",
                                                                            "line 2: a power"]
    assert _offences("from ..algorithms.ledger import intervals\n") == ["line 1: imports intervals"]


def test_no_dock_computes_an_interval():
    offences = {}
    for path in sorted(glob.glob(os.path.join(UI, "*.py"))):
        with open(path, encoding="utf-8") as handle:
            found = _offences(handle.read())
        if found:
            offences[os.path.basename(path)] = found
    assert not offences, offences
