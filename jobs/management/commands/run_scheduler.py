from django.core.management.base import BaseCommand

from jobs import scheduler


class Command(BaseCommand):
    help = (
        "Run the daily tasks (reminders …) at their time, forever: for a server without Celery beat. "
        "With --once, run what is due now and stop."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")

    def handle(self, *args, once=False, **options):
        if once:
            ran = scheduler.run_due()
            self.stdout.write(", ".join(ran) or "nothing due")
            return
        scheduler.loop(resume=False)
