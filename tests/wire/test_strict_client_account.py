"""The strict client (``od_client_account``) reads every GET route of the account part on the
demo office: one field of the wrong type or format anywhere fails the suite."""

from __future__ import annotations

from typing import Any

import httpx

from tests.wire.od_client_account import ACCOUNT_ROUTES
from tests.wire.strict_reads import API, first_key, read_strict


async def _read(http: httpx.AsyncClient, template: str, path: str, **params: Any) -> int:
    return await read_strict(http, ACCOUNT_ROUTES, template, path, **params)


_first = first_key


async def test_a_strict_client_reads_every_account_route_of_the_demo_office(
    demo: httpx.AsyncClient,
) -> None:
    http = demo
    # What the demo has none of yet, made through the API: a group note, a planned appointment.
    r = await http.post(
        f"{API}/procedurelogs",
        json={"PatNum": 1, "ProcDate": "2024-04-25", "ProcStatus": "C", "procCode": "D0120"},
    )
    proc = r.json()["ProcNum"]
    r = await http.post(
        f"{API}/procedurelogs/GroupNote", json={"PatNum": 1, "ProcNums": [proc], "Note": "ok"}
    )
    assert r.status_code == 201, r.text
    tp = await _first(http, "/procedurelogs", "ProcNum", PatNum=1, ProcStatus="TP")
    r = await http.post(f"{API}/appointments/Planned", json={"PatNum": 1, "procNums": [tp]})
    assert r.status_code == 201, r.text
    r = await http.post(
        f"{API}/adjustments",
        json={"PatNum": 1, "AdjType": 31, "AdjAmt": -5, "AdjDate": "2024-01-02"},
    )
    assert r.status_code == 201, r.text
    plan = await _first(http, "/payplans", "PayPlanNum")
    saved = await _first(http, "/treatplans", "TreatPlanNum", TPStatus="Saved")
    active = await _first(http, "/treatplans", "TreatPlanNum", TPStatus="Active")
    statement = await _first(http, "/statements", "StatementNum")
    sched = await _first(http, "/scheduleops", "ScheduleNum")
    day = (await http.get(f"{API}/schedules/{sched}")).json()["SchedDate"]
    reads: list[tuple[str, str, dict[str, Any]]] = [
        ("/appointments/ASAP", "/appointments/ASAP", {}),
        ("/appointments/WebSched", "/appointments/WebSched", {}),
        ("/appointments/SlotsWebSched", "/appointments/SlotsWebSched", {"defNumApptType": 326}),
        ("/procedurelogs/GroupNotes", "/procedurelogs/GroupNotes", {"PatNum": 1}),
        ("/adjustments", "/adjustments", {"PatNum": 1}),
        ("/paysplits", "/paysplits", {}),
        ("/payplans", "/payplans", {}),
        ("/payplans/{PayPlanNum}", f"/payplans/{plan}", {}),
        ("/payplancharges", "/payplancharges", {"PayPlanNum": plan}),
        ("/statements", "/statements", {}),
        ("/statements/{StatementNum}", f"/statements/{statement}", {}),
        ("/treatplans", "/treatplans", {}),
        ("/proctps", "/proctps", {"TreatPlanNum": saved}),
        ("/treatplanattaches", "/treatplanattaches", {"TreatPlanNum": active}),
        ("/schedules", "/schedules", {"date": day}),
        ("/schedules/{ScheduleNum}", f"/schedules/{sched}", {}),
        ("/scheduleops", "/scheduleops", {}),
        ("/appointmenttypes", "/appointmenttypes", {}),
        ("/definitions", "/definitions", {}),
        ("/usergroups", "/usergroups", {}),
        ("/tasklists", "/tasklists", {}),
        ("/tasks", "/tasks", {}),
        ("/sheets", "/sheets", {"PatNum": 5}),
    ]
    for module in ("accountmodules", "chartmodules"):
        for template in ACCOUNT_ROUTES:
            if template.startswith(f"/{module}/"):
                for pat in (1, 2, 3):
                    reads.append((template, template.replace("{PatNum}", str(pat)), {}))
    # The demo has no insurance subscribers yet (the insurance part's tables): InsuranceHistory
    # is read by the golden test, on a subscriber it makes itself.
    assert {t for t, _, _ in reads} == set(ACCOUNT_ROUTES) - {"/procedurelogs/InsuranceHistory"}
    for template, path, params in reads:
        rows = await _read(http, template, path, **params)
        # Patients 2 and 3 are read for variety; only patient 1 is sure to have a planned one.
        if "/2/" not in path and "/3/" not in path:
            assert rows, f"{path} answered no rows: the strict client checked nothing"
    pages = 0
    for offset in range(0, 100_000, 100):
        got = await _read(http, "/paysplits", "/paysplits", Offset=offset)
        pages += 1
        if got < 100:
            break
    assert pages > 1, "the demo's paysplits fit one page: paging was not exercised"
