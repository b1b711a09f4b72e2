"""No models: this module exists so that `migrate` sends post_migrate for this app (apps.py
creates the database cache table then)."""
