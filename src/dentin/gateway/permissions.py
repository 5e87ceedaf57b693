"""The one catalogue mapping every ``/api/v1`` office route to exactly one ``resource:action``.

The gateway looks the matched route up here; a route missing from the catalogue is refused
(fail closed), and a test walks the app's route table so none can ship unguarded.
"""

from __future__ import annotations

ROUTE_PERMISSIONS: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/preferences"): "preference:read",
    ("GET", "/api/v1/reports/Aging"): "report:read",
    ("PUT", "/api/v1/queries/ShortQuery"): "query:read",
}

# Routes that do not act on office data and authenticate differently (or not at all).
NOT_OFFICE_ROUTES: frozenset[str] = frozenset(
    {
        "/api/v1/apikeys",
        "/api/v1/apikeys/{CustomerKey}",
        "/api/v1/apikeys/move",
        "/api/v1/developer-applications",
        "/api/v1/practice/sessions",
        "/api/v1/practice/api-setup",
        "/api/v1/practice/api-setup/keys",
    }
)


def permission_for(method: str, path_template: str) -> str | None:
    if method == "HEAD":
        method = "GET"
    return ROUTE_PERMISSIONS.get((method, path_template))
