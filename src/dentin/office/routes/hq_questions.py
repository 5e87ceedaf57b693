"""What HQ may ask a connected office about over its link, since HQ never opens its database.

Only the connector's office app serves these, and only to HQ's own questions (the link marks
them); a client's request relayed by HQ always targets ``/api/v1`` and never reaches them.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from dentin.caller import Caller
from dentin.errors import NotFound
from dentin.office import users
from dentin.office.edge import FROM_HQ, HQ_QUESTIONS
from dentin.office.routes.deps import edge_of
from dentin.responses import json_response

router = APIRouter(prefix=HQ_QUESTIONS, include_in_schema=False)
# The connector's edge serves its one office whoever asks; HQ's questions carry no key.
_HQ = Caller(kind="customer", developer_id=None, developer_name="HQ", permissions=frozenset())


def _from_hq(request: Request) -> None:
    if request.scope.get("extensions", {}).get(FROM_HQ) is not True:
        raise NotFound("There is no such route.")


@router.get("/users/{UserNum}/rights")
def user_rights(request: Request, UserNum: int) -> Response:
    """A practice user's rights now (None: gone or disabled), for their practice tokens."""
    _from_hq(request)
    rights = users.rights(edge_of(request).database(_HQ), UserNum)
    return json_response({"UserNum": UserNum, "Rights": None if rights is None else sorted(rights)})
