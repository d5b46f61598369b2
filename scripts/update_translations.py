"""Collect the plugin's user-facing strings into resources/i18n/*.ts, keeping existing translations.

pylupdate5 cannot see our strings: the Processing wrappers keep their names and help texts in
class constants (DISPLAY_NAME, HELP, GROUPS) translated at run time, and every ``tr`` of the
plugin uses one context, "CarbonLedger" (``LedgerAlgorithm.tr`` and ``ui/i18n.tr``), whatever the
class. So this script reads the Python sources with ``ast`` and collects, in context CarbonLedger:
string literals passed to ``tr(...)``/``self.tr(...)``/``QCoreApplication.translate("CarbonLedger", ...)``,
class constants DISPLAY_NAME and HELP, the values of the GROUPS dict, and the names and
descriptions of the measures library (shown translated in the chessboard dock).
Existing translations are kept; new strings are marked unfinished; strings no longer in the
sources are dropped. Then ``lrelease`` compiles each .ts into its .qm
(scripts/update_translations.sh does both).
"""
import ast
import csv
import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTEXT = "CarbonLedger"
SKIP = {".venv", "build", "tests", "scripts", "benchmarks", ".git", "out", "dist"}
CONSTANTS = {"DISPLAY_NAME", "HELP"}
DATA_COLUMNS = [("measures.csv", ("name", "description")), ("measure_parameters.csv", ("description",))]


def _text(node):
    """The string value of a constant (implicitly concatenated literals are one Constant), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return left + right if left is not None and right is not None else None
    return None


def strings_in_source(source):
    """Translatable strings of one Python source, in order of appearance."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name == "tr" and node.args:
                found.append((node.lineno, _text(node.args[0])))
            elif name == "translate" and len(node.args) >= 2 and _text(node.args[0]) == CONTEXT:
                found.append((node.lineno, _text(node.args[1])))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target = node.targets[0].id
            if target in CONSTANTS:
                found.append((node.lineno, _text(node.value)))
            elif target == "GROUPS" and isinstance(node.value, ast.Dict):
                found.extend((node.lineno, _text(value)) for value in node.value.values)
    return [text for _, text in sorted(found, key=lambda item: item[0]) if text]


def collect():
    """All translatable strings of the plugin, without repeats, in a stable order."""
    strings = []
    for folder, directories, files in os.walk(ROOT):
        directories[:] = sorted(d for d in directories if d not in SKIP)
        for name in sorted(files):
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    strings.extend(strings_in_source(handle.read()))
    for table, columns in DATA_COLUMNS:
        path = os.path.join(ROOT, "resources", "measures", table)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    strings.extend(row[c] for c in columns if row.get(c))
    return list(dict.fromkeys(strings))


def read_ts(path):
    """{source: (translation, finished)} of an existing .ts file (empty if there is none)."""
    if not os.path.exists(path):
        return {}
    known = {}
    for message in ET.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        known[message.findtext("source")] = (translation.text or "", translation.get("type") is None)
    return known


def write_ts(path, language, strings, known):
    """Write the .ts with ``strings``; known translations kept, others unfinished."""
    root = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    missing = 0
    for source in strings:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        text, finished = known.get(source, ("", False))
        translation = ET.SubElement(message, "translation")
        translation.text = text
        if not (finished and text):
            translation.set("type", "unfinished")
            missing += 1
    ET.indent(root)
    with open(path, "wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        handle.write(ET.tostring(root, encoding="utf-8"))
        handle.write(b"\n")
    return missing


def main():
    strings = collect()
    folder = os.path.join(ROOT, "resources", "i18n")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".ts"):
            path = os.path.join(folder, name)
            language = ET.parse(path).getroot().get("language") or name.rsplit("_", 1)[-1][:-3]
            missing = write_ts(path, language, strings, read_ts(path))
            print(f"{name}: {len(strings)} strings, {missing} without translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
