"""One request suite through Embedded, Cloud and Service: the answers match byte for byte.

The suite runs in order against each mode's own copy of one office database (writes included),
then each step's answers are compared: status, body bytes and headers, minus ``Date`` and
``X-Request-Id``. The few values that legitimately differ are normalised by name, each with its
reason (``_normalise``); everything else must be identical.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.modes.conftest import Mode, Modes

pytestmark = pytest.mark.slow

PATIENT = {
    "LName": "Modeson",
    "FName": "Ada",
    "Birthdate": "1980-02-03",
    "Gender": "Female",
    "Email": "ada@example.com",
}


@dataclass(frozen=True)
class Step:
    name: str
    method: str
    path: str
    credential: str = "full"  # which of the mode's credentials to send
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


SUITE = [
    # Reads: single rows, lists with paging, filters, case-insensitive paths.
    Step("one patient", "GET", "/api/v1/patients/1"),
    Step("patients Simple paged", "GET", "/api/v1/patients/Simple?Limit=5&Offset=3"),
    Step("patient search", "GET", "/api/v1/patients?LName=a&Limit=4"),
    Step("paths and names ignore case", "GET", "/API/V1/PATIENTS/simple?limit=2&offset=1"),
    Step("appointments paged", "GET", "/api/v1/appointments?Limit=5&Offset=2"),
    Step("one appointment", "GET", "/api/v1/appointments/1"),
    Step("providers", "GET", "/api/v1/providers"),
    Step("operatories", "GET", "/api/v1/operatories"),
    Step("clinics", "GET", "/api/v1/clinics"),
    Step("procedurelogs paged", "GET", "/api/v1/procedurelogs?PatNum=1&Limit=3"),
    Step("payments", "GET", "/api/v1/payments?PatNum=1"),
    Step("commlogs", "GET", "/api/v1/commlogs?PatNum=1"),
    Step("preference", "GET", "/api/v1/preferences?PrefName=DateLastAging"),
    Step("aging report", "GET", "/api/v1/reports/Aging?Limit=5"),
    Step("aging report as of a date", "GET", "/api/v1/reports/Aging?DateAsOf=2024-01-31&Limit=3"),
    Step(
        "ShortQuery",
        "PUT",
        "/api/v1/queries/ShortQuery",
        json={"SqlCommand": "SELECT PatNum, LName, EstBalance FROM patient WHERE PatNum < 6"},
    ),
    Step(
        "ShortQuery paged",
        "PUT",
        "/api/v1/queries/ShortQuery?Offset=2",
        json={"SqlCommand": "SELECT PatNum FROM patient ORDER BY PatNum LIMIT 4"},
    ),
    # Writes, each on the mode's own copy of the same database.
    Step("create a patient", "POST", "/api/v1/patients", json=PATIENT),
    Step("the created patient", "GET", "/api/v1/patients/31"),
    Step("update the patient", "PUT", "/api/v1/patients/31", json={"City": "Halifax"}),
    Step("log a commlog", "POST", "/api/v1/commlogs", json={"PatNum": 31, "Note": "Called."}),
    Step(
        "book an appointment",
        "POST",
        "/api/v1/appointments",
        json={"PatNum": 31, "Op": 1, "AptDateTime": "2031-03-04 09:00:00"},
    ),
    Step(
        "double booking",
        "POST",
        "/api/v1/appointments",
        json={"PatNum": 31, "Op": 1, "AptDateTime": "2031-03-04 09:00:00"},
    ),
    Step("the patient's appointments", "GET", "/api/v1/appointments?PatNum=31"),
    Step("duplicate patient", "POST", "/api/v1/patients", json=PATIENT),
    # Not found, bad input, wrong method.
    Step("no such patient", "GET", "/api/v1/patients/999999"),
    Step("a patient number that is not a number", "GET", "/api/v1/patients/abc"),
    Step("a patient without a name", "POST", "/api/v1/patients", json={"FName": "X"}),
    Step("a body that is not an object", "POST", "/api/v1/patients", content=b"[1,2]"),
    Step("a body that is not JSON", "POST", "/api/v1/patients", content=b"{nope"),
    Step("a bad paging value", "GET", "/api/v1/patients/Simple?Limit=x"),
    Step(
        "a ShortQuery that writes",
        "PUT",
        "/api/v1/queries/ShortQuery",
        json={"SqlCommand": "DELETE FROM patient"},
    ),
    Step("a method the route lacks", "DELETE", "/api/v1/patients/1"),
    Step("no such route", "GET", "/api/v1/nothing-here"),
    # Credentials: refused, then permissions, then a practice token cut by its creator's rights.
    Step("no credential", "GET", "/api/v1/patients/1", credential="none"),
    Step("an unknown key", "GET", "/api/v1/patients/1", credential="unknown"),
    Step("a read-only developer reads", "GET", "/api/v1/patients/2", credential="readonly"),
    Step(
        "a read-only developer writes",
        "POST",
        "/api/v1/patients",
        credential="readonly",
        json={"LName": "No", "FName": "Way"},
    ),
    Step(
        "a read-only developer runs a ShortQuery",
        "PUT",
        "/api/v1/queries/ShortQuery",
        credential="readonly",
        json={"SqlCommand": "SELECT 1"},
    ),
    Step("a practice token reads", "GET", "/api/v1/patients/2", credential="token"),
    Step(
        "a practice token beyond its creator's rights",
        "POST",
        "/api/v1/patients",
        credential="token",
        json={"LName": "No", "FName": "Way"},
    ),
    Step(
        "a practice token outside its scopes",
        "GET",
        "/api/v1/payments?PatNum=1",
        credential="token",
    ),
    # Rate limits: the tiny tier allows three requests a minute per key.
    Step("rate limited 1", "GET", "/api/v1/patients/1", credential="tiny"),
    Step("rate limited 2", "GET", "/api/v1/patients/2", credential="tiny"),
    Step("rate limited 3", "GET", "/api/v1/patients/3", credential="tiny"),
    Step("rate limited 4 is a 429", "GET", "/api/v1/patients/4", credential="tiny"),
]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def show(self) -> str:
        return f"{self.status} {self.headers} {self.body[:2000]!r}"


# Headers that name this exchange, not the answer: the issue excludes them.
_EXCHANGE_HEADERS = frozenset({"date", "x-request-id"})
# Rate-limit headers that count seconds on the clock: the window's end moves while the suite runs.
_CLOCK = {
    "ratelimit": re.compile(r"t=\d+"),
    "x-ratelimit-reset": re.compile(r"^\d+$"),
    "retry-after": re.compile(r"^\d+$"),
}
# Body values the server stamps with its clock: serverDateTime on every list, and the moment a
# row was written (DateTStamp and SecDateTEntry) for rows this suite wrote. Only date-times at
# or after the suite's start are replaced, so a stored row's stamp is still compared.
_STAMPED = re.compile(
    rb'"(serverDateTime|DateTStamp|SecDateTEntry|DateTEntry|CommDateTime)":'
    rb'"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"'
)
# A 429 says in words how many seconds remain of the window, like Retry-After.
_RETRY_IN_WORDS = re.compile(rb"Retry after \d+ seconds")


def _normalise(answer: Answer, since: str, base: str) -> Answer:
    headers = []
    for name, value in answer.headers:
        lower = name.lower()
        if lower in _EXCHANGE_HEADERS:
            continue
        if lower == "location":
            # A created row's URL starts with the address the client called: the Service is
            # another server than HQ. Only that exact origin is cut, so a wrong one still shows.
            assert value.startswith(base + "/"), (value, base)
            value = "<origin>" + value.removeprefix(base)
        clock = _CLOCK.get(lower)
        if clock is not None:
            assert clock.search(value), (name, value)
            value = clock.sub("t=<clock>" if lower == "ratelimit" else "<clock>", value)
        headers.append((lower, value))

    def stamp(match: re.Match[bytes]) -> bytes:
        if match.group(2).decode() >= since:
            return b'"' + match.group(1) + b'":"<now>"'
        return match.group(0)

    body = _STAMPED.sub(stamp, answer.body)
    if answer.status == 429:
        body = _RETRY_IN_WORDS.sub(b"Retry after <clock> seconds", body)
    return Answer(answer.status, sorted(headers), body)


# The rate limiter's sliding-window counter weighs the previous minute's requests by how much of
# it still overlaps, so a run that crosses a minute boundary reports a different remaining count
# than one that does not (a rounding, not a difference between modes). Each mode's run starts
# early in a minute and must end within it.
RUN_SECONDS = 30


def _start_early_in_a_minute() -> float:
    left = 60 - time.time() % 60
    if left < RUN_SECONDS:
        time.sleep(left + 0.2)
    return time.time()


def _run(mode: Mode) -> list[Answer]:
    out = []
    started = _start_early_in_a_minute()
    with httpx.Client(base_url=mode.base, timeout=30) as client:
        for step in SUITE:
            headers = dict(step.headers)
            credential = mode.credentials[step.credential]
            if credential:
                headers["Authorization"] = credential
            r = client.request(
                step.method, step.path, json=step.json, content=step.content, headers=headers
            )
            out.append(Answer(r.status_code, list(r.headers.multi_items()), r.content))
    ended = time.time()
    assert started // 60 == ended // 60, (
        f"{mode.name}: the suite took {ended - started:.0f} s and crossed a minute boundary"
    )
    return out


@pytest.fixture(scope="module")
def answers(modes: Modes) -> dict[str, list[Answer]]:
    since = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    return {mode.name: [_normalise(a, since, mode.base) for a in _run(mode)] for mode in modes.all}


@pytest.mark.parametrize("index", range(len(SUITE)), ids=[s.name for s in SUITE])
def test_every_mode_gives_the_same_answer(answers: dict[str, list[Answer]], index: int) -> None:
    embedded = answers["Embedded"][index]
    for name in ("Cloud", "Service"):
        got = answers[name][index]
        assert (got.status, got.headers, got.body) == (
            embedded.status,
            embedded.headers,
            embedded.body,
        ), f"{name}: {got.show()}\nEmbedded: {embedded.show()}"


def test_the_suite_reaches_every_kind_of_answer(answers: dict[str, list[Answer]]) -> None:
    statuses = [a.status for a in answers["Embedded"]]
    assert {200, 201, 400, 401, 403, 404, 405, 409, 429} <= set(statuses), statuses
    limited = answers["Embedded"][-1]
    assert limited.status == 429
    assert ("retry-after", "<clock>") in limited.headers
    for answer in answers["Embedded"][-4:-1]:
        assert answer.status == 200
        names = {name for name, _v in answer.headers}
        assert {"ratelimit", "ratelimit-policy", "x-ratelimit-remaining"} <= names
