"""Print what field encryption costs: encrypt, decrypt, blind-index and rotate N values.

    .venv/bin/python tools/bench_encryption.py [N]        (default 100000)

Pure CPU, no database: the numbers are per process; a page of 25-50 people
decrypts 2-3 fields a row.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rights_office.settings")

import django  # noqa: E402

django.setup()

from cryptography.fernet import Fernet  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from directory.encryption import blind_index, decrypt_value, encrypt_value, rotate_value  # noqa: E402


def timed(label, n, fn, values):
    start = time.perf_counter()
    out = [fn(v) for v in values]
    seconds = time.perf_counter() - start
    print(f"{label:<34} {n:>7} values  {seconds:6.2f} s  {seconds / n * 1e6:6.1f} µs each")
    return out


def main(n: int):
    phones = [f"13{i % 10}{i:08d}" for i in range(n)]
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        tokens = timed("encrypt (phone)", n, encrypt_value, phones)
        timed("decrypt (phone)", n, decrypt_value, tokens)
        timed("blind index (phone)", n, lambda p: blind_index("phone", p), phones)
        addresses = timed("encrypt (40-character address)", n, encrypt_value, ["雄州街道八一社区幸福路18号" * 3] * n)
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        timed("decrypt under the second key", n, decrypt_value, addresses)
        timed("rotate to the newest key", n, lambda t: rotate_value(t)[0], tokens)
    print(f"token length: phone {len(tokens[0])} characters, address {len(addresses[0])} characters")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
