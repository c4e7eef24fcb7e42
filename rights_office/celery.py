"""The Celery app: configured from Django's settings (names starting with CELERY_).

Start a worker with `celery -A rights_office worker` and the daily schedule
with `celery -A rights_office beat` (README, "Background jobs").
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rights_office.settings")

app = Celery("rights_office")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
