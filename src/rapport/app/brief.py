"""The brief before a call: one person's, or an organisation's (each of its people's)."""

from __future__ import annotations

from typing import Any

from rapport.app.context import Context, resolve
from rapport.errors import NotFound


def brief(ctx: Context, name: str, org_only: bool) -> dict[str, Any]:
    """NAME is a contact or an organisation (--org: only an organisation)."""
    from rapport import brief
    from rapport.store import brief as brief_store

    everyone = brief_store.contacts_with_orgs(ctx.store)
    org = brief.org_of(name, everyone) if org_only else brief.pick_subject(name, everyone)
    if org_only and org is None:
        known = ", ".join(f"'{o}'" for o in brief.org_names(everyone)) or "none yet"
        raise NotFound(
            f"no organisation named '{name}' with active people (organisations: {known}); "
            "set one with rapport edit NAME --org ORG"
        )
    if org is not None:
        org_name, ids = org
        return brief.organisation(org_name, [person(ctx, cid) for cid in ids], ctx.now)
    return person(ctx, resolve(ctx, name).id)


def person(ctx: Context, contact_id: int) -> dict[str, Any]:
    from rapport import brief
    from rapport.app import trust
    from rapport.store import brief as brief_store
    from rapport.store import cadences

    record = brief_store.record(ctx.store, contact_id)
    (cadence,) = cadences.with_cadence(ctx.store, contact_id)  # their own, or from a tag
    record["contact"] = {
        **record["contact"],
        "every_days": cadence["every_days"],
        "every_tag": cadence["every_tag"],
    }
    [score] = trust.score_rows(ctx, trust.half_life(None), [contact_id], series=False) or [None]
    return brief.build(record, score, ctx.now)
