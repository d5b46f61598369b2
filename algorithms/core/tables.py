"""The one reader of user CSV tables: the encoding and the delimiter detected (or given), never guessed
into replacement characters.

Encodings tried, in order, each strictly: UTF-8 (with or without BOM), UTF-16 with a BOM, GB18030 (a
superset of GBK and GB2312, as Excel writes Chinese CSVs) when nearly all non-ASCII characters it decodes
are common Chinese characters or punctuation (GB2312_SHARE), then Windows-1252 (latin-1 as Excel writes it in
Western Europe, a superset of ISO 8859-1's printable characters). Text that would hold control
characters, or a U+FFFD replacement character, is refused: it is not a table but a damaged or binary
file. The delimiter is the one of ``,`` ``;`` or tab that occurs most often in the header line
(outside quotes). ``read_table`` records both in ``frame.attrs`` (``encoding``, ``delimiter``).
"""
import codecs
import io
import os
import re
from collections import Counter

import pandas as pd

from .errors import LedgerInputError
from .messages import tr

ENCODINGS = ("utf-8", "utf-16", "gb18030", "cp1252")
"""Encodings an ENCODING parameter may name (``auto`` or empty: detect)."""
DELIMITERS = (",", ";", "\t")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


GB2312_SHARE = 0.9
"""Share of the non-ASCII characters of a GB18030 reading that must be common Chinese characters or
punctuation (GB2312) for the file to be read as Chinese: latin-1 text read as GB18030 gives rare
ideographs (an accented letter and the ASCII letter after it form one character outside GB2312)."""


def _gb2312(text):
    """True when at least GB2312_SHARE of the non-ASCII characters of ``text`` are in GB2312."""
    wide = Counter(ch for ch in text if ord(ch) > 127)
    common = 0
    for ch, count in wide.items():
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += count
    return common >= GB2312_SHARE * sum(wide.values())


def _candidates(data):
    """(encoding name, decoded text or None) in the order tried for the bytes ``data``."""
    marked = {codecs.BOM_UTF8: "utf-8-sig", codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}
    for mark, name in marked.items():
        if data.startswith(mark):  # a byte-order mark decides; bytes that do not decode in it are refused
            try:
                yield name.replace("-sig", ""), data.decode(name)
            except UnicodeDecodeError:
                pass
            return
    for name in ("utf-8", "gb18030", "cp1252"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if name == "gb18030" and not _gb2312(text):
            continue
        yield name, text


def decode_text(data, layer, encoding=None):
    """(text, encoding) of the bytes of a table file; ``encoding`` None or ``auto`` detects it.

    Raises LedgerInputError naming ``layer`` for bytes that do not decode (in the given encoding, or in
    any of ENCODINGS) and for text holding control or replacement characters.
    """
    encoding = (encoding or "").strip().lower()
    if encoding in ("", "auto"):
        found = next(_candidates(data), None)
        if found is None:
            raise LedgerInputError(
                tr("the file is not text in UTF-8, GBK/GB18030 or latin-1 (Windows-1252); save it as UTF-8 or set "
                   "ENCODING"), layer=layer)
        text, encoding = found[1], found[0]
    else:
        try:
            codecs.lookup(encoding)
            text = data.decode(encoding)
        except LookupError:
            raise LedgerInputError(tr("unknown encoding '{encoding}'; use one of {encodings}").format(
                encoding=encoding, encodings=", ".join(ENCODINGS)), layer=layer) from None
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            raise LedgerInputError(tr("line {line} is not valid {encoding} ({reason}); check ENCODING").format(
                line=line, encoding=encoding, reason=error.reason), layer=layer) from None
        text = text.lstrip("\ufeff")
    bad = _CONTROL.search(text)
    if bad:
        line = text[:bad.start()].count("\n") + 1
        raise LedgerInputError(
            tr("line {line} holds the character U+{code_point:04X}, which no table holds: the file is binary, "
               "damaged or not in {encoding}; save it as UTF-8 CSV").format(
                line=line, code_point=ord(bad.group()), encoding=encoding), layer=layer)
    return text, encoding


def sniff_delimiter(text):
    """The delimiter (``,`` ``;`` or tab) found most often in the header line outside quotes; ``,``
    for a one-column table."""
    line = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    counts = [line.count(d) for d in DELIMITERS]
    return DELIMITERS[counts.index(max(counts))] if max(counts) else ","


def read_table(path, layer, encoding=None, **options):
    """A user's CSV table at ``path`` as a DataFrame (``options`` go to ``pandas.read_csv``, e.g. dtype).

    layer: the parameter name, cited in messages. encoding: None or ``auto`` to detect, else a Python
    codec name. Raises LedgerInputError for a missing, unreadable, empty or undecodable file and for rows
    that do not parse. ``frame.attrs`` holds the ``encoding`` and ``delimiter`` used.
    """
    if not path or not os.path.exists(path):
        raise LedgerInputError(tr("file '{path}' not found").format(path=path), layer=layer)
    if os.path.isdir(path):
        raise LedgerInputError(tr("'{path}' is a folder, not a CSV file").format(path=path), layer=layer)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise LedgerInputError(tr("cannot read '{path}' ({reason})").format(path=path, reason=error.strerror),
                               layer=layer) from None
    text, used = decode_text(data, layer, encoding)
    if not text.strip():
        raise LedgerInputError(tr("file '{path}' is empty (no header line)").format(path=path), layer=layer)
    delimiter = sniff_delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, **options)
    except (ValueError, pd.errors.ParserError) as error:
        raise LedgerInputError(tr("'{path}' is not a readable table ({reason})").format(
            path=path, reason=str(error).strip()), layer=layer) from None
    frame.attrs.update(encoding=used, delimiter=delimiter)
    return frame
