from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into one checked archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Folder for the archive (default: BACKUP_DIR).")
        parser.add_argument(
            "--keep", type=int, help="Keep only the newest N archives in that folder (default: BACKUP_KEEP)."
        )

    def handle(self, *args, output, keep, **options):
        keep = settings.BACKUP_KEEP if keep is None else keep
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        try:
            path = make_backup(output_dir=output, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
