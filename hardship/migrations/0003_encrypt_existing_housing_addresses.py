"""Encrypt the housing addresses already stored, with their history (directory.encryption).
Batched and resumable, like directory 0008."""

from django.db import migrations

from directory.encryption import migrate_model


def encrypt(apps, schema_editor):
    for label in ("hardship.HousingUnit", "hardship.HistoricalHousingUnit"):
        migrate_model(apps, schema_editor, label)


def decrypt(apps, schema_editor):
    for label in ("hardship.HousingUnit", "hardship.HistoricalHousingUnit"):
        migrate_model(apps, schema_editor, label, decrypt=True)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("hardship", "0002_encrypt_housing_address"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
