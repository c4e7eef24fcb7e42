from django.core.management.base import BaseCommand, CommandError

from directory.audit import verify
from directory.models import AccessLog


class Command(BaseCommand):
    help = "Check the access log's chain; exit non-zero naming each row that was changed, removed or inserted."

    def handle(self, *args, **options):
        breaks = list(verify())
        for each in breaks:
            where = f"row {each.row_id}" if each.row_id else "end of the log"
            self.stderr.write(f"{where}: {each.reason}")
        if breaks:
            raise CommandError(f"The access log was tampered with: {len(breaks)} break(s) in the chain.")
        self.stdout.write(f"The access log is intact: {AccessLog.objects.count()} rows verified.")
