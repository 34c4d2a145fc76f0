"""What vCard and iCalendar share: escaping TEXT values and folding long content lines."""

from __future__ import annotations

import re

from rapport.errors import UsageError


def escape(value: str) -> str:
    """A TEXT value with backslash, comma, semicolon and line breaks escaped (RFC 6350/5545)."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str, limit: int = 75) -> str:
    """One content line cut into lines of at most `limit` octets, never inside a UTF-8
    character; each continuation starts with a space. Ends with CRLF."""
    out, chunk, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        room = limit if not out else limit - 1  # continuation lines spend one on the space
        if size + width > room:
            out.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(ch)
        size += width
    out.append("".join(chunk))
    return "\r\n ".join(out) + "\r\n"


def unfold(text: str) -> list[tuple[int, str]]:
    """(first line number, logical line) with folded continuations joined back."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if raw[:1] in (" ", "\t") and lines:
            first, joined = lines[-1]
            lines[-1] = (first, joined + raw[1:])
        elif raw.strip():
            lines.append((number, raw))
    return lines


def split_unescaped(value: str, sep: str) -> list[str]:
    """Split on `sep` where it is not escaped by a backslash; escapes are kept."""
    parts, current, i = [], [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def decode(data: bytes, encoding: str | None = None) -> str:
    """A whole file's text: --encoding when given; else UTF-16 (with a BOM, or without one when
    every other byte of its ASCII is zero), UTF-8 (with or without BOM), else the charset
    detected from the bytes. Never a silent U+FFFD: a file nothing reads is refused."""
    if encoding:
        return _decode_as(data, encoding)
    wide = _wide(data)
    if wide:
        return _decode_as(data, wide)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    detected = detect(data)
    if detected:
        return data.decode(detected)
    raise UsageError("cannot tell the file's text encoding; give it with --encoding, e.g. cp1252")


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except LookupError:
        raise UsageError(f"--encoding {encoding!r} is not an encoding Python knows") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"line {line}: the file is not valid {encoding} (byte {exc.start}); "
            "give the right --encoding"
        ) from None
    return text.removeprefix("\ufeff")


def _wide(data: bytes) -> str | None:
    """utf-16 for a BOM; utf-16-be/-le when the first characters are ASCII with a zero byte
    before/after most (an Apple card saved as UTF-16BE without BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:64]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_even >= 0.75 and zeros_odd <= 0.1:  # a few non-Latin characters are allowed
        return "utf-16-be"
    if zeros_odd >= 0.75 and zeros_even <= 0.1:
        return "utf-16-le"
    return None


def as_utf8_if_wide(data: bytes, encoding: str | None = None) -> bytes:
    """UTF-16 bytes (or bytes in a wide --encoding) as UTF-8, so line-level work can go on in
    bytes; anything else is left as it is, to be decoded value by value."""
    wide = encoding if encoding and encoding.lower().replace("_", "-").startswith(
        ("utf-16", "utf16", "utf-32", "utf32")) else _wide(data)  # fmt: skip
    return _decode_as(data, wide).encode("utf-8") if wide else data


# What address-book exporters write when not UTF-8: Windows and ISO Latin code pages and Mac
# Roman, or the East Asian multi-byte encodings. DOS code pages (cp775, cp852, ...) are left
# out: on a short name they win by chance and turn "Müller" into "M³ller".
SINGLE_BYTE = [
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "latin_1", "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_9", "iso8859_15", "mac_roman",
    "koi8_r", "koi8_u",
]  # fmt: skip
MULTI_BYTE = ["cp932", "shift_jis", "euc_jp", "gb18030", "big5", "cp949", "euc_kr"]
_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")


def detect(data: bytes) -> str | None:
    """The most likely charset of bytes that are not UTF-8, by charset-normalizer (imported
    here: it costs ~20 ms). On a few names its statistics alone go wrong (Shift_JIS read as
    Korean or Windows-1252), so the bytes choose the family first: accented Latin letters are
    lone high bytes, East Asian characters come in runs of two or more. Where several code
    pages give the same text, Windows-1252 wins (the usual one); cp949 only when the bytes are
    in its common EUC-KR core, as real Korean text is."""
    from charset_normalizer import from_bytes

    runs = [len(run) for run in _HIGH_RUNS.findall(data)]
    family = MULTI_BYTE if runs and min(runs) >= 2 else SINGLE_BYTE
    for match in from_bytes(data, cp_isolation=family):
        if match.encoding == "cp949" and not _decodes(data, "euc_kr"):
            continue
        if "cp1252" in match.could_be_from_charset and _decodes(data, "cp1252"):
            return "cp1252"
        if _decodes(data, match.encoding):
            return match.encoding
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except (LookupError, UnicodeDecodeError):
        return False
