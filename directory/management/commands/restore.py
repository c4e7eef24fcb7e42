from django.core.management.base import BaseCommand, CommandError

from directory.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive (database and MEDIA_ROOT) after checking it. Refuses a damaged archive, "
        "and a database that is not empty unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz made by manage.py backup.")
        parser.add_argument("--database-url", help="Restore into this database (default: the configured DATABASE_URL).")
        parser.add_argument("--media-root", help="Restore the files here (default: MEDIA_ROOT).")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database that is not empty, and files that differ."
        )

    def handle(self, *args, archive, database_url, media_root, force, **options):
        try:
            manifest = restore_backup(archive, database_url=database_url, media_root=media_root, force=force)
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        files = sum(1 for name in manifest["members"] if name.startswith("media/"))
        commit = manifest["app"].get("commit", "")[:12] or "unknown commit"
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {manifest['engine']} database and {files} file(s) backed up at "
                f"{manifest['created_at']} (version {manifest['app'].get('version')}, {commit}). "
                "Run manage.py migrate if this version has newer migrations."
            )
        )
