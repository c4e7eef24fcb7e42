from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from directory.encryption import UndecryptableValue, encrypted_tables, process_table


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field (ID numbers, phones, addresses, and their history) with the first key "
        "of FIELD_ENCRYPTION_KEYS, and recompute the blind indexes with BLIND_INDEX_KEY. Batched; running it "
        "again changes nothing. See docs/ENCRYPTION.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="Rows read and written per transaction.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, batch_size, database, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        total = {}
        for model, encrypted, indexes in encrypted_tables(apps.get_models()):
            try:
                counts = process_table(model, encrypted, indexes, using=database, batch_size=batch_size)
            except UndecryptableValue as error:
                raise CommandError(f"{model._meta.label}: {error}") from None
            self.stdout.write(
                f"{model._meta.label}: {counts['rows']} rows, {counts['rows_changed']} rewritten "
                f"({counts['rotated']} values re-encrypted, {counts['encrypted']} plain values encrypted, "
                f"{counts['indexes_fixed']} search hashes recomputed)"
            )
            for key, value in counts.items():
                total[key] = total.get(key, 0) + value
        self.stdout.write(
            f"Done: {total.get('rows', 0)} rows, {total.get('rows_changed', 0)} rewritten. "
            "Every value is now under the first key of FIELD_ENCRYPTION_KEYS; older keys may be removed."
        )
