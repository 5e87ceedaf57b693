"""Open Dental's own example objects (``od_examples/*.json``) and what each field's value says
about its JSON type and format, so that dentin's answers can be held to them field by field.

Every data file names the page and the section each example comes from; where the page prints
something that is not JSON (a missing comma) the fix is listed under ``fixes``, and where one
section contradicts the rest of its page (a number printed as a string in one example only) the
field is listed under that section's ``errata`` with the reason, and its format is not checked
there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dentin.office.enums import FIELD_ENUMS

HERE = Path(__file__).parent / "od_examples"

# Formats recognised in a string value, most specific first. A string that matches none is
# free text, and a field whose every example is free text accepts any string.
STRUCTURED: dict[str, re.Pattern[str]] = {
    "datetime": re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"),
    "iso-datetime": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}:\d{2}"),
    "bool-text": re.compile(r"true|false"),
    "Bool-text": re.compile(r"True|False"),
    "money-text": re.compile(r"-?\d+\.\d{2}"),
    "rgb": re.compile(r"\d{1,3},\d{1,3},\d{1,3}"),
}
# Formats a data file declares for a field (``formats``), where one example cannot show them.
DECLARED: dict[str, re.Pattern[str]] = {
    "integer-text": re.compile(r"-?\d+"),
    "double-text": re.compile(r"-?\d+(\.\d*[1-9])?"),
}


@dataclass(frozen=True)
class Example:
    resource: str
    page: str
    section: str
    requests: tuple[str, ...]
    objects: tuple[dict[str, Any], ...]
    errata: dict[str, str]
    no_body: bool
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def where(self) -> str:
        return f"{self.page} § {self.section}"


@dataclass(frozen=True)
class Resource:
    name: str
    page: str
    formats: dict[str, str]
    examples: tuple[Example, ...]

    def structured(self) -> set[str]:
        """Fields shown with a structured format somewhere on the page (errata aside)."""
        found: set[str] = set()
        for ex in self.examples:
            for obj in ex.objects:
                for name, value in obj.items():
                    if name in ex.errata:
                        continue
                    if self.kind(name, value) not in ("text", "empty"):
                        found.add(name)
        return found

    def kind(self, name: str, value: Any) -> str:
        return kind_of(name, value, self.formats)

    def orders(self) -> list[list[str]]:
        return [list(obj) for ex in self.examples for obj in ex.objects]


def kind_of(name: str, value: Any, formats: dict[str, str]) -> str:
    if name in formats:
        return formats[name]
    if isinstance(value, bool):
        return "json-bool"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    assert isinstance(value, str)
    if name in FIELD_ENUMS and value:
        return f"enum:{name}"
    if value == "":
        return "empty"
    for label, pattern in STRUCTURED.items():
        if pattern.fullmatch(value):
            return label
    return "text"


def fits(expected: str, name: str, value: Any, free_text: bool) -> bool:
    """Whether dentin's ``value`` has the JSON type and format ``expected`` describes."""
    if expected == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected == "array":
        return isinstance(value, list) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        )
    if expected in ("json-bool", "null", "object"):
        return kind_of(name, value, {}) == expected
    if not isinstance(value, str):
        return False
    if expected.startswith("enum:"):
        return value in FIELD_ENUMS[expected[5:]].words
    if expected in ("text", "empty"):
        return free_text or value == ""
    pattern = STRUCTURED.get(expected) or DECLARED[expected]
    return pattern.fullmatch(value) is not None


def load() -> list[Resource]:
    resources = []
    for path in sorted(HERE.glob("*.json")):
        data = json.loads(path.read_text())
        examples = tuple(
            Example(
                resource=data["resource"],
                page=ex.get("page", data["page"]),  # a section quoted from a guide page
                section=ex["section"],
                requests=tuple(ex["request"]),
                objects=tuple(ex.get("objects", ())),
                errata=dict(ex.get("errata", {})),
                no_body="no_body" in ex,
                raw=ex,
            )
            for ex in data["examples"]
        )
        resources.append(
            Resource(data["resource"], data["page"], dict(data.get("formats", {})), examples)
        )
    return resources


def compare(
    resource: Resource,
    example: Example,
    answer: dict[str, Any],
    extras: set[str],
) -> list[str]:
    """Every way ``answer`` (dentin's object) differs from each of ``example``'s objects."""
    problems: list[str] = []
    structured = resource.structured()
    ours = [k for k in answer if k not in extras]
    for od in example.objects:
        theirs = list(od)
        missing = [k for k in theirs if k not in answer]
        unexpected = [k for k in ours if k not in od and k not in example.errata]
        if missing:
            problems.append(f"{example.where}: dentin lacks {missing}")
        if unexpected:
            problems.append(f"{example.where}: dentin adds {unexpected} (not allow-listed)")
        shared = [k for k in ours if k in od]
        problems += _order(resource, example, shared, theirs)
        for name in shared:
            if name in example.errata:
                continue
            expected = resource.kind(name, od[name])
            if expected.startswith("enum:") and od[name] not in FIELD_ENUMS[name].words:
                problems.append(
                    f"{example.where}: Open Dental shows {name} {od[name]!r}, which dentin's "
                    f"{FIELD_ENUMS[name].name} table does not know"
                )
            free = name not in structured and expected in ("text", "empty")
            if not fits(expected, name, answer[name], free):
                problems.append(
                    f"{example.where}: {name} is {answer[name]!r} from dentin, but Open Dental "
                    f"sends {od[name]!r} ({expected})"
                )
    return problems


def _order(resource: Resource, example: Example, ours: list[str], theirs: list[str]) -> list[str]:
    """Same order, except for pairs of fields that the page itself prints in both orders."""
    position = {k: i for i, k in enumerate(theirs)}
    problems = []
    for i, a in enumerate(ours):
        for b in ours[i + 1 :]:
            if position[a] < position[b]:
                continue
            if any(
                a in order and b in order and order.index(a) < order.index(b)
                for order in resource.orders()
            ):
                continue
            problems.append(f"{example.where}: dentin sends {a} before {b}; Open Dental after")
    return problems
