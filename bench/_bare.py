"""Child process: the bare Starlette baseline of bench/fast_path.py, on the given port.

No middleware, no dependency injection, no database: ``/patient`` encodes a patient dict
(the one dentin returns, read from a file) with Starlette's ``JSONResponse`` on every request,
and ``/page`` returns a 100-row body of the same bytes as dentin's ``/patients/Simple`` page.
It runs on the same HTTP server as dentin (uvicorn with uvloop and httptools), so the ratio is
what dentin's own work costs.

    python bench/_bare.py PORT PATIENT_JSON PAGE_JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def build(patient: dict[str, object], page: bytes) -> Starlette:
    async def one(_request: Request) -> Response:
        return JSONResponse(patient)

    async def many(_request: Request) -> Response:
        return Response(page, media_type="application/json")

    return Starlette(routes=[Route("/patient", one), Route("/page", many)])


def main() -> None:
    port = int(sys.argv[1])
    patient = json.loads(Path(sys.argv[2]).read_bytes())
    page = Path(sys.argv[3]).read_bytes()
    app = build(patient, page)
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
