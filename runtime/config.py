"""Settings for tidtam, read from the environment (and an optional .env) in one place."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

LINE_PUBLIC_API = "https://api.line.me"
LINE_DATA_API = "https://api-data.line.me"  # message content (photos) lives on this host


class Settings(BaseSettings):
    """Every knob of tidtam; environment variable names are the field names in upper case."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    line_channel_secret: str = Field(default="", repr=False)
    line_channel_access_token: str = Field(default="", repr=False)
    line_api_base_url: str = LINE_PUBLIC_API
    line_data_api_base_url: str = ""  # content (photos); empty: api-data.line.me, or the emulator
    database_url: str = ""
    redis_url: str = ""
    timezone: str = "Asia/Bangkok"
    var_dir: Path = Path("var")
    public_base_url: str = ""
    draft_ttl_hours: int = 24
    max_body_bytes: int = 1024 * 1024
    dedupe_ttl_seconds: int = 7 * 24 * 3600
    processed_retention_days: int = 8
    sweep_interval_seconds: float = 5.0
    lock_lease_seconds: float = 15.0
    drain_pumps: int = 8
    drain_threads: int = 8
    worker_processes: int = 1
    worker_nice: int = 10
    line_api_timeout_seconds: float = 10.0
    queue_name: str = "tidtam"
    web_port: int = 8000
    web_host: str = "127.0.0.1"  # `tidtam web`; behind a reverse proxy on the same host
    web_threads: int = 32  # gunicorn gthread threads per worker process (mostly waiting)
    body_read_timeout_seconds: float = 5.0  # a client that sends its body slower gets 408
    emulator_port: int = 8010
    log_level: str = "INFO"
    media_ttl_seconds: int = 3 * 24 * 3600
    monthly_due_day: int = 25
    quarter_due_days: int = 15
    reminder_tick_seconds: int = 60
    reminder_snoozes_per_period: int = 2
    reminder_quota_share: float = 0.8
    reminder_quota_cap: int = 0
    reminder_nudge_style: str = "auto"
    reminder_cards_up_to: int = 5000
    line_connections: int = 128  # LINE calls in flight at once (≥ rate × round trip)
    line_push_rate: int = 1800  # LINE calls started a second at most (LINE allows 2,000)
    metrics_token: str = Field(default="", repr=False)  # /metrics wants it as a Bearer token
    allow_volatile_redis: bool = False  # development only: run against Redis without AOF
    admin_contact: str = ""  # who users reach for access or help: name, phone, LINE id…
    seeds_dir: Path = Path("../shared/seeds")  # printouts `tidtam run` loads into an empty db
    access_log: bool = False  # `tidtam run`: the web process logs each request when true
    dashboard_link_seconds: int = 600  # a sign-in link sent in chat works this long, once
    dashboard_session_hours: float = 12.0  # a dashboard session lasts this long
    dashboard_cache_seconds: float = 300.0  # an overview computed is reused while data is unchanged
    dashboard_secret: str = Field(default="", repr=False)  # signs links (else the channel's)
    liff_id: str = ""  # LIFF app of the dashboard (production sign-in through LINE)
    line_login_channel_id: str = ""  # the LINE Login channel holding the LIFF app
    line_login_api_base_url: str = LINE_PUBLIC_API  # where ID tokens are verified
    photo_store: str = "files"  # "files" (var/photos) or "s3" (an S3-compatible bucket)
    photo_s3_bucket: str = ""
    photo_s3_endpoint_url: str = ""  # empty: AWS; else MinIO, Ceph… (path-style)
    photo_s3_region: str = ""
    photo_s3_access_key: str = Field(default="", repr=False)
    photo_s3_secret_key: str = Field(default="", repr=False)
    photos_per_report: int = 10
    photo_max_bytes: int = 10 * 1024 * 1024
    photo_max_pixels: int = 40_000_000  # more is refused undecoded (decompression bombs)
    photo_retention_days: int = 90  # `tidtam media gc` keeps a removed photo's files this long

    @property
    def effective_database_url(self) -> str:
        """The configured database URL, or the embedded SQLite file under var/."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'tidtam.sqlite3').resolve()}"

    @property
    def effective_public_base_url(self) -> str:
        """PUBLIC_BASE_URL, or the local web port when unset (links work in `tidtam run`)."""
        return self.public_base_url or f"http://127.0.0.1:{self.web_port}"

    @property
    def link_key(self) -> bytes:
        """The key that signs dashboard sign-in links (DASHBOARD_SECRET, or the channel secret)."""
        return (self.dashboard_secret or self.line_channel_secret).encode()

    @property
    def uses_liff(self) -> bool:
        """True when a LIFF app and its LINE Login channel are configured for the dashboard."""
        return bool(self.liff_id and self.line_login_channel_id)

    @property
    def effective_line_data_api_base_url(self) -> str:
        """Where message content is fetched: LINE's api-data host, or the same base as the API
        (the emulator) when LINE_API_BASE_URL is not LINE's."""
        if self.line_data_api_base_url:
            return self.line_data_api_base_url
        if self.line_api_base_url.rstrip("/") == LINE_PUBLIC_API:
            return LINE_DATA_API
        return self.line_api_base_url

    @property
    def uses_emulator(self) -> bool:
        """True when no LINE credentials are set, so the local emulator stands in for LINE."""
        return not (self.line_channel_secret and self.line_channel_access_token)


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides winning."""
    return Settings(**overrides)  # type: ignore[arg-type]
