"""The resource catalogue: every permission is ``resource:action`` (seed 004's spelling)."""

from __future__ import annotations

from collections.abc import Iterable

ACTIONS: tuple[str, ...] = ("read", "create", "update", "delete")

RESOURCES: tuple[str, ...] = (
    "patient",
    "appointment",
    "provider",
    "operatory",
    "clinic",
    "commlog",
    "procedurelog",
    "payment",
    "preference",
    "user",
    "query",
    "report",
    "subscription",
    # Clinical (issue 15, clinical part)
    "allergy",
    "medication",
    "disease",
    "patientnote",
    "patfield",
    "toothinitial",
    # Insurance and claims (issue 15)
    "procedurecode",
    "carrier",
    "employer",
    "insplan",
    "inssub",
    "patplan",
    "benefit",
    "covcat",
    "feesched",
    "fee",
    "claim",
    "claimproc",
    "claimpayment",
    "insverify",
    # Issue 15, account part (appended: indexes are stored).
    "adjustment",
    "payplan",
    "statement",
    "treatplan",
    "account",
    "chart",
    "schedule",
    "appointmenttype",
    "definition",
    "usergroup",
    "task",
    "sheet",
    # Issue 15, the rest (appended: indexes are stored).
    "family",
    "recall",
    "referral",
    "labcase",
    "perio",
    "document",
)

ALL_SCOPES: frozenset[str] = frozenset(f"{r}:{a}" for r in RESOURCES for a in ACTIONS)
READ_SCOPES: frozenset[str] = frozenset(f"{r}:read" for r in RESOURCES)


def normalize(scope: str) -> str:
    """``Patient: Read`` → ``patient:read``; raises ValueError with the accepted form."""
    resource, sep, action = scope.strip().lower().partition(":")
    resource, action = resource.strip(), action.strip()
    if not sep or resource not in RESOURCES or action not in ACTIONS:
        raise ValueError(
            f"{scope!r} is not a permission: use resource:action with a resource among "
            f"{', '.join(RESOURCES)} and an action among {', '.join(ACTIONS)}."
        )
    return f"{resource}:{action}"


def normalize_all(scopes: Iterable[str]) -> list[str]:
    """Every scope normalized, de-duplicated, in catalogue order; errors name each bad one."""
    bad: list[str] = []
    good: set[str] = set()
    for scope in scopes:
        try:
            good.add(normalize(scope))
        except ValueError:
            bad.append(repr(scope))
    if bad:
        raise ValueError(
            f"Unknown permission(s) {', '.join(bad)}: use resource:action with a resource among "
            f"{', '.join(RESOURCES)} and an action among {', '.join(ACTIONS)}."
        )
    return sorted(good, key=_order)


def _order(scope: str) -> tuple[int, int]:
    resource, _, action = scope.partition(":")
    return RESOURCES.index(resource), ACTIONS.index(action)
