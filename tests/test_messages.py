"""Messages of algorithms/ said in the user's language: templates, their values, and every message marked.

The science speaks English (``messages.tr``); the Processing wrappers and the docks say its progress texts, warnings
and errors in the plugin's translation. The static checks read the sources with ``ast``: a message still written as
a plain literal or an f-string could not be translated, and a template whose fields are not the values given would
fail when it is said (often on a rare error path no other test reaches).
"""
import ast
import os
import sys
import xml.etree.ElementTree as ET

import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.core.messages import Message, fields_of, joined, said, tr
from urban_carbon_ledger.algorithms.core.progress import Progress

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import update_translations  # noqa: E402

TS = os.path.join(ROOT, "resources", "i18n", "urban_carbon_ledger_zh.ts")
ALGORITHMS = os.path.join(ROOT, "algorithms")
PACKAGES = sorted(name for name in os.listdir(ALGORITHMS)
                  if os.path.isdir(os.path.join(ALGORITHMS, name)) and not name.startswith("__"))
FRONT_ENDS = ["processing_provider", "ui", "qgis_shared"]
"""Front ends that report progress of their own (their messages are Qt's ``tr``, or messages.tr, never plain)."""
ZH = {  # a made-up translation, as a .qm would give it
    "{count:,} units read": "已读取 {count:,} 个单元",
    "layer '{layer}'": "图层“{layer}”",
    "field '{field}'": "字段“{field}”",
    "row {row}": "第 {row} 行",
    ", ": "，",
    "{where}: {detail}": "{where}：{detail}",
    "Warning: {message}": "警告：{message}",
    "{share:.0%} of {name} lost": "{name} 损失了 {share:.0%}",
    "{count} dropped": "丢弃了 {number} 个",  # a translation that lost its field
    "{earlier}; {later}": "{earlier}；{later}",
}


def zh(text):
    return ZH.get(text, "")


def test_a_message_is_its_english_text_and_keeps_its_template():
    message = tr("{count:,} units read").format(count=12345)
    assert message == "12,345 units read" and isinstance(message, str)
    assert (message.template, message.values) == ("{count:,} units read", {"count": 12345})
    assert said(message, zh) == "已读取 12,345 个单元"
    assert said("a text of no template", zh) == "a text of no template"


def test_an_error_that_is_no_message_is_said_as_its_text():
    """The desktop shows any ValueError of opening a ledger in a message box, which takes text only."""
    assert said(ValueError("not a GeoPackage"), zh) == "not a GeoPackage"


def test_values_that_are_messages_are_said_too_and_a_lost_field_falls_back_to_english():
    inner = tr("{count:,} units read").format(count=3)
    assert said(tr("Warning: {message}").format(message=inner), zh) == "警告：已读取 3 个单元"
    assert said(tr("{share:.0%} of {name} lost").format(share=0.25, name="canopy"), zh) == "canopy 损失了 25%"
    assert said(tr("{count} dropped").format(count=4), zh) == "4 dropped"
    with pytest.raises(TypeError):
        tr("{} dropped").format(4)


def test_an_input_error_names_layer_field_and_row_in_either_language():
    error = LedgerInputError(tr("{count:,} units read").format(count=7), layer="roads", field="lanes", row=12)
    assert str(error) == "layer 'roads', field 'lanes', row 12: 7 units read"
    assert error.said_in(zh) == "图层“roads”，字段“lanes”，第 12 行：已读取 7 个单元"
    assert str(LedgerInputError("as written")) == "as written"
    assert LedgerInputError("as written", layer="x").said_in(zh) == "图层“x”：as written"


def test_progress_passes_messages_on_with_their_templates():
    logged, reported = [], []
    progress = Progress(report=lambda fraction, message: reported.append(message), log=logged.append)
    progress(0.5, tr("{count:,} units read").format(count=2))
    progress.warn(tr("{count:,} units read").format(count=5))
    assert [said(m, zh) for m in reported] == ["已读取 2 个单元"]
    assert logged == ["Warning: 5 units read"] and said(logged[0], zh) == "警告：已读取 5 个单元"


