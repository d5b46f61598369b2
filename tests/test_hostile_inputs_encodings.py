"""Hostile inputs, encodings (issue 17 item 6, issue 19 item 4): the one CSV reader detects UTF-8 (with or
without BOM), UTF-16 with BOM, GBK/GB18030 and latin-1 (Windows-1252), the delimiter , ; or tab, or refuses;
it never returns replacement characters."""
import pytest

from urban_carbon_ledger.algorithms.core.errors import LedgerInputError
from urban_carbon_ledger.algorithms.core.tables import read_table

NAMES = ["Zürich", "Société", "北京市朝阳区"]


def _write(tmp_path, name, text, encoding):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.mark.parametrize("encoding, expected, delimiter, names", [
    ("utf-8", "utf-8", ",", NAMES),
    ("utf-8-sig", "utf-8", ";", NAMES),
    ("utf-16", "utf-16", "\t", NAMES),
    ("gbk", "gb18030", ",", ["北京市朝阳区", "上海市"]),
    ("gb18030", "gb18030", ";", ["广州市天河区"]),
    ("latin-1", "cp1252", ";", ["Zürich", "Société", "Ærø"]),
    ("cp1252", "cp1252", ",", ["Zürich", "naïve"]),
])
def test_encodings_are_detected_and_decoded_faithfully(tmp_path, encoding, expected, delimiter, names):
    rows = "".join(f'{n}{delimiter}{i}{delimiter}"a{delimiter}b"\n' for i, n in enumerate(names))
    path = _write(tmp_path, "t.csv", f"name{delimiter}amount{delimiter}note\n{rows}", encoding)
    frame = read_table(path, "ACTIVITY", dtype=str, keep_default_na=False)
    assert frame.attrs == {"encoding": expected, "delimiter": delimiter}
    assert list(frame.columns) == ["name", "amount", "note"]
    assert frame["name"].tolist() == names  # the very characters written, none replaced
    assert frame["amount"].tolist() == [str(i) for i in range(len(names))]
    assert set(frame["note"]) == {f"a{delimiter}b"}  # a quoted delimiter stays in its cell


def test_an_encoding_parameter_overrides_detection(tmp_path):
    # "éé" in latin-1 is E9 E9, a valid GB2312 character: detection reads it as Chinese, ENCODING corrects it
    path = _write(tmp_path, "t.csv", "name\néé\n", "latin-1")
    assert read_table(path, "T", dtype=str).attrs["encoding"] == "gb18030"
    assert read_table(path, "T", encoding="latin-1", dtype=str)["name"].tolist() == ["éé"]


@pytest.mark.parametrize("data, words", [
    (b"", "is empty"),
    (b"  \n\n", "is empty"),
    (b"\x00\x01\x02\x03binary", "U+0000"),
    (b"name,amount\n\x81\x8d\x90,1\n", "not text in UTF-8, GBK/GB18030 or latin-1"),
    ("name\nbad \ufffd char\n".encode("utf-8"), "U+FFFD"),
    (b"\xff\xfeg\x00a\x00\x01", "not text in UTF-8"),  # a UTF-16 byte-order mark on an odd number of bytes
    (b"\xef\xbb\xbfname\n\xff\n", "not text in UTF-8"),  # a UTF-8 byte-order mark on latin-1 text
])
def test_undecodable_empty_or_binary_files_are_refused(tmp_path, data, words):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(LedgerInputError, match="layer 'CLASSES'") as error:
        read_table(str(path), "CLASSES")
    assert words in str(error.value)


def test_a_wrong_given_encoding_names_the_line(tmp_path):
    path = _write(tmp_path, "t.csv", "name\nok\nZürich\n", "latin-1")
    with pytest.raises(LedgerInputError, match="line 3 is not valid utf-8"):
        read_table(path, "T", encoding="utf-8")
    with pytest.raises(LedgerInputError, match="unknown encoding 'klingon'"):
        read_table(path, "T", encoding="klingon")


def test_missing_files_and_folders_are_named(tmp_path):
    with pytest.raises(LedgerInputError, match="not found"):
        read_table(str(tmp_path / "nothing.csv"), "T")
    with pytest.raises(LedgerInputError, match="is a folder"):
        read_table(str(tmp_path), "T")
