"""Every operation in /openapi.json fuzzed by schemathesis through a real socket, in range and
out of it: ``--mode all`` adds negative cases (integers past the id range, impossible dates, wrong
types) to the schema's boundary values (the coverage phase). No input may get a 5xx.

The query parameters and bodies are in the schema (``query.described``, ``bodies.json_body``),
so the fuzzer sends real filters, ids and dates, not only paths. Each path gets the credential
it takes, so requests reach the handlers instead of stopping at a 401.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MAX_EXAMPLES = 15
HOOKS = Path(__file__).with_name("st_hooks.py")
PATHS = {
    "portal": r"^/api/v1/(apikeys|usage)",
    "practice": r"^/api/v1/practice/(features|tokens|api-setup)",
    "office": r"^/api/v1/(?!apikeys|usage|practice/|developer-applications|token-leaks)",
}


def _config(callers: dict[str, dict[str, str]], *, fuzzing: bool) -> str:
    lines = [
        "[generation]",
        'mode = "all"',
        f"max-examples = {MAX_EXAMPLES}",
        "deterministic = true",
        'database = "none"',
        "",
        "[checks]",
        "enabled = false",
        "not_a_server_error.enabled = true",
        "",
        "[phases.stateful]",
        "enabled = false",
        "",
        "[phases.fuzzing]",
        f"enabled = {'true' if fuzzing else 'false'}",
    ]
    for kind, regex in PATHS.items():
        (header,) = callers[kind].items()
        lines += [
            "",
            "[[operations]]",
            f"include-path-regex = '{regex}'",
            f"headers = {{ {header[0]} = '{header[1]}' }}",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_no_generated_request_is_answered_with_a_server_error(
    live_server: str, callers: dict[str, dict[str, str]], tmp_path: Path, backend: str
) -> None:
    # Both stores get the coverage phase (every boundary and out-of-range value, where a
    # driver's own limits show: SQLite's 64-bit integers, PostgreSQL's 32-bit ones); the random
    # examples, which reach the same handlers, run once, on the production store.
    config = tmp_path / "schemathesis.toml"
    config.write_text(_config(callers, fuzzing=backend == "postgresql"))
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    assert st is not None, "schemathesis is a dev dependency: pip install -e '.[dev]'"
    run = subprocess.run(
        [
            st,
            "--config-file",
            str(config),
            "run",
            f"{live_server}/openapi.json",
            "--workers",
            "1",
            "--no-color",
            "--report",
            "vcr",
            "--report-dir",
            str(tmp_path / "report"),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS)},
    )
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
