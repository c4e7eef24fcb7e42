import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides, *args):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = _check({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS must be set" in result.stderr


def test_production_settings_pass_the_deploy_checklist():
    result = _check(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-value",
            "ALLOWED_HOSTS": "rights.local",
            "AUDIT_HMAC_KEY": "y" * 50,
            "FIELD_ENCRYPTION_KEYS": "Y2ktb25seS1maWVsZC1rZXktbm90LWZvci1wcm9kISE=",
            "BLIND_INDEX_KEY": "z" * 50,
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
