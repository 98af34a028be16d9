import tempfile
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
_DEV_SECRET = "dev-only-secret-key-never-use-in-production-0123456789"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET)
if SECRET_KEY == _DEV_SECRET and env_bool("BOPS_PRODUCTION", False):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY in production.")

# The service domain: a council is reached on <subdomain>.<BOPS_DOMAIN>, e.g. southwark.localhost.
BOPS_DOMAIN = env_str("BOPS_DOMAIN", "localhost")
# The service's own address as people outside reach it (links in emails sent by background jobs):
# a council's links go to <scheme>://<subdomain>.<host of this address>.
BOPS_PUBLIC_URL = env_str("BOPS_PUBLIC_URL", f"http://{BOPS_DOMAIN}:8000")
# Where the source code of the running version can be read: linked from every page's footer when set.
SOURCE_CODE_URL = env_str("SOURCE_CODE_URL", "")
# How long a link to the applicant's pages works (bops.validation.links).
APPLICANT_LINK_DAYS = env_int("APPLICANT_LINK_DAYS", 30)
# How long a link to a consultee's pages works (bops.consultation.consultee_links).
CONSULTEE_LINK_DAYS = env_int("CONSULTEE_LINK_DAYS", 7)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [BOPS_DOMAIN, f".{BOPS_DOMAIN}", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "bops.core",
    "bops.councils",
    "bops.accounts",
    "bops.notifications",
    "bops.applications",
    "bops.documents",
    "bops.submissions",
    "bops.validation",
    "bops.consultation",
    "bops.register",
    "bops.assessment",
    "bops.decisions",
    "bops.maps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "bops.core.http.NoCookiesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bops.councils.middleware.CouncilMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bops.accounts.middleware.CouncilUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bops.applications.middleware.CaseAddressMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "bops.core.http.MethodNotAllowedMiddleware",
]

ROOT_URLCONF = "bops.urls"
WSGI_APPLICATION = "bops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "bops" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "bops.jinja2.environment"},
    },
    {
        # Django's own engine, kept for the few built-in pages that need it (none served to users yet).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "bops.accounts.backends.CouncilEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "applications:dashboard"

# Sessions end after SESSION_IDLE_MINUTES without a request (BOPS uses 6 hours; councils often ask for less).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 360) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"

# Lock an account out after repeated failed sign-ins (django-axes), keyed by account and address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "bops.accounts.views.locked_out"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("build", BASE_DIR / "frontend" / "build"),
    ("govuk/assets", BASE_DIR / "frontend" / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": env_str("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")},
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Messages: "outbox" keeps every message in the database only (development, tests); "notify" sends them through
# GOV.UK Notify (and keeps the same record). The email template has two fields: ((subject)) and ((body)).
NOTIFIER = env_str("NOTIFIER", "outbox")
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = env_str("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_REPLY_TO_ID = env_str("NOTIFY_REPLY_TO_ID", "")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
if NOTIFIER == "notify" and not (NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID):
    raise ImproperlyConfigured("NOTIFIER=notify needs NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID.")

# Base maps: each council sets its own Ordnance Survey key (admin pages); the browser asks this service's tile
# proxy (bops.maps), which adds the key and asks OS_MAPS_API_URL. Tiles are kept in the "tiles" cache for a day.
OS_MAPS_API_URL = env_str("OS_MAPS_API_URL", "https://api.os.uk")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "tiles": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("TILE_CACHE_DIR", str(Path(tempfile.gettempdir()) / "bops-map-tiles")),
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": env_int("TILE_CACHE_MAX_ENTRIES", 50_000)},
    },
}

# Address lookup for neighbours: "local" searches the Address table (development, tests, the demo); "os_places"
# asks Ordnance Survey Places with the council's key.
ADDRESS_LOOKUP = env_str("ADDRESS_LOOKUP", "local")
OS_PLACES_API_KEY = env_str("OS_PLACES_API_KEY", "")
OS_PLACES_BASE_URL = env_str("OS_PLACES_BASE_URL", "https://api.os.uk/search/places/v1")
if ADDRESS_LOOKUP == "os_places" and not OS_PLACES_API_KEY:
    raise ImproperlyConfigured("ADDRESS_LOOKUP=os_places needs OS_PLACES_API_KEY.")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_link_tokens": {"()": "bops.core.logging.RedactLinkTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_link_tokens"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # httpx logs every request at INFO, with its full URL (file hosts' URLs can carry tokens).
    "loggers": {
        "django.server": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        # WeasyPrint reports each rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "bops.urls.csrf_failure"
AXES_VERBOSE = env_bool("AXES_VERBOSE", False)

# whitenoise looks for STATIC_ROOT even when it serves from the finders (development): it need not exist.
warnings.filterwarnings("ignore", message="No directory at")

# The API: JSON only, council keys, errors as {"error": {code, message, detail: [{pointer, message}]}}.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["bops.councils.api_auth.CouncilApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["bops.councils.api_auth.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "bops.core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Back-office planning API",
    "DESCRIPTION": (
        "Submit planning applications in the Open Digital Planning (ODP) format and follow what happens to them."
    ),
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files are served by the app (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SECURITY": [{"bearerAuth": []}],
    "APPEND_COMPONENTS": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
}

# Intake. The official ODP schemas are downloaded here at deployment (one folder per version, or one version's
# files); without it, payloads are checked by the project's own parsing only.
ODP_SCHEMA_DIR = env_str("ODP_SCHEMA_DIR", "")
# The public register's API: requests per client per window (limit, seconds), and how many reverse proxies stand
# in front of the service (the client is then read from X-Forwarded-For; bops.core.http.client_address).
PUBLIC_API_RATE_LIMIT = (env_int("PUBLIC_API_RATE_LIMIT", 300), env_int("PUBLIC_API_RATE_WINDOW", 60))
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
# Responses on these paths never set a cookie (public, cacheable JSON and tiles).
COOKIELESS_PATH_PREFIXES = ("/api/@next/public/", "/api/v2/public/", "/map-tiles/")
# Map tiles one client may ask for per window (limit, seconds): the tile proxy spends the council's OS allowance.
MAP_TILE_RATE_LIMIT = (env_int("MAP_TILE_RATE_LIMIT", 1200), env_int("MAP_TILE_RATE_WINDOW", 60))
# GPDO parts beyond the built-in Part 1, as a JSON file (bops/assessment/gpdo.py; docs/operations.md).
GPDO_EXTRA_PARTS_FILE = env_str("GPDO_EXTRA_PARTS_FILE", "")
# The largest request body the API reads (an ODP payload is usually well under 1 MB).
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
# Fetching submitted files: per file.
FILE_FETCH_TIMEOUT_SECONDS = env_int("FILE_FETCH_TIMEOUT_SECONDS", 20)
FILE_FETCH_MAX_BYTES = env_int("FILE_FETCH_MAX_BYTES", 50 * 1024 * 1024)
FILE_FETCH_ATTEMPTS = env_int("FILE_FETCH_ATTEMPTS", 3)
# The hosts submitted files may be fetched from (e.g. api.editor.planx.uk); empty means any host. Set it in
# production: file URLs come from outside, and must not reach the council's internal network.
FILE_FETCH_ALLOWED_HOSTS = env_list("FILE_FETCH_ALLOWED_HOSTS", [])
# Extra headers for file hosts, e.g. PlanX's: FILE_FETCH_HEADERS="api-key=..." (comma-separated name=value).
FILE_FETCH_HEADERS = dict(item.split("=", 1) for item in env_list("FILE_FETCH_HEADERS", []) if "=" in item)
# Documents uploaded by officers and applicants: per file.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 30 * 1024 * 1024)
