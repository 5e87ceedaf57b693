"""Child process: the demo app plus baselines, served by uvicorn on the given port.

``/bench/static`` returns a fixed JSON body through the same middleware stack (the framework
baseline); ``/bench/bypass/patients/{PatNum}`` runs the patient handler's query with no
gateway (authentication, permission, rate limit, metering) in front of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn
from starlette.responses import Response

from dentin.app import create_app
from dentin.config import Settings
from dentin.demo import seed_demo
from dentin.logs import configure
from dentin.office.listing import path_id
from dentin.office.routes import patients
from dentin.responses import json_response, raw_json
from dentin.runtime import Runtime

STATIC = (
    b'[{"CustomerKey":"VzkmZEaUWOjnQX2z","KeyStatus":"Enabled","DateCreated":"2026-01-01",'
    b'"DateDisabled":"0001-01-01","DateTimeAssigned":"2026-01-01 00:00:00","DevRefId":"Demo"}]'
)


def main() -> None:
    data_dir, port = Path(sys.argv[1]), int(sys.argv[2])
    configure(json=True)
    rt = Runtime.build(Settings(data_dir=data_dir, demo=True))
    creds = seed_demo(rt)
    app = create_app(rt.settings, rt)

    @app.get("/bench/static", include_in_schema=False)
    async def static() -> Response:
        return raw_json(STATIC)

    office_db = rt.offices.get(creds.office_id)

    @app.get("/bench/bypass/patients/{PatNum}", include_in_schema=False)
    def bypass(PatNum: str) -> Response:
        # The same handler body as GET /api/v1/patients/{PatNum}, with no gateway in front.
        return json_response(patients._render(office_db, path_id(PatNum, "PatNum")))

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
