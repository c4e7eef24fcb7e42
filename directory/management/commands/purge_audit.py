from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directory.audit import TooRecent, purge


class Command(BaseCommand):
    help = "Remove access-log rows older than a date, never younger than the retention period (AUDIT_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--by", required=True, help="User name of the auditor doing the purge.")

    def handle(self, *args, before, by, **options):
        try:
            user = get_user_model().objects.get(username=by)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {by!r}.") from None
        cutoff = timezone.make_aware(datetime.combine(before, time.min))
        try:
            count = purge(before=cutoff, by=user)
        except TooRecent as error:
            raise CommandError(
                f"Audit rows are kept at least until {error.args[0]:%Y-%m-%d}; nothing was removed."
            ) from None
        self.stdout.write(f"{count} rows removed; the purge itself is logged.")
