"""The deployment files in ``deploy/`` describe what the code runs: three nodes that share one
secret, database and Redis behind a balancer, commands that exist, and the health endpoints
that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from typer.testing import CliRunner

from dentin.cli import app

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _compose() -> dict[str, dict[str, object]]:
    services: dict[str, dict[str, object]] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())[
        "services"
    ]
    return services


def test_compose_runs_three_nodes_sharing_the_secret_database_and_redis() -> None:
    services = _compose()
    nodes = {name: s for name, s in services.items() if re.fullmatch(r"node\d", name)}
    assert len(nodes) == 3
    envs = [dict(n["environment"]) for n in nodes.values()]  # type: ignore[call-overload]
    for key in ("DENTIN_SECRET_KEY", "DENTIN_HQ_DATABASE_URL", "DENTIN_REDIS_URL"):
        assert len({e[key] for e in envs}) == 1, key
    assert envs[0]["DENTIN_HQ_DATABASE_URL"].startswith("postgresql://")
    assert envs[0]["DENTIN_REDIS_URL"].startswith("redis://")
    # One node runs the daily aging, not three.
    assert sorted(e["DENTIN_AGING_SCHEDULER"] for e in envs) == ["false", "false", "true"]
    assert {"postgres", "redis", "lb", "migrate"} <= set(services)


def test_the_balancer_sends_to_every_node_and_carries_websockets() -> None:
    conf = (DEPLOY / "nginx.conf").read_text()
    upstream = set(re.findall(r"server (node\d):8000", conf))
    assert upstream == {n for n in _compose() if re.fullmatch(r"node\d", n)}
    assert "proxy_set_header Upgrade $http_upgrade" in conf  # connector links


def test_the_image_health_check_asks_readyz() -> None:
    assert "/readyz" in (DEPLOY / "Dockerfile").read_text()


def test_every_command_in_the_units_and_compose_exists() -> None:
    commands = [
        line.split("=", 1)[1]
        for unit in (DEPLOY / "systemd").glob("*.service")
        for line in unit.read_text().splitlines()
        if line.startswith(("ExecStart=", "ExecStartPre="))
    ]
    commands += [
        " ".join(s["command"])  # type: ignore[arg-type]
        for s in _compose().values()
        if isinstance(s.get("command"), list) and s["command"][0] == "dentin"
    ]
    assert commands
    runner = CliRunner()
    for command in commands:
        words = shlex.split(command)
        assert words[0].endswith("dentin"), command
        args = words[1:]
        options = [a for a in args if a.startswith("--")]
        path = [a for a in args if not a.startswith("-")][: 2 if args[0] == "events" else 1]
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (command, result.output)
        for option in options:
            assert option in result.output, (command, option)
