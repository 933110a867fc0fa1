"""Configuration from the environment, with a test subclass and a strict production one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from quizapp.core.signin import Provider, providers_from_env

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret"


def database_url(url: str | None, default_sqlite: Path) -> str:
    """The SQLAlchemy URL for DATABASE_URL, using psycopg 3 for PostgreSQL."""
    if not url:
        return f"sqlite:///{default_sqlite}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = database_url(
        os.environ.get("DATABASE_URL"), ROOT / "instance" / "quizapp.db"
    )
    # Reads run without a transaction; writes begin one explicitly (see quizapp.database).
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"isolation_level": "AUTOCOMMIT"}
    DB_PING_AFTER_IDLE = float(os.environ.get("QUIZAPP_DB_PING_AFTER_IDLE", "10"))
    BANKS_DIR = Path(os.environ.get("QUIZAPP_BANKS_DIR", ROOT / "question_banks"))
    ARTICLES_DIR = Path(os.environ.get("QUIZAPP_ARTICLES_DIR", ROOT.parent / "shared" / "articles"))
    NEW_PER_DAY = int(os.environ.get("QUIZAPP_NEW_PER_DAY", "20"))
    # argon2id's cost: empty keeps argon2-cffi's defaults (RFC 9106's low-memory choice, 64 MiB
    # and three passes), for the whole process (accounts.hashing); a test holds every
    # configuration but the tests' own to them.
    PASSWORD_HASHING: ClassVar[dict[str, int]] = {}
    # How often a live game's pages read its state (static/game.js); a state change reaches
    # every page within this time (bench/game.py measures it at the default).
    GAME_POLL_MS = int(os.environ.get("QUIZAPP_GAME_POLL_MS", "1000"))
    # A student's schedule follows their own fit from this many answers (bench/fitting.py).
    SCHEDULING_OWN_ANSWERS = int(os.environ.get("QUIZAPP_SCHEDULING_OWN_ANSWERS", "1000"))
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # A moving window: a fixed one lets twice the limit through across a window's edge (the
    # last seconds of one minute and the first of the next).
    RATELIMIT_STRATEGY = "moving-window"
    # Redis down must not lock everyone out: count in this process's memory until it is back.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS: ClassVar[dict[str, object]] = {
        "socket_connect_timeout": 0.5,
        "socket_timeout": 0.5,
    }
    LOGIN_RATE_LIMIT = os.environ.get("QUIZAPP_LOGIN_RATE_LIMIT", "10 per minute")
    # Per address: a whole class signing up at once from one school network must get through.
    SIGNUP_RATE_LIMIT = os.environ.get("QUIZAPP_SIGNUP_RATE_LIMIT", "100 per hour")
    PASSWORD_RATE_LIMIT = os.environ.get("QUIZAPP_PASSWORD_RATE_LIMIT", "10 per hour")
    # Join attempts per student: a wrong code now and then is fine; guessing codes is not.
    JOIN_RATE_LIMIT = os.environ.get("QUIZAPP_JOIN_RATE_LIMIT", "20 per hour")
    # Guests joining live games, per address: a whole class may share the school's one address.
    GUEST_JOIN_RATE_LIMIT = os.environ.get("QUIZAPP_GUEST_JOIN_RATE_LIMIT", "120 per hour")
    # Authenticator codes per pending log-in: a million codes cannot be tried five at a time.
    TWO_FACTOR_RATE_LIMIT = os.environ.get("QUIZAPP_TWO_FACTOR_RATE_LIMIT", "5 per minute")
    # Set-up and reset codes typed, per address and username: a code cannot be guessed anyway.
    RESET_RATE_LIMIT = os.environ.get("QUIZAPP_RESET_RATE_LIMIT", "20 per hour")
    # Mail sent on request (reset links, confirmation links), per address and per account named:
    # nobody can fill someone's inbox.
    MAIL_RATE_LIMIT = os.environ.get("QUIZAPP_MAIL_RATE_LIMIT", "5 per hour")
    PROXY_HOPS = int(os.environ.get("QUIZAPP_PROXY_HOPS", "0"))
    # Where people open quizapp (https://quiz.school.example): links in mail start with it.
    BASE_URL = os.environ.get("QUIZAPP_BASE_URL", "")
    # The school's SMTP server; without MAIL_SERVER there is no mail, and no reset by mail.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT") or 0)  # 0: 25, 587 or 465 for MAIL_SECURITY
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_SECURITY = os.environ.get("MAIL_SECURITY", "starttls")  # none, starttls or tls
    MAIL_FROM = os.environ.get("MAIL_FROM", "")
    MAX_CONTENT_LENGTH = 32 * 1024  # the longest answer form is a few KB
    MAX_FORM_PARTS = 100
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; a slow answer is not lost
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PRODUCTION = False
    # School sign-in: OIDC_PROVIDERS=google,entra and OIDC_<NAME>_* (the README's "SSO").
    OIDC_PROVIDERS: ClassVar[tuple[Provider, ...]] = providers_from_env(os.environ)


class ProductionConfig(Config):
    PRODUCTION = True
    SESSION_COOKIE_SECURE = os.environ.get("QUIZAPP_INSECURE_COOKIES") != "1"


class TestConfig(Config):
    TESTING = True
    # The suite signs up and logs in thousands of accounts: at the real cost that is a tenth of
    # a second each, minutes of the run. What the tests check is the flow, not the cost.
    PASSWORD_HASHING: ClassVar[dict[str, int]] = {
        "time_cost": 1,
        "memory_cost": 8,
        "parallelism": 1,
    }
    SECRET_KEY = "test-secret"
    NEW_PER_DAY = 20
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "1000 per minute"
    SIGNUP_RATE_LIMIT = "1000 per minute"
    PASSWORD_RATE_LIMIT = "1000 per minute"
    JOIN_RATE_LIMIT = "1000 per minute"
    GUEST_JOIN_RATE_LIMIT = "1000 per minute"
    TWO_FACTOR_RATE_LIMIT = "1000 per minute"
    RESET_RATE_LIMIT = "1000 per minute"
    MAIL_RATE_LIMIT = "1000 per minute"
    PROXY_HOPS = 0
    MAIL_SERVER = ""  # tests that mail start their own server
    OIDC_PROVIDERS = ()
