"""A web or job process loads the heavy libraries only when it uses them (issue #13: memory).

pypinyin's phrase dictionary (some 56 MB), openpyxl (some 20), python-docx and
reportlab (some 26) are imported inside the functions that need them: the
first name written, an XLSX export or ledger workbook, a report or document
rendered. Run in a fresh interpreter, as gunicorn or Celery starts one: the
test process itself has long imported them all.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ["pypinyin", "openpyxl", "docx", "reportlab"]

STARTUP = f"""
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every app's views, as a worker's first request loads them
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
"""


def test_a_worker_loads_no_renderer_spreadsheet_or_pinyin_library_until_it_uses_one():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rights_office.settings", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", STARTUP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
