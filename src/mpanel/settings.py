"""One settings class, read once from the environment (and `.env`)."""

from __future__ import annotations

import ipaddress
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me-0123456789"  # noqa: S105 (refused outside dev)


class Environment(StrEnum):
    DEV = "dev"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    env: Environment = Field(Environment.DEV, alias="MPANEL_ENV")
    data_dir: Path = Field(Path("var"), alias="MPANEL_DATA_DIR")
    host: str = Field("127.0.0.1", alias="MPANEL_HOST")
    port: int = Field(8000, alias="MPANEL_PORT")
    public_url: str | None = Field(None, alias="MPANEL_PUBLIC_URL")

    # The owner connection: migrations and bootstrap. Unset: the embedded PostgreSQL.
    database_url: SecretStr | None = Field(None, alias="DATABASE_URL")
    # The application role: not the owner, not a superuser; row-level security applies to it.
    db_app_role: str = Field("mpanel_app", alias="DATABASE_APP_ROLE")
    db_app_password: SecretStr = Field(SecretStr("mpanel_app"), alias="DATABASE_APP_PASSWORD")
    db_pool_size: int = Field(10, alias="DATABASE_POOL_SIZE", ge=1, le=200)

    secret_key: SecretStr = Field(SecretStr(DEV_SECRET), alias="MPANEL_SECRET_KEY")
    # Secrets at rest (core/crypto.py): the encryption key is derived from MPANEL_SECRET_KEY, or read
    # from Vault when VAULT_ADDR is set; earlier secrets stay readable until `mpanel secrets rotate`.
    secret_keys_previous: SecretStr = Field(SecretStr(""), alias="MPANEL_SECRET_KEYS_PREVIOUS")
    vault_addr: str | None = Field(None, alias="VAULT_ADDR")
    vault_token: SecretStr | None = Field(None, alias="VAULT_TOKEN")
    vault_secret_path: str = Field("mpanel/encryption", alias="VAULT_SECRET_PATH")
    vault_mount: str = Field("secret", alias="VAULT_MOUNT")
    access_token_ttl_seconds: int = Field(900, alias="ACCESS_TOKEN_TTL_SECONDS", ge=60)
    refresh_token_ttl_seconds: int = Field(30 * 86400, alias="REFRESH_TOKEN_TTL_SECONDS", ge=300)
    login_limit_per_ip: str = Field("30/minute", alias="LOGIN_RATE_LIMIT_IP")
    login_limit_per_account: str = Field("5/15minutes", alias="LOGIN_RATE_LIMIT_ACCOUNT")
    redis_url: str | None = Field(None, alias="REDIS_URL")

    # /api/metrics: when set, a scrape must bring `Authorization: Bearer <METRICS_TOKEN>` and/or come
    # from one of the METRICS_ALLOW_FROM networks (comma-separated CIDRs); every configured check must pass.
    metrics_token: SecretStr | None = Field(None, alias="METRICS_TOKEN")
    metrics_allow_from: str = Field("", alias="METRICS_ALLOW_FROM")
    # Database figures of a scrape are reused for this many seconds (scrapes stay cheap).
    metrics_cache_seconds: float = Field(15.0, alias="METRICS_CACHE_SECONDS", ge=0, le=3600)
    # `mpanel worker` serves its own metrics (billing runs, process) on this port when set.
    worker_metrics_port: int | None = Field(None, alias="WORKER_METRICS_PORT", ge=1, le=65535)

    cors_origins: list[str] = Field(default_factory=list, alias="CORS_ORIGINS")
    log_format: str = Field("json", alias="LOG_FORMAT", pattern="^(json|console)$")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    run_worker_in_process: bool = Field(True, alias="MPANEL_RUN_WORKER")
    serve_static: bool = Field(True, alias="MPANEL_SERVE_UI")

    # Object storage (invoice PDFs, logos): S3 (MinIO or any S3) when S3_BUCKET is set, else a
    # folder under the data dir.
    s3_endpoint: str | None = Field(None, alias="S3_ENDPOINT")
    s3_bucket: str | None = Field(None, alias="S3_BUCKET")
    s3_access_key: SecretStr | None = Field(None, alias="S3_ACCESS_KEY")
    s3_secret_key: SecretStr | None = Field(None, alias="S3_SECRET_KEY")
    s3_region: str = Field("us-east-1", alias="S3_REGION")

    # Outgoing mail: smtp://user:pass@host:port (STARTTLS when offered), smtp+starttls:// (STARTTLS
    # required) or smtps:// (TLS from the start). Unset: mail stays queued until it is configured
    # (per tenant or here).
    smtp_url: SecretStr | None = Field(None, alias="SMTP_URL")
    smtp_from: str = Field("no-reply@localhost", alias="SMTP_FROM")
    smtp_timeout_seconds: float = Field(30, alias="SMTP_TIMEOUT_SECONDS", gt=0, le=300)
    password_reset_ttl_seconds: int = Field(1800, alias="PASSWORD_RESET_TTL_SECONDS", ge=300, le=86400)
    password_reset_limit_per_ip: str = Field("20/hour", alias="PASSWORD_RESET_RATE_LIMIT_IP")
    password_reset_limit_per_account: str = Field("3/hour", alias="PASSWORD_RESET_RATE_LIMIT_ACCOUNT")

    # ICANN's fee per gTLD domain-year, recorded on every gTLD registration, renewal and transfer.
    icann_fee_usd: Decimal = Field(Decimal("0.20"), alias="ICANN_FEE_USD", ge=0, le=100, decimal_places=4)

    # Stripe: the platform's default account, used by tenants that set no keys of their own.
    stripe_secret_key: SecretStr | None = Field(None, alias="STRIPE_SECRET_KEY")
    stripe_publishable_key: str | None = Field(None, alias="STRIPE_PUBLISHABLE_KEY")
    stripe_webhook_secret: SecretStr | None = Field(None, alias="STRIPE_WEBHOOK_SECRET")
    # Where the SDK sends its requests (tests point it at a local fake).
    stripe_api_base: str = Field("https://api.stripe.com", alias="STRIPE_API_BASE", pattern="^https?://")
    # How old a webhook's signed timestamp may be, in seconds (Stripe's default: 300).
    stripe_webhook_tolerance: int = Field(300, alias="STRIPE_WEBHOOK_TOLERANCE", ge=1, le=3600)
    # Hosting agents: how often they report, when a silent node counts as offline, how long a job
    # waits for an agent's answer before it retries with back-off.
    agent_heartbeat_seconds: int = Field(15, alias="AGENT_HEARTBEAT_SECONDS", ge=1, le=3600)
    agent_offline_after_seconds: int = Field(60, alias="AGENT_OFFLINE_AFTER_SECONDS", ge=5, le=86400)
    agent_enrolment_ttl_hours: int = Field(24, alias="AGENT_ENROLMENT_TTL_HOURS", ge=1, le=720)
    agent_answer_timeout_seconds: float = Field(20.0, alias="AGENT_ANSWER_TIMEOUT_SECONDS", gt=0, le=600)
    worker_concurrency: int = Field(8, alias="WORKER_CONCURRENCY", ge=1, le=200)

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        if self.env is Environment.PRODUCTION:
            if self.secret_key.get_secret_value() == DEV_SECRET or len(self.secret_key) < 32:
                raise ValueError("MPANEL_SECRET_KEY must be set to 32+ random characters in production")
            if self.db_app_password.get_secret_value() == "mpanel_app":
                raise ValueError("DATABASE_APP_PASSWORD must be set in production")
        return self

    @field_validator("metrics_allow_from")
    @classmethod
    def _valid_networks(cls, value: str) -> str:
        for part in value.split(","):
            if part.strip():
                ipaddress.ip_network(part.strip(), strict=False)  # ValueError names the bad entry
        return value

    @property
    def metrics_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(p.strip(), strict=False) for p in self.metrics_allow_from.split(",") if p.strip()]

    @property
    def base_url(self) -> str:
        """Where people reach the web UI: links in e-mails (reset, pay, log in)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def secure_cookies(self) -> bool:
        return self.env is Environment.PRODUCTION


@lru_cache
def get_settings() -> Settings:
    return Settings()
