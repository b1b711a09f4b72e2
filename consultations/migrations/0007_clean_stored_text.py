"""Text stored before bidi controls and invisible characters were removed on every write
(ctouvertes.text) is cleaned the same way, in every app whose rows the portal cleans."""

from django.db import migrations

from ctouvertes.text import clean_stored_rows

CLEANED_APPS = ("network", "programmes", "consultations")


def clean_stored_text(apps, schema_editor):
    for label in CLEANED_APPS:
        for model in apps.get_app_config(label).get_models():
            clean_stored_rows(model)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0006_event_document_photo_pixel_limit"),
        ("network", "0006_logo_decoded_when_checked"),
        ("programmes", "0006_decision_document_photo_pixel_limit"),
    ]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop)]
