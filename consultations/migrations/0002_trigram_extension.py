from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm for "similar ideas" while moderating (skipped on SQLite)."""

    dependencies = [("consultations", "0001_initial")]

    operations = [TrigramExtension()]