def _is_plain_text(node):
    """True for a message written so that it cannot be translated: a literal, an f-string, or such joined or
    formatted."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _is_plain_text(node.left) or _is_plain_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_plain_text(node.func.value)
    return False


def _message_arguments(tree):
    """(line, argument) of every message given to LedgerInputError, a progress report, a warning or a log."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "LedgerInputError" and node.args:
            yield node.lineno, node.args[0]
        elif name.endswith("progress") and len(node.args) > 1:
            yield node.lineno, node.args[1]
        elif name in ("warn", "log") and isinstance(node.func, ast.Attribute) and len(node.args) == 1 and \
                getattr(node.func.value, "id", "").endswith("progress"):
            yield node.lineno, node.args[0]


def _sources(package):
    """(path, syntax tree) of every module of ``package`` (a folder of algorithms/, or a front end's from the root)."""
    top = os.path.join(ROOT, package) if package in FRONT_ENDS else os.path.join(ALGORITHMS, package)
    for folder, _, files in os.walk(top):
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    yield os.path.relpath(path, ROOT), ast.parse(handle.read())


@pytest.mark.parametrize("package", PACKAGES + FRONT_ENDS)
def test_every_message_of_the_science_is_marked_for_translation(package):
    plain = [f"{path}:{line}" for path, tree in _sources(package) for line, argument in _message_arguments(tree)
             if _is_plain_text(argument)]
    assert plain == [], "messages written as plain text (use messages.tr(...).format(name=value)): " + ", ".join(plain)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_template_gets_the_values_its_fields_name(package):
    wrong = []
    for path, tree in _sources(package):
        formatted = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
                    and isinstance(node.func.value, ast.Call) and getattr(node.func.value.func, "id", "") == "tr":
                template = node.func.value.args[0]
                formatted.add(id(template))
                given = {keyword.arg for keyword in node.keywords}
                if node.args or None in given or not isinstance(template, ast.Constant) or \
                        fields_of(template.value) != given:
                    wrong.append(f"{path}:{node.lineno}")
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "joined":  # its separator's fields
                separator = node.args[1].args[0] if len(node.args) == 2 and isinstance(node.args[1], ast.Call) else None
                formatted.add(id(separator))
                if not isinstance(separator, ast.Constant) or fields_of(separator.value) != {"earlier", "later"}:
                    wrong.append(f"{path}:{node.lineno} (joined's separator)")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "tr":
                if len(node.args) != 1 or not isinstance(node.args[0], ast.Constant):
                    wrong.append(f"{path}:{node.lineno} (tr of no literal)")
                elif id(node.args[0]) not in formatted and fields_of(node.args[0].value):
                    wrong.append(f"{path}:{node.lineno} (fields never given)")
    assert wrong == []


def test_every_translation_keeps_the_fields_of_its_source():
    """A translated template that lost or renamed a field would be said in English (``Message.said_in``)."""
    lost = []
    for message in ET.parse(TS).iter("message"):
        source, translation = message.findtext("source"), message.find("translation")
        if translation is None or not translation.text:
            continue
        try:
            if fields_of(source) != fields_of(translation.text):
                lost.append(source)
        except ValueError:  # not a template (a lone brace): the text is shown as it is
            continue
    assert lost == []


def test_messages_joined_are_one_message_a_translation_joins_its_own_way():
    parts = [tr("{count:,} units read").format(count=n) for n in (1, 2, 3)]
    message = joined(parts, tr("{earlier}; {later}"))
    assert message == "1 units read; 2 units read; 3 units read"
    assert said(message, zh) == "已读取 1 个单元；已读取 2 个单元；已读取 3 个单元"


def test_a_message_survives_a_trip_to_another_process():
    import pickle

    message = pickle.loads(pickle.dumps(tr("{count:,} units read").format(count=9)))
    assert isinstance(message, Message) and said(message, zh) == "已读取 9 个单元"


@pytest.mark.parametrize("package", PACKAGES)
def test_every_message_of_the_science_has_a_chinese_translation(package):
    """Run `make translations` and translate what it marks unfinished when this fails."""
    known = update_translations.read_ts(TS)
    untranslated = []
    for folder, _, files in os.walk(os.path.join(ALGORITHMS, package)):
        for name in sorted(files):
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    untranslated += [text for text in update_translations.strings_in_source(handle.read())
                                     if not all(known.get(text, ("", False)))]
    assert untranslated == []
