"""The benchmark's generated journal must stay importable as the import format evolves."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

from conftest import ok

ROOT = Path(__file__).resolve().parents[1]


def _generate():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_journal_imports_whole(cli, js, tmp_path):
    generate = _generate()
    path = tmp_path / "small.jsonl"
    generate.write_jsonl(path, 0.002)
    kinds = Counter(r["type"] for r in generate.records(0.002))
    assert sum(kinds.values()) == generate.record_count(0.002)
    ok(cli("import", str(path)))
    exported = Counter(json.loads(line)["type"] for line in ok(cli("export")).stdout.splitlines())
    for kind in ("contact", "interaction", "promise", "followup"):
        assert exported[kind] == kinds[kind], kind
    assert cli("doctor").exit_code == 0  # import and doctor agree on what is sound (issue 15)


def test_generated_journal_is_the_same_every_time():
    generate = _generate()
    assert generate.records(0.001) == generate.records(0.001)


def test_generated_calendar_imports_every_meeting_it_holds(js, tmp_path):
    spec = importlib.util.spec_from_file_location("bcal", ROOT / "benchmarks" / "calendar.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "people.jsonl").write_text(module.contacts_jsonl(10))
    js("import", tmp_path / "people.jsonl")
    (tmp_path / "m.ics").write_text(module.calendar(100, 10), newline="")
    result = js("import", tmp_path / "m.ics")
    # every occurrence is past and names a contact (by email or title); only cancelled skip
    assert result["events"] == 100
    assert result["added"] + result["skipped"].get("cancelled", 0) == 100
    assert result["unmatched"] == []
