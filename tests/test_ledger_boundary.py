"""No SQL outside algorithms/ledger/: the rest of the plugin asks the ledger through named methods
and ``match`` filters (checked on the source text, like tests/test_architecture.py)."""
import ast
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTSIDE = ("tests", "benchmarks", "scripts", "build", ".venv", ".git", os.path.join("algorithms", "ledger"))
SQL = re.compile(r"\b(SELECT|DELETE FROM|INSERT INTO|UPDATE \S+ SET|WHERE|PRAGMA|CREATE TABLE|ALTER TABLE)\b")
RAW = {"execute", "executemany", "read_sql_query", "read_sql", "connect", "connection"}
FILTERED = {"read_table", "read_layer", "count", "delete_rows", "replace_rows"}


def plugin_files():
    for base, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if os.path.relpath(os.path.join(base, d), ROOT) not in OUTSIDE]
        yield from (os.path.join(base, name) for name in names if name.endswith(".py"))


def leaks(path):
    """(line, what) of every piece of SQL or raw database access in the file at ``path``."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            yield node.lineno, f"SQL text {node.value[:40]!r}"
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(module.split(".")[0] == "sqlite3" for module in modules):
                yield node.lineno, "import sqlite3"
        elif isinstance(node, ast.Attribute) and node.attr in RAW and not _qt_signal(node):
            yield node.lineno, f".{node.attr}"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FILTERED:
            texts = [a for a in node.args[1:] if isinstance(a, (ast.Constant, ast.JoinedStr)) and
                     isinstance(getattr(a, "value", ""), str)]
            if texts or any(k.arg in ("where", "params") for k in node.keywords):
                yield node.lineno, f"{node.func.attr} with an SQL condition"


def _qt_signal(node):
    """``signal.connect(slot)``: Qt, not a database (an attribute, or a name ending in 'signal': one passed in)."""
    named = isinstance(node.value, ast.Name) and node.value.id.endswith("signal")
    return node.attr == "connect" and (named or isinstance(node.value, ast.Attribute)
                                       and node.value.attr not in ("ledger", "book"))


def test_no_sql_outside_the_ledger_package():
    found = [(os.path.relpath(path, ROOT), line, what) for path in plugin_files() for line, what in leaks(path)]
    assert not found


def test_the_check_finds_sql(tmp_path):
    path = tmp_path / "leaky.py"
    path.write_text('import sqlite3\nledger.read_table("entries", "scenario = ?", ("x",))\nq = "SELECT 1"\n'
                    'ledger.connect().execute(q)\nself.button.clicked.connect(run)\ndrawn_signal.connect(run)\n'
                    'sqlite3.connect(path)\n', encoding="utf-8")
    assert sorted(line for line, _ in leaks(path)) == [1, 2, 3, 4, 4, 7]
