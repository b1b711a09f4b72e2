import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctouvertes.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

from ctouvertes.startup import refuse_insecure_start  # noqa: E402

application = get_wsgi_application()
refuse_insecure_start()
