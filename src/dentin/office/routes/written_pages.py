"""A list page that SQLite writes whole where it can, else Python (office/sqlite_wire.py)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from starlette.responses import Response

from dentin.office.compiled import Shapes
from dentin.office.listing import server_now
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize import Lookups, Row
from dentin.responses import json_response, raw_json

Serializer = Callable[[list[SimpleNamespace], Lookups, str], list[Row]]


def page_response(
    db: OfficeDatabase, shapes: Shapes, params: dict[str, Any], rows_to_wire: Serializer
) -> Response:
    """The page of ``shapes`` for ``params`` with ``serverDateTime``: SQLite's JSON when it
    spells every row exactly as Python would, else ``rows_to_wire`` over the rows."""
    server = server_now(db)  # on the office's clock, before the read: a resume misses nothing
    engine = db.read_engine()
    body = shapes.packed(engine, params, {"server": server})
    if body is not None:
        return raw_json(body.encode())
    return json_response(rows_to_wire(shapes.rows(engine, params), db.lookups(), server))
