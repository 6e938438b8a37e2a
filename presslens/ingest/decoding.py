"""Bytes to text: encoding detection, binary rejection, mojibake repair."""
from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

from ..errors import BinaryInput, EmptyInput

# Control characters that never occur in real text (NUL and friends).
_BINARY_BYTES = bytes(range(0, 9)) + bytes([11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31])

# ftfy is asked to repair mojibake only: no quote uncurling, no Unicode
# normalisation, no line-break changes, so the text stays what the user gave
# apart from sequences that were visibly broken.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control bytes (images, archives, PDFs)."""
    sample = data[:8192]
    if not sample or _is_utf16(sample):
        return False
    if b"\x00" in sample and not _is_utf16(sample):
        return True
    controls = sum(sample.count(bytes([b])) for b in _BINARY_BYTES)
    return controls / len(sample) > 0.05


def _is_utf16(sample: bytes) -> bool:
    return sample.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode_bytes(data: bytes, source: str, warnings: list[str] | None = None) -> str:
    """Decode ``data`` to ``str``, raising a clear error for binary data.

    UTF-8 is tried first and strictly (a BOM is kept: datasets count it in
    their offsets); otherwise charset-normalizer picks the encoding. The
    result goes through :func:`repair_mojibake`.
    """
    warnings = warnings if warnings is not None else []
    if not data.strip():
        raise EmptyInput("input is empty", source)
    if looks_binary(data):
        raise BinaryInput("input looks like a binary file, not text or HTML", source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if _is_utf16(data):
            text = data.decode("utf-16")
        else:
            encoding = declared_encoding(data) or guess_encoding(data)
            if encoding is None:
                raise BinaryInput("could not detect a text encoding", source) from None
            text = data.decode(encoding, errors="replace")
            warnings.append(f"input is not UTF-8; decoded as {encoding}")
    return repair_mojibake(text, warnings)


# Encodings that news text is actually written in. On short inputs
# charset-normalizer often ranks an exotic code page first; among its
# plausible candidates we prefer these, in this order.
_COMMON_ENCODINGS = (
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r",
    "iso8859_7", "cp1253", "cp1254", "cp1256", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr",
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_encoding(data: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta>`` tag, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def guess_encoding(data: bytes) -> str | None:
    results = list(from_bytes(data))
    if not results:
        return None
    by_name = {r.encoding: r for r in results}
    for name in _COMMON_ENCODINGS:
        if name in by_name:
            return name
    return results[0].encoding


def repair_mojibake(text: str, warnings: list[str] | None = None) -> str:
    """Fix text that was decoded with the wrong encoding ("donâ€™t" → "don’t")."""
    if not ftfy.is_bad(text):
        return text
    fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
    if fixed != text and warnings is not None:
        warnings.append("repaired mis-decoded characters (mojibake) in the input")
    return fixed
