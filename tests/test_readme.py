"""The README stays true: its two commands come first and its schema tables match schema.py."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import schema_doc  # noqa: E402

README = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()


def test_schema_section_matches_schema_py():
    assert schema_doc.markdown() in README, "run: .venv/bin/python scripts/schema_doc.py"


def test_the_two_commands_come_first():
    first_section = README.split("\n## ")[1]
    assert first_section.startswith("The two commands")
    assert "make demo" in first_section and "make test" in first_section
