"""Superset's configuration for the TechHub warehouse (read through SUPERSET_CONFIG_PATH).

Everything Superset keeps lives in the git-ignored `.superset/` folder of the checkout: its
metadata database (SQLite), the secret key, logs. The server listens on 127.0.0.1 only and
must not call out: no telemetry pixel, no map tiles, no web fonts, no documentation widgets.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUPERSET_HOME = Path(os.environ.get("TECHHUB_SUPERSET_HOME") or ROOT / ".superset")
SUPERSET_HOME.mkdir(parents=True, exist_ok=True)
DATA_DIR = str(SUPERSET_HOME / "data")


def _secret_key() -> str:
    """SUPERSET_SECRET_KEY, else a random key made once and kept in .superset/secret_key
    (it encrypts the stored database password: it must not change between runs)."""
    if os.environ.get("SUPERSET_SECRET_KEY"):
        return os.environ["SUPERSET_SECRET_KEY"]
    path = SUPERSET_HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{SUPERSET_HOME / 'superset.db'}?check_same_thread=false"

APP_NAME = "TechHub BI"
# The UI speaks English and Russian; dashboard titles and labels are bilingual anyway.
BABEL_DEFAULT_LOCALE = "en"
LANGUAGES = {
    "en": {"flag": "us", "name": "English"},
    "ru": {"flag": "ru", "name": "Русский"},
}

# A single-user, local server: in-memory rate limits and metadata cache, no Celery, no Redis.
# Chart data is not cached: the kpi tables are small, and a chart must show the last build.
RATELIMIT_STORAGE_URI = "memory://"
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 300}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
FEATURE_FLAGS = {
    "ALERT_REPORTS": False,
    "THUMBNAILS": False,
    "ENABLE_TEMPLATE_PROCESSING": False,
    "EMBEDDED_SUPERSET": False,
}

# --- No calls out --------------------------------------------------------------------------
# The frontend bundle renders a Scarf telemetry pixel (an <img> on
# apachesuperset.gateway.scarf.sh) and its map and help widgets load from CDNs. The default
# Content-Security-Policy allows those hosts; this one allows only the server itself, so the
# browser never sends those requests. Fonts are bundled, no external font host is needed.
THEME_FONT_URL_ALLOWED_DOMAINS: list[str] = []
MAPBOX_API_KEY = ""
DOCUMENTATION_URL = None
BUG_REPORT_URL = None
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
CONTENT_SECURITY_POLICY_WARNING = False
