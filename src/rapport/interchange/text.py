"""What vCard and iCalendar share: escaping TEXT values and folding long content lines."""

from __future__ import annotations


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


def decode(data: bytes) -> str:
    """A file's text: UTF-8 (with or without BOM), UTF-16 when it has a BOM, else Windows-1252,
    which is what older Outlook exports are written in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
