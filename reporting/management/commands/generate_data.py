"""manage.py generate_data --petitions N [--years 2019-2025] [--seed S]: synthetic data at any size."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reporting.synthetic import Options, generate


class Command(BaseCommand):
    help = (
        "Add N synthetic petitions (and people, timelines, history, legal aid, hardship, outreach) to a synthetic city."
    )

    def add_arguments(self, parser):
        parser.add_argument("--petitions", type=int, required=True)
        parser.add_argument("--years", default=f"2019-{date.today().year}", help="first-last year, e.g. 2019-2025")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, petitions, years, seed, **options):
        try:
            first, last = (int(part) for part in years.split("-"))
        except ValueError:
            raise CommandError("--years is two years, e.g. 2019-2025") from None
        if petitions < 1 or first > last or first < 1990:
            raise CommandError("--petitions is at least 1 and --years runs forward from 1990 or later")
        started = time.monotonic()
        generate(Options(petitions, first, last, seed), log=self.stdout.write)
        self.stdout.write(f"done in {time.monotonic() - started:.0f} s")
