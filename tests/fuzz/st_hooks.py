"""Schemathesis hooks (loaded by the CLI through ``SCHEMATHESIS_HOOKS``): dates at the edges.

Schemathesis draws ``format: date`` from ordinary years, so a date whose arithmetic overflows
(``9999-12-31`` plus a day, ``0001-01-02`` minus 91) would almost never be sent. These
strategies put the calendar's edges, and the edges of the supported range, in the mix.
"""

from __future__ import annotations

import datetime as dt

import schemathesis
from hypothesis import strategies as st

EDGE_DAYS = [
    dt.date(1, 1, 2),  # 0001-01-01 is "none"; the next day minus 91 is before year one
    dt.date(1, 3, 1),
    dt.date(999, 12, 31),  # just outside the supported range, and just inside
    dt.date(1000, 1, 1),
    dt.date(9998, 12, 31),
    dt.date(9999, 12, 31),  # plus one day is past year 9999
]
edges = st.sampled_from(EDGE_DAYS)
days = st.one_of(edges, edges, st.dates()).map(dt.date.isoformat)
moments = st.tuples(days, st.times()).map(lambda p: f"{p[0]} {p[1]:%H:%M:%S}")

schemathesis.openapi.format("date", days)
schemathesis.openapi.format("od-date-time", moments)
