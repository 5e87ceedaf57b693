"""One company name per developer: offices tell developers apart by it.

An office's ``apikey`` copy carries only ``DevName`` (seed 000), and ShortQuery shows a developer
the rows bearing its own name; the practice's API Setup window names developers the same way.
Two live developers called "Acme" would each see the other's CustomerKeys and a practice could
not tell them apart, so the name is unique among developers not rejected, ignoring case and
repeated spaces. Approval looks only at developers already approved or suspended, so the first
of two old pending applications sharing a name can still be approved.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import Conflict
from dentin.hq.models import Developer


def folded(name: str) -> str:
    return " ".join(name.split()).casefold()


NOT_REJECTED = ("pending", "approved", "suspended")
LIVE = ("approved", "suspended")


def ensure_free(
    session: Session,
    name: str,
    except_id: int | None = None,
    among: tuple[str, ...] = NOT_REJECTED,
) -> None:
    """Refuse ``name`` if another developer in one of the ``among`` states goes by it."""
    wanted = folded(name)
    query = select(Developer.id, Developer.company_name).where(Developer.status.in_(among))
    if except_id is not None:
        query = query.where(Developer.id != except_id)
    for _, other in session.execute(query):
        if folded(other) == wanted:
            raise Conflict(
                f"CompanyName {name!r} is already used by another developer; offices tell "
                "developers apart by this name (DevName), so choose a distinct one, e.g. with "
                "your city or product.",
                code="company_name_taken",
                extra={"fields": {"CompanyName": "Another developer already uses this name."}},
            )
