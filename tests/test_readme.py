"""The front page and the manual stay true: the README is a front page whose two commands come first,
docs/schema.md matches schema.py, and every relative link, repository path and algorithms/ name
that README.md and docs/ give exists."""
import ast
import fnmatch
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import schema_doc  # noqa: E402

README = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()

EXPECTED_LATER = set()
"""Linked paths another branch creates (generated parameter tables); drop each once it exists."""

GENERATED = {"out", "dist", "build", ".venv"}
"""First path parts of what the make targets write, not part of the repository."""

EXTENSIONS = (".py", ".csv", ".md", ".qml", ".qpt", ".tif", ".gpkg", ".ts", ".qm", ".png", ".svg", ".txt",
              ".sh", ".html", ".json")
"""A backticked word ending so names a file."""

PACKAGES = sorted(name for name in os.listdir(os.path.join(ROOT, "algorithms"))
                  if os.path.isfile(os.path.join(ROOT, "algorithms", name, "__init__.py")))

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.*\-/]*")
DOTTED = re.compile(r"(%s)\.(\w+)\.(\w+)(\(.*\))?" % "|".join(PACKAGES))


def pages():
    """README.md and every page of docs/, as paths relative to the repository root."""
    return ["README.md"] + sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs", "*.md")))


def prose(text):
    """``text`` without its fenced code blocks (commands and diagrams are not checked)."""
    return re.sub(r"^```.*?^```[^\n]*$", "", text, flags=re.S | re.M)


def missing(text, page):
    """What the Markdown ``text`` of ``page`` (path relative to the root) names that does not exist:
    relative links (from the page's folder), backticked repository paths and file names (from the root;
    globs must match something) and backticked ``package.module.name`` of algorithms/."""
    found = []
    text = prose(text)
    folder = os.path.dirname(page)
    for target in LINK.findall(text):
        if "://" in target or target.startswith(("mailto:", "#")):
            continue
        path = os.path.normpath(os.path.join(folder, target.split("#")[0]))
        if not os.path.exists(os.path.join(ROOT, path)):
            found.append(path)
    for span in CODE_SPAN.findall(text):
        dotted = DOTTED.fullmatch(span)
        if dotted and not _defines(*dotted.group(1, 2, 3)):
            found.append(span)
        elif PATH.fullmatch(span) and not dotted and _names_file(span) and not _exists(span):
            found.append(span)
    return found


def _names_file(span):
    """A path under a folder of the repository, or a word with a file extension."""
    first = span.split("/")[0]
    if first in GENERATED:
        return False
    return span.endswith(EXTENSIONS) or ("/" in span and os.path.exists(os.path.join(ROOT, first)))


def _exists(span):
    """A path from the root, or a bare file name anywhere in the repository."""
    if "/" in span:
        return bool(glob.glob(os.path.join(ROOT, span)))
    for _base, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in GENERATED and d != ".git"]
        if fnmatch.filter(names, span):
            return True
    return False


def _defines(package, module, name):
    """Whether algorithms/<package>/<module>.py defines ``name`` at module level."""
    path = os.path.join(ROOT, "algorithms", package, module + ".py")
    if not os.path.isfile(path):
        return False
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return True
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
    return False


def test_schema_page_matches_schema_py():
    page = open(schema_doc.PAGE, encoding="utf-8").read()
    assert schema_doc.markdown() in page, "run: .venv/bin/python scripts/schema_doc.py"


def test_the_two_commands_come_first():
    first_section = README.split("\n## ")[1]
    assert first_section.startswith("The two commands")
    assert "make demo" in first_section and "make test" in first_section


def test_readme_is_a_front_page():
    lines = README.count("\n")
    assert lines <= 250, f"README.md has {lines} lines: move detail into docs/"


def test_every_manual_page_is_in_the_index():
    index = open(os.path.join(ROOT, "docs", "README.md"), encoding="utf-8").read()
    linked = set(LINK.findall(index))
    unlisted = [p for p in pages() if p.startswith("docs/") and p != "docs/README.md" and p[5:] not in linked]
    assert unlisted == []


def test_links_paths_and_names_exist():
    found = {page: [m for m in missing(open(os.path.join(ROOT, page), encoding="utf-8").read(), page)
                    if m not in EXPECTED_LATER] for page in pages()}
    assert {page: names for page, names in found.items() if names} == {}


def test_expected_later_paths_are_not_there_yet():
    arrived = [p for p in EXPECTED_LATER if os.path.exists(os.path.join(ROOT, p))]
    assert arrived == [], "these exist now: remove them from EXPECTED_LATER in tests/test_readme.py"


def test_the_check_reports_what_is_missing():
    text = "\n".join([
        "[gone](nowhere.md) [there](../README.md) ![](screenshots/map_near.png)",
        "`algorithms/ledger/nowhere.py` `algorithms/ledger/entries.py` `resources/factors/*.csv`",
        "`resources/factors/*.tsv` `nowhere.csv` `gwp.csv` `out/ledger.gpkg` `veh/day` `qgis_process.bin`",
        "`ledger.entries.finalize_entries` `ledger.entries.FINGERPRINT_FIELDS` `ledger.entries.nothing(x)`",
        "```", "`algorithms/in_a_code_block.py` [x](in_a_code_block.md)", "```",
    ])
    assert missing(text, "docs/page.md") == [
        "docs/nowhere.md", "algorithms/ledger/nowhere.py", "resources/factors/*.tsv", "nowhere.csv",
        "ledger.entries.nothing(x)",
    ]
