from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CtouvertesConfig(AppConfig):
    """The portal as a whole: deployment checks, and the cache table that `migrate` creates."""

    name = "ctouvertes"
    verbose_name = "ctouvertes"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)

        post_migrate.connect(create_cache_tables, sender=self)


def create_cache_tables(using="default", verbosity=1, **kwargs):
    """The database cache's table (the shared cache without Redis), created with the schema so
    that every worker finds it; nothing happens when it exists or when Redis is the cache."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))
