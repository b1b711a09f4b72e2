"""Settings of the ctouvertes portal, read from environment variables (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    return int(os.environ.get(name, default))


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    # A local run without configuration still works; production sets SECRET_KEY.
    SECRET_KEY = "insecure-development-key-change-me"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "import_export",
    "simple_history",
    "axes",
    "network",
    "programmes",
    "consultations",
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
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "ctouvertes.urls"
WSGI_APPLICATION = "ctouvertes.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# One database: PostgreSQL when DATABASE_URL is set, an embedded SQLite file otherwise.
SQLITE_PATH = env_str("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60
    )
}
IS_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRESQL:
    # Test databases are created from template0 with a UTF-8 collation: trigram similarity on
    # Arabic text returns nothing under the C ctype.
    DATABASES["default"].setdefault("TEST", {})
    DATABASES["default"]["TEST"].update({"TEMPLATE": "template0", "CHARSET": "UTF8"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: Redis when REDIS_URL is set (shared by all workers: rate limits, PDF cache),
# local memory otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ctouvertes",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins after too many failures
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy, the client address comes from X-Forwarded-For, trusting only the
# number of proxies declared here (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Public forms: (submissions, seconds) one address may send per window.
IDEA_RATE_LIMIT = (5, 3600)
OBSERVATION_RATE_LIMIT = (5, 3600)

# Languages: Arabic first (right to left), French, Standard Moroccan Tamazight in Tifinagh.
# Django has no locale for zgh: register it so get_language_info("zgh") works.
LANG_INFO["zgh"] = {
    "bidi": False,
    "code": "zgh",
    "name": "Standard Moroccan Tamazight",
    "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ",
}
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("zgh", _("Tamazight")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ctouvertes.formats"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "fr", "zgh")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ar",)
# The tabbed admin loads jQuery UI from a CDN by default; serve it from static/ instead.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# import-export: imports run in a transaction, so a rejected file changes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = None
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = None

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
