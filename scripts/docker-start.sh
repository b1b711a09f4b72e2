#!/bin/sh
# The web container's start (docker-compose.yml): migrations; a first superuser when
# DJANGO_SUPERUSER_USERNAME is set and no such user exists; the demo data only when LOAD_DEMO=1
# (its accounts share a public password: never on a production database); then gunicorn.
set -eu

python manage.py migrate --noinput

if [ -n "${DJANGO_SUPERUSER_USERNAME:-}" ]; then
    if [ -z "${DJANGO_SUPERUSER_PASSWORD:-}" ]; then
        echo "DJANGO_SUPERUSER_USERNAME is set without DJANGO_SUPERUSER_PASSWORD." >&2
        exit 1
    fi
    # Exit status 0: the user exists, 3: it does not (anything else: an error).
    status=0
    python manage.py shell --no-imports -c 'import os, sys
from django.contrib.auth import get_user_model
User = get_user_model()
name = os.environ["DJANGO_SUPERUSER_USERNAME"]
sys.exit(0 if User._default_manager.filter(**{User.USERNAME_FIELD: name}).exists() else 3)' \
        || status=$?
    case "$status" in
        0) echo "The user $DJANGO_SUPERUSER_USERNAME exists: no superuser created." ;;
        3) DJANGO_SUPERUSER_EMAIL="${DJANGO_SUPERUSER_EMAIL:-}" \
               python manage.py createsuperuser --noinput ;;
        *) exit "$status" ;;
    esac
fi

if [ "${LOAD_DEMO:-0}" = "1" ]; then
    python manage.py load_demo
fi

exec gunicorn ctouvertes.wsgi --bind 0.0.0.0:8000 --no-control-socket --access-logfile -
