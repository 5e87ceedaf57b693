"""One table per enumeration (``dentin.office.enums``) serves both directions, so every word a
read shows is a word a write accepts, and a write reads back as Open Dental spells it."""

from __future__ import annotations

import httpx

from dentin.office import enums
from tests.wire.conftest import Office

API = "/api/v1"


def test_every_word_of_every_enum_table_parses_back_to_the_value_it_shows() -> None:
    for field, table in enums.FIELD_ENUMS.items():
        assert table.words, field
        for word in table.accepted():
            assert table.text(table.parse(word, field)) == word, (field, word)


def test_open_dentals_documented_spellings_are_accepted_and_read_back_canonical() -> None:
    mode = enums.COMM_MODE
    for alias, word in (("In Person", "InPerson"), ("email and text", "EmailAndText")):
        assert mode.text(mode.parse(alias, "Mode_")) == word


async def _round_trip(
    od: httpx.AsyncClient, method: str, path: str, field: str, words: list[str]
) -> list[str]:
    """Each word written through ``path`` and read back; the words that did not come back."""
    lost = []
    for word in words:
        r = await od.request(method, f"{API}{path}", json=_body(path, field, word))
        assert r.status_code in (200, 201), (path, field, word, r.text)
        if r.json()[field] != word:
            lost.append(f"{path} {field}: wrote {word!r}, read {r.json()[field]!r}")
    return lost


def _body(path: str, field: str, word: str) -> dict[str, object]:
    if path == "/procedurelogs":
        return {"PatNum": 1, "ProcDate": "2030-04-25", "ProcStatus": "TP", "procCode": "D0120"} | {
            field: word
        }
    if path == "/commlogs":
        return {"PatNum": 1, "Note": "round trip", field: word}
    return {field: word}


async def test_every_enum_word_a_read_shows_is_accepted_by_the_write_that_sets_it(
    office: Office, od: httpx.AsyncClient
) -> None:
    lost: list[str] = []
    for field in ("PlaceService", "ProcStatus"):
        words = enums.FIELD_ENUMS[field].accepted()
        if field == "ProcStatus":  # POST takes the statuses Open Dental's POST takes
            words = ["TP", "C", "EO", "EC", "R", "Cn"]
        lost += await _round_trip(od, "POST", "/procedurelogs", field, words)
    for field in ("Mode_", "SentOrReceived"):
        words = enums.FIELD_ENUMS[field].accepted()
        lost += await _round_trip(od, "POST", "/commlogs", field, words)
    for field in (
        *("PatStatus", "Gender", "Position", "TxtMsgOk"),
        *("PreferConfirmMethod", "PreferContactMethod", "PreferRecallMethod"),
    ):
        words = enums.FIELD_ENUMS[field].accepted()
        lost += await _round_trip(od, "PUT", "/patients/2", field, words)
    apt = (await od.get(f"{API}/appointments", params={"AptStatus": "Scheduled"})).json()[0]
    lost += await _round_trip(
        od, "PUT", f"/appointments/{apt['AptNum']}", "Priority", ["ASAP", "Normal"]
    )
    assert not lost, "\n".join(lost)
