"""SQLite's process-wide configuration, which must be set before SQLite starts.

SQLite counts every allocation for ``sqlite3_memory_used`` by default (``MEMSTATUS``), under
one mutex for the whole process. Every connection's every ``malloc`` takes it, and a page
that SQLite writes as JSON (office/sqlite_wire.py) allocates per value, so two threads
reading at once spent most of their time handing that mutex to each other: on the bench
office a 100-row ``/patients/Simple`` page cost 844 µs on one thread and ~1,600 µs of CPU
each on two, fewer pages a second than one thread alone (bench/sqlite_threads.py). Without
the count, 714 µs on one thread and ~730 each on two. Nothing here reads the count (Python's
``sqlite3`` offers no way to), and without it SQLite has no soft heap limit to enforce.

SQLite starts when Python's ``sqlite3`` is imported (its module calls
``sqlite3_initialize``), after which the setting is refused and can only be changed by
shutting SQLite down, which is unsafe while any connection is open. So ``dentin``'s package
runs ``quiet_memory_counts`` first thing; in a process that imported ``sqlite3`` before
``dentin`` it does nothing and says so (``memory_counts_quiet()`` is False).
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys

SQLITE_OK = 0
SQLITE_CONFIG_MEMSTATUS = 9

_state = {"quiet": False}


def _library() -> ctypes.CDLL | None:
    """The SQLite that Python's ``sqlite3`` will use: the ``_sqlite3`` extension itself (its
    own copy, where SQLite is linked in) or the shared library it loads (the usual case).
    Loading it does not start SQLite; only the module's import does."""
    spec = importlib.util.find_spec("_sqlite3")
    if spec is None or not spec.origin or not spec.origin.endswith(".so"):
        return None
    try:
        return ctypes.CDLL(spec.origin)
    except OSError:
        return None


def quiet_memory_counts() -> bool:
    """Turn SQLite's allocation count off if SQLite has not started; whether it is off."""
    if _state["quiet"]:
        return True
    if "_sqlite3" in sys.modules:  # SQLite has started: too late (see the module docstring)
        return False
    library = _library()
    config = getattr(library, "sqlite3_config", None)
    if config is None:
        return False
    config.restype = ctypes.c_int
    _state["quiet"] = config(SQLITE_CONFIG_MEMSTATUS, ctypes.c_int(0)) == SQLITE_OK
    return _state["quiet"]


def memory_counts_quiet() -> bool:
    return _state["quiet"]
