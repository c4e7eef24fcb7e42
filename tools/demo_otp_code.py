"""Print the current two-factor code of the demo accounts (`manage.py seed_demo`).

It computes the code from the published demo key, as an authenticator app
would; it reads no database and knows no other key.

    python tools/demo_otp_code.py
"""

import hmac
import struct
import time

DEMO_OTP_KEY = b"rights-office-demo!!"  # the same as directory.demo.DEMO_OTP_KEY


def code(key: bytes = DEMO_OTP_KEY, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP with SHA-1, as authenticator apps compute it."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


if __name__ == "__main__":
    left = 30 - int(time.time()) % 30
    print(f"{code()}  (valid for {left} more seconds)")
