"""The same history gives the same figures and reasons whether it is typed through the CLI
or imported from hand-written JSON Lines (trust model 2: sizes, signs, attitude, style)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from conftest import ok
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.interchange.records import CHOICES
from rapport.scoring import ATTITUDES, SIGN_KINDS, SIZES

START = date(2026, 6, 1)
TEXTS = ["weekly report", "invoice", "migration plan", "board pack"]
day = st.integers(0, 170).map(lambda n: START + timedelta(days=n))


def moment(d: date) -> str:
    return f"{d.isoformat()}T09:00:00"


promise = st.tuples(
    st.just("promise"),
    st.sampled_from(TEXTS),
    st.sampled_from(SIZES),
    day,
    st.integers(0, 20),
    st.sampled_from(["on_time", "late", "broken", "cancelled", "open"]),
)
sign = st.tuples(st.just("sign"), st.sampled_from(SIGN_KINDS), day)
talk = st.tuples(
    st.just("log"),
    day,
    st.sampled_from(["tense", "neutral", "warm"]),
    st.booleans(),
    st.booleans(),
)
incident = st.tuples(
    st.just("incident"),
    st.sampled_from(TEXTS),
    day,
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
expect = st.tuples(st.just("expect"), st.sampled_from(TEXTS), day, st.booleans())
histories = st.tuples(
    st.sampled_from([None, *ATTITUDES]),
    st.sampled_from([None, "detail", "big-picture"]),
    st.lists(st.one_of(promise, sign, talk, incident, expect), min_size=1, max_size=6),
)


def typed(cli, js, attitude, style, events) -> None:
    def at(d: date) -> dict[str, str]:
        return {"RAPPORT_NOW": moment(d)}

    extra = [
        *(["--attitude", attitude] if attitude else []),
        *(["--style", style] if style else []),
    ]
    ok(cli("add", "Acme", "--channel", "email", *extra, env=at(START)))
    for event in events:
        kind = event[0]
        if kind == "promise":
            _, text, size, made, days, end = event
            due = made + timedelta(days=days)
            pid = js(
                "promise", "Acme", text, "--by", due.isoformat(), "--size", size, env=at(made)
            )["id"]
            finish = due + timedelta(days=3 if end == "late" else 0)
            if end in ("on_time", "late"):
                ok(cli("done", str(pid), "--when", finish.isoformat(), env=at(finish)))
            elif end in ("broken", "cancelled"):
                agreed = ["--agreed"] if end == "cancelled" else []
                ok(cli("drop", str(pid), "--reason", "x", *agreed, env=at(finish)))
        elif kind == "sign":
            ok(cli("sign", "Acme", event[1], "--when", moment(event[2]), env=at(event[2])))
        elif kind == "log":
            _, d, tone, thanked, advice = event
            flags = [*(["--thanked"] if thanked else []), *(["--asked-advice"] if advice else [])]
            ok(
                cli(
                    "log",
                    "Acme",
                    "talk",
                    "--when",
                    moment(d),
                    "--tone",
                    tone,
                    "--channel",
                    "email",
                    *flags,
                    env=at(d),
                )
            )
        elif kind == "incident":
            _, text, d, owned, told, resolved = event
            flags = [*(["--owned"] if owned else []), *(["--told-first"] if told else [])]
            iid = js("incident", "Acme", text, "--when", moment(d), *flags, env=at(d))["id"]
            if resolved:
                ok(cli("resolve", str(iid), env=at(d + timedelta(days=2))))
        else:
            _, text, d, agreed = event
            ok(cli("expect", "Acme", text, *(["--agreed"] if agreed else []), env=at(d)))


def records(attitude, style, events) -> list[dict]:
    out: list[dict] = [
        {
            "type": "contact",
            "name": "Acme",
            "channel": "email",
            "attitude": attitude,
            "style": style,
            "created_at": moment(START),
        }
    ]
    for event in events:
        kind = event[0]
        if kind == "promise":
            _, text, size, made, days, end = event
            due = made + timedelta(days=days)
            finish = (due + timedelta(days=3 if end == "late" else 0)).isoformat()
            rec = {
                "type": "promise",
                "contact": "Acme",
                "text": text,
                "size": size,
                "made": made.isoformat(),
                "due": due.isoformat(),
                "created_at": moment(made),
            }
            if end in ("on_time", "late"):
                rec |= {"status": "done", "done_at": finish}
            elif end in ("broken", "cancelled"):
                rec |= {"status": end, "closed_at": finish, "reason": "x"}
            out.append(rec)
        elif kind == "sign":
            out.append(
                {"type": "sign", "contact": "Acme", "kind": event[1], "at": moment(event[2])}
            )
        elif kind == "log":
            _, d, tone, thanked, advice = event
            out.append(
                {
                    "type": "interaction",
                    "contact": "Acme",
                    "at": moment(d),
                    "summary": "talk",
                    "tone": tone,
                    "channel": "email",
                    "thanked": thanked,
                    "asked_advice": advice,
                    "created_at": moment(d),
                }
            )
        elif kind == "incident":
            _, text, d, owned, told, resolved = event
            out.append(
                {
                    "type": "incident",
                    "contact": "Acme",
                    "text": text,
                    "at": moment(d),
                    "owned": owned,
                    "told_first": told,
                    "resolved": (d + timedelta(days=2)).isoformat() if resolved else None,
                }
            )
        else:
            _, text, d, agreed = event
            out.append(
                {
                    "type": "expectation",
                    "contact": "Acme",
                    "text": text,
                    "at": moment(d),
                    "agreed": agreed,
                }
            )
    return out


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=histories)
def test_typed_and_imported_histories_score_the_same(cli, js, tmp_path_factory, history):
    folder = tmp_path_factory.mktemp("twin")
    typed_db, imported_db = folder / "typed.db", folder / "imported.db"
    typed(_on(cli, typed_db), _on(js, typed_db), *history)
    path = folder / "history.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records(*history)), encoding="utf-8")
    ok(cli("--db", imported_db, "import", path))
    scores = [js("--db", db, "score", "--explain") for db in (typed_db, imported_db)]
    assert scores[0] == scores[1]


def _on(run, db):
    """The cli/js runner on another journal file."""
    return lambda *args, **kw: run("--db", db, *args, **kw)


def test_sign_kinds_are_the_ones_an_import_accepts():
    assert CHOICES["kind"] == SIGN_KINDS
