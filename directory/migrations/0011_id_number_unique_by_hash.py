"""The uniqueness of ID numbers moves to their blind index, now that every row has one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0010_encrypt_existing_people"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("id_number_hash", ""), _negated=True),
                fields=("id_number_hash",),
                name="person_id_number_hash_unique",
                violation_error_message="A person with this ID number is already registered.",
            ),
        ),
    ]
