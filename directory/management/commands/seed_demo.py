from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


class Command(BaseCommand):
    help = "Load the demo city, its staff and a year of demo records (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, year, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DEBUG off; pass --force if you mean it.")
        autodiscover_modules("demo")
        from directory.demo import run_seeders

        self.stdout.write(f"Seeding demo data for {year} …")
        with transaction.atomic():
            ctx = run_seeders(year=year, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo logins (user / password):"))
        for username, password, name, role, _where in ctx.logins:
            self.stdout.write(f"  {username:<12} {password}   {name} · {role}")
        from directory.demo import DEMO_OTP_KEY_BASE32

        self.stdout.write(
            "Managers, administrators and the auditor also type a code after the password (two-factor sign-in).\n"
            f"  Demo authenticator key (all of them): {DEMO_OTP_KEY_BASE32}\n"
            "  Add it to an authenticator app, or print the current code: python tools/demo_otp_code.py"
        )
