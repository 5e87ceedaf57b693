"""The route table in tests/office/route_versions.csv and the app cannot drift apart."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from dentin.app import create_app
from dentin.office.permissions import NOT_OFFICE_ROUTES, ROUTE_PERMISSIONS
from dentin.routes import iter_routes
from dentin.runtime import Runtime
from tests.office.route_versions import rows

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

VERSION = re.compile(r"^(2[1-9]|[3-9][0-9])\.[1-4](\.[0-9]{1,3}){0,2}$")  # 24.4.22.0 too


def _office_routes(rt: Runtime) -> set[tuple[str, str]]:
    app = create_app(rt.settings, rt)
    found: set[tuple[str, str]] = set()
    for methods, path in iter_routes(app.router.routes):
        if path.startswith("/api/v1") and path not in NOT_OFFICE_ROUTES:
            found |= {(method, path) for method in methods - {"HEAD", "OPTIONS"}}
    return found


def test_every_office_route_of_the_app_is_in_the_version_table(rt: Runtime) -> None:
    listed = {(r.method, r.path) for r in rows()}
    assert sorted(_office_routes(rt) - listed) == []


def test_the_version_table_names_no_route_that_the_app_lacks(rt: Runtime) -> None:
    listed = {(r.method, r.path) for r in rows()}
    assert sorted(listed - _office_routes(rt)) == []


def test_each_route_appears_once_in_the_version_table(rt: Runtime) -> None:
    counts = Counter((r.method, r.path) for r in rows())
    assert [route for route, n in counts.items() if n > 1] == []


def test_the_version_table_gives_each_route_its_catalogued_permission(rt: Runtime) -> None:
    differ = [
        (r.method, r.path, r.permission, ROUTE_PERMISSIONS.get((r.method, r.path)))
        for r in rows()
        if ROUTE_PERMISSIONS.get((r.method, r.path)) != r.permission
    ]
    assert differ == []


def test_each_version_is_an_open_dental_version_or_dentin(rt: Runtime) -> None:
    odd = [(r.method, r.path, r.version) for r in rows() if not VERSION.match(r.version)]
    odd = [row for row in odd if row[2] != "dentin"]
    assert odd == []
