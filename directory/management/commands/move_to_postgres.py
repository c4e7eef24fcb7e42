from django.core.management.base import BaseCommand, CommandError

from directory.move import MoveError, move_database


class Command(BaseCommand):
    help = (
        "Move this office's database (the embedded SQLite one) into an empty PostgreSQL database, every row "
        "kept, sequences reset, counts compared and the access log's chain verified. Files in MEDIA_ROOT stay "
        "where they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="postgres://user:password@host:5432/name (an empty database)")
        parser.add_argument(
            "--force", action="store_true", help="Replace everything the target holds, even if it has users."
        )

    def handle(self, *args, to, force, **options):
        if not to.startswith(("postgres://", "postgresql://", "pgsql://")):
            raise CommandError("--to must be a PostgreSQL URL (postgres://…).")
        try:
            report = move_database(to=to, force=force, log=self.stdout.write)
        except MoveError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Moved {report.total} rows in {len(report.rows)} tables; counts match and the access log's "
                f"chain of {report.audit_rows} rows verifies on PostgreSQL. Set DATABASE_URL to the new database."
            )
        )
