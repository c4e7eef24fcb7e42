from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils.timezone import localdate

from tests.petitions.factories import make_petition


def test_send_reminders_twice_in_a_day_sends_once(township_a, handler_a, handler_b, township_b):
    handler_a.email = "huang@example.org"
    handler_a.save()
    make_petition(unit=township_a, by=handler_a, handler=handler_a, received_on=localdate() - timedelta(days=10))
    make_petition(
        unit=township_a,
        by=handler_a,
        received_on=localdate() - timedelta(days=80),
        accepted_on=localdate() - timedelta(days=70),
    )
    make_petition(unit=township_b, by=handler_b, handler=handler_b, received_on=localdate() - timedelta(days=10))

    call_command("send_reminders")
    call_command("send_reminders")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["huang@example.org"]
    assert "1" in message.subject and message.body.count(str(localdate().year)) >= 2
