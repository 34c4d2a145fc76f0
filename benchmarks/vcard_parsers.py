"""vobject against rapport's own vCard reader, on the contact corpus (../shared/corpus).

    python benchmarks/vcard_parsers.py

For each of the 41 valid vCard files: does the reader give every contact's name, email and
phone as the file means them (the expectations of tests/test_import_corpus.py)? vobject gets
the file decoded the best way a whole-file reader can (rapport.interchange.text.decode:
UTF-16, UTF-8, else the detected charset), then its own unfolding and quoted-printable.
Also times both over all 41 files (best of 5) and their import cost.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_import_corpus import CORPUS, VALID  # noqa: E402

from rapport.interchange import vcard  # noqa: E402
from rapport.interchange.text import decode  # noqa: E402


def ours(data: bytes) -> list[tuple]:
    return [(r["name"], r.get("email"), r.get("phone")) for _, r in vcard.parse(data)]


def _pref(items: list) -> object | None:
    for item in items:
        types = [t.lower() for t in item.params.get("TYPE", [])]
        if "pref" in types or item.params.get("PREF", [""])[0] == "1":
            return item
    return items[0] if items else None


def _vobject_name(card) -> str:
    fn = getattr(card, "fn", None)
    if fn is not None and str(fn.value).strip():
        return str(fn.value).strip()
    n = getattr(card, "n", None)
    if n is not None:
        v = n.value
        parts = [v.prefix, v.given, v.additional, v.family, v.suffix]
        text = " ".join(" ".join(p) if isinstance(p, list) else p for p in parts if p).strip()
        if text:
            return text
    for key in ("nickname", "org", "email"):
        item = getattr(card, key, None)
        if item is not None:
            value = item.value[0] if isinstance(item.value, list) else item.value
            if str(value).strip():
                return str(value).strip()
    return ""


def theirs(data: bytes) -> list[tuple]:
    import vobject

    found = []
    for card in vobject.readComponents(decode(data)):
        email = _pref(card.contents.get("email", []))
        tel = _pref(card.contents.get("tel", []))
        found.append((
            _vobject_name(card),
            str(email.value).strip() if email is not None else None,
            str(tel.value).strip().removeprefix("tel:") if tel is not None else None,
        ))  # fmt: skip
    return found


def score(reader) -> tuple[int, int, list[str]]:
    right, crashed, wrong = 0, 0, []
    for name, expected in VALID.items():
        if not name.endswith(".vcf"):
            continue
        try:
            got = reader((CORPUS / "vcf" / name).read_bytes())
        except Exception:
            crashed += 1
            wrong.append(f"{name} (refused or crashed)")
            continue
        if got == expected:
            right += 1
        else:
            wrong.append(name)
    return right, crashed, wrong


def timing(reader) -> float:
    files = [(CORPUS / "vcf" / n).read_bytes() for n in VALID if n.endswith(".vcf")]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for data in files:
            with contextlib.suppress(Exception):
                reader(data)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def import_ms(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(5)]
    return min(runs) * 1000


def main() -> None:
    total = sum(1 for n in VALID if n.endswith(".vcf"))
    for label, reader, module in (("rapport", ours, "rapport.interchange.vcard"),
                                  ("vobject", theirs, "vobject")):  # fmt: skip
        right, crashed, wrong = score(reader)
        print(f"{label}: {right}/{total} files right, {crashed} refused or crashed, "
              f"{timing(reader):.0f} ms for all, import {import_ms(module):.0f} ms")  # fmt: skip
        for name in wrong:
            print(f"    wrong: {name}")


if __name__ == "__main__":
    main()
