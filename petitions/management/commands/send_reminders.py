from django.core.management.base import BaseCommand
from django.utils.timezone import localdate

from petitions.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail each handler what is due within 7 days and what is overdue (once a day; safe to rerun)."

    def handle(self, *args, **options):
        result = send_reminders(today=localdate())
        self.stdout.write(
            f"sent {result.sent}, already sent today {result.skipped_already_sent}, "
            f"no e-mail address {result.skipped_no_email}"
        )
