"""Settings, read once from the environment (``DENTIN_`` prefix) and injected everywhere.

Tests build their own ``Settings`` objects instead of touching the environment, which is why
nothing reads ``os.environ`` outside this module.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from dentin.private_files import FILE_MODE, private_dir, write_private_text

DEMO_SECRET_FILE = "secret.key"  # noqa: S105 (a file name, not a secret)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DENTIN_", extra="ignore")

    data_dir: Path = Path("data")
    hq_database_url: str | None = None
    secret_key: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    region: str = "us"
    region_urls: dict[str, str] = Field(
        default_factory=lambda: {
            "us": "https://api.dentin.example/api/v1",
            "uk": "https://api.uk.dentin.example/api/v1",
            "ca": "https://api.ca.dentin.example/api/v1",
        }
    )
    redis_url: str | None = None
    # With Redis, every server process also listens on a port of its own, where other nodes
    # (and the other workers) reach the connector links it holds: DENTIN_NODE_PORT and up, the
    # first free one (0: any free port), advertised as DENTIN_NODE_HOST (default DENTIN_HOST,
    # or the machine's name when that is a wildcard). Requests there are signed with the node
    # secret (default: derived from DENTIN_SECRET_KEY).
    node_host: str | None = None
    node_port: int = 0
    node_secret: SecretStr | None = None
    node_link_ttl_seconds: float = 15.0
    metrics_token: str | None = None
    # Per developer tier: (per key, per developer), in the ``limits`` notation ("600/minute").
    rate_limits: dict[str, tuple[str, str]] | None = None
    usage_flush_seconds: float = 5.0
    # Refused requests (401/403) per client address and per DeveloperKey (or Bearer token)
    # before 429, in the ``limits`` notation.
    refusal_limit_per_address: str = "60/minute"
    refusal_limit_per_key: str = "120/minute"
    # How often each server process reads the HQ change generation (and each open office's
    # change counters), so a change made by another process (the CLI, another worker or node
    # without Redis) is refused, or shown, within a second.
    change_poll_seconds: float = 0.5
    # The office registry keeps at most this many office databases open (pools and caches),
    # and closes those idle longer than the timeout, least recently used first.
    office_engines_max: int = 200
    office_engine_idle_seconds: float = 600.0
    # Offices kept as schemas of one PostgreSQL database (``?office_schema=`` in their URL)
    # share one pool per server and process, this large.
    office_schema_pool_size: int = 20
    office_schema_max_overflow: int = 10
    # Shared with secret-scanning partners (Standard Webhooks ``whsec_...``) for /token-leaks.
    leak_report_secret: SecretStr | None = None
    public_base_url: str = ""
    log_json: bool = False
    demo: bool = False
    # Where the offices keep their images (Open Dental's "A to Z" folders): office N's are
    # under <dir>/office_N/<first letter>/<patient folder>/. Unset: no images are kept here,
    # and reading a document's file is refused with a 400 that says so.
    office_images_dir: Path | None = None
    # Service/Local mode: how long a key HQ verified stays usable while HQ is unreachable.
    service_grace_hours: float = 6.0
    # A request relayed to a connected office that gets no answer in time is answered 504.
    relay_timeout_seconds: float = 30.0
    # ShortQuery: a statement running longer is cancelled and answered with 504.
    shortquery_timeout_seconds: float = 30.0
    # Long office work (ShortQuery) runs in a bounded pool of its own (office/workpool.py):
    # at most this many at once in all, per caller key and per office; over a cap: 429.
    long_work_threads: int = 8
    long_work_per_key: int = 2
    long_work_per_office: int = 4
    # The office process runs aging daily at AgingServiceTimeDue (off in embedded tests).
    aging_scheduler: bool = True
    # SQLite reads of a few rows by key run on the event loop, not a reader thread
    # (office/routes/reads.py says why and what guards it); false: every read on a thread.
    inline_point_reads: bool = True
    # Password checks (argon2, ~64 MiB each): at most this many at once per process; a check
    # that cannot start within the wait is answered 429 rather than queued.
    password_hash_concurrency: int = 4
    password_hash_wait_seconds: float = 1.0
    # Sign-in and application attempts in the ``limits`` notation: (per client address,
    # per account name).
    sign_in_limits: tuple[str, str] = ("30/minute", "10/minute")
    # API Events (office/events): the delivery worker runs in `dentin serve` and the office's
    # own processes; private/loopback receivers (and plain http to them) only when allowed.
    events_worker: bool = True
    events_allow_private: bool = False
    events_poll_seconds: float = 0.25
    events_timeout_seconds: float = 10.0
    events_backoff_seconds: float = 1.0
    events_retry_hours: float = 72.0
    events_retention_days: float = 14.0
    events_threads: int = 8
    application_limits: tuple[str, str] = ("20/hour", "5/hour")

    def resolved_hq_url(self) -> str:
        if self.hq_database_url:
            return self.hq_database_url
        return f"sqlite:///{(self.data_dir / 'hq.sqlite').resolve()}"

    def office_sqlite_url(self, office_id: int) -> str:
        path = (self.data_dir / "offices" / f"office_{office_id}.sqlite").resolve()
        return f"sqlite:///{path}"

    def pepper(self) -> bytes:
        """The server secret that keys every credential hash.

        Outside the demo a missing secret is refused: a guessable pepper would let a leaked
        database be checked offline, which is the one thing the keyed hash exists to stop.
        """
        if self.secret_key is not None:
            value = self.secret_key.get_secret_value()
            if len(value) < 16:
                raise ValueError("DENTIN_SECRET_KEY must be at least 16 characters long.")
            return value.encode()
        if not self.demo:
            existing = self.data_dir / DEMO_SECRET_FILE
            if existing.exists():
                # The operator CLI run against the demo's data folder uses the demo's secret.
                return existing.read_text().strip().encode()
            raise ValueError(
                "DENTIN_SECRET_KEY is not set. Generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'` and export it."
            )
        return local_secret(self.data_dir).encode()


def local_secret(data_dir: Path) -> str:
    """The demo keeps its generated secret next to its data, so a second run keeps every key."""
    private_dir(data_dir)
    path = data_dir / DEMO_SECRET_FILE
    if path.exists():
        path.chmod(FILE_MODE)  # one written by an older version may be 0644
        return path.read_text().strip()
    value = secrets.token_urlsafe(32)
    try:
        write_private_text(path, value)
    except FileExistsError:  # another process wrote it first: use theirs
        return path.read_text().strip()
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
