from django.conf import settings
from django.db import migrations
from django.utils import timezone


def date_existing_passwords(apps, schema_editor):
    """Existing passwords are dated today: their age is unknown, and expiring them all at once would lock everyone into the change page."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    PasswordHistory = apps.get_model("directory", "PasswordHistory")
    now = timezone.now()
    PasswordHistory.objects.bulk_create(
        PasswordHistory(user_id=pk, password=password, set_at=now)
        for pk, password in User.objects.exclude(password__startswith="!").exclude(password="").values_list("pk", "password")
    )


def forget_dates(apps, schema_editor):
    apps.get_model("directory", "PasswordHistory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_password_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(date_existing_passwords, forget_dates)]
