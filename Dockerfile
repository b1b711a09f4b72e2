# The portal behind gunicorn; WhiteNoise serves the collected static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    STATIC_MANIFEST=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=2

# Pango and HarfBuzz for WeasyPrint, Arabic and Tifinagh fonts, gettext for compilemessages,
# pg_dump and pg_restore for `manage.py backup`/`restore`: they must have the database server's
# major version, 15 (docker-compose.yml's postgres:15), which is Debian 12 (bookworm)'s
# client. Installed into /usr/lib/postgresql/15/bin, where the backup commands look first.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-noto-core fonts-hosny-amiri gettext postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.8

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-cache --python /usr/local/bin/python3

COPY . .
RUN python manage.py compilemessages --ignore=.venv --ignore=.uv --verbosity=0 \
    && python manage.py collectstatic --noinput --verbosity=0 \
    && useradd --system --home-dir /app --no-create-home ctouvertes \
    && mkdir -p /app/media /app/var/backups \
    && chown ctouvertes /app/media /app/var /app/var/backups \
    && chmod 700 /app/var/backups

USER ctouvertes
EXPOSE 8000
# Workers: WEB_CONCURRENCY, which gunicorn reads. No control socket: nothing manages it here.
CMD ["gunicorn", "ctouvertes.wsgi", "--bind", "0.0.0.0:8000", "--no-control-socket", \
     "--access-logfile", "-"]
