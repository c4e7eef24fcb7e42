"""Two-factor helpers for tests: an authenticator for a user and its current code.

`client.force_login(user)` in tests means fully signed in (tests/conftest.py
runs `pass_second_factor` after it); the tests of two-factor sign-in itself
sign in through the real pages and type codes made here.
"""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory import twofactor


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator (made if she has none), ready to take the current code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return TOTPDevice.objects.create(user=user, name=twofactor.AUTHENTICATOR, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    return device


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the phone shows now (the same computation as an authenticator app's)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def pass_second_factor(client, user) -> None:
    """Mark the client's session as having passed the second factor, as `django_otp.login` does."""
    session = client.session
    if session.get(twofactor.STATE) == twofactor.OK:
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or authenticator_for(user)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[twofactor.STATE] = twofactor.OK
    session.save()
