"""Encrypt the ID numbers, phones and addresses already stored, with their history, and fill the
blind indexes (directory.encryption). Batched and resumable: it is not one transaction, and rows
already encrypted are skipped, so a run cut short is simply run again."""

from django.db import migrations

from directory.encryption import migrate_model


def encrypt(apps, schema_editor):
    for label in ("directory.Person", "directory.HistoricalPerson"):
        migrate_model(apps, schema_editor, label)


def decrypt(apps, schema_editor):
    for label in ("directory.Person", "directory.HistoricalPerson"):
        migrate_model(apps, schema_editor, label, decrypt=True)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("directory", "0009_encrypt_people"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
