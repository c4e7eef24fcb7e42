from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directory.models import OrgUnit, UnitLookupError
from directory.periods import Period
from reporting.narrative import document_for
from reporting.render import render_csv, render_docx, render_markdown, render_pdf, render_xlsx

KINDS = {  # a range that is exactly one of these is named as such in the text (a whole year is a year, not "to December")
    "year": lambda s, e: (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year,
    "ytd": lambda s, e: s.month == 1 and s.day == 1 and s.year == e.year and Period.year_to(e.year, e.month).end == e,
}


class Command(BaseCommand):
    help = "Write the work summary of a unit (and everything under it) for a period to a file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit",
            required=True,
            help="The unit: its division code (440282, 440282100 or all 12 digits) or its exact name (南雄市).",
        )
        parser.add_argument("--start", required=True, type=date.fromisoformat)
        parser.add_argument("--end", required=True, type=date.fromisoformat)
        parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("--format", default="md", choices=["md", "docx", "pdf", "xlsx", "csv"])
        parser.add_argument("--table", default="headline", help="With --format csv: which table.")
        parser.add_argument(
            "--output", required=True, help="File to write ('-' for standard output, text formats only)."
        )

    def handle(self, *args, unit, start, end, lang, format, table, output, **options):
        try:
            org_unit = OrgUnit.objects.resolve(unit)
        except UnitLookupError as error:
            raise CommandError(error.message) from None
        if end < start:
            raise CommandError("--end is before --start.")
        kind = next((k for k, test in KINDS.items() if test(start, end)), "custom")
        _summary, document = document_for(org_unit, Period(start, end, kind), lang, today=timezone.localdate())
        if format == "csv":
            found = next((t for t in document.tables if t.key == table), None)
            if found is None:
                raise CommandError(f"No table {table!r}; choose from {', '.join(t.key for t in document.tables)}.")
            content = render_csv(found).encode()
        else:
            content = {
                "md": lambda: render_markdown(document).encode(),
                "docx": lambda: render_docx(document),
                "pdf": lambda: render_pdf(document),
                "xlsx": lambda: render_xlsx(document),
            }[format]()
        if output == "-":
            if format not in ("md", "csv"):
                raise CommandError("Only md and csv can go to standard output.")
            self.stdout.write(content.decode())
        else:
            Path(output).write_bytes(content)
            self.stderr.write(f"Wrote {output} ({len(content)} bytes) at {timezone.localtime():%Y-%m-%d %H:%M}.")
