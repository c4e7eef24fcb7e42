"""Every write of the outreach app goes through here."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from directory.locking import lock_for_update, save_new_version
from directory.models import OrgUnit, ServicePoint

from .models import Campaign, Event, Law, Trainee, TrainingSession

CAMPAIGN_FIELDS = ["name", "kind", "year", "org_unit", "description"]
EVENT_FIELDS = [
    "title",
    "campaign",
    "kind",
    "held_on",
    "place",
    "org_unit",
    "audience",
    "leaflets",
    "materials",
    "performances",
    "summary",
]
EVENT_M2M = ["partners", "laws", "covered_units", "volunteers"]
TRAINING_FIELDS = ["title", "starts_on", "ends_on", "hours", "org_unit", "place", "topics"]


RELATION_LABELS = {
    "partners": _lazy("partner agencies"),
    "laws": _lazy("laws"),
    "covered_units": _lazy("units covered"),
    "volunteers": _lazy("volunteers"),
}


def _relation_note(obj, values: dict) -> str | None:
    """A line for the history row naming what changed among the many-to-many choices.

    The history tables hold one row per save of the record itself; the sets of
    partners, laws … are summarised in that row's change reason instead of
    adding a history row per relation.
    """
    notes = []
    for name, items in values.items():
        if items is None:
            continue
        before = {str(x) for x in getattr(obj, name).all()}
        after = {str(x) for x in items}
        if before != after:
            notes.append(f"{RELATION_LABELS[name]}: {'、'.join(sorted(after)) or '—'}")
    return "; ".join(notes)[:100] or None


def _set_m2m(obj, values: dict) -> None:
    for name, items in values.items():
        if items is not None:
            getattr(obj, name).set(items)


@transaction.atomic
def create_campaign(*, by, **fields) -> Campaign:
    """Record a campaign of one unit in one year."""
    campaign = Campaign(**fields)
    campaign._history_user = by
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def update_campaign(*, campaign: Campaign, by, expected_version: int | None, **changes) -> Campaign:
    """Change a campaign, refusing a form based on an older version."""
    locked = lock_for_update(campaign, expected_version)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked._history_user = by
    locked.full_clean()
    return save_new_version(locked)


@transaction.atomic
def record_event(
    *,
    by,
    partners: Iterable = (),
    laws: Iterable[Law] = (),
    covered_units: Iterable[OrgUnit] = (),
    volunteers: Iterable = (),
    **fields,
) -> Event:
    """Record a publicity event with its partners, laws, covered units and volunteers."""
    event = Event(**fields, created_by=by)
    event._history_user = by
    event.full_clean()
    event.save()
    _set_m2m(
        event,
        {
            "partners": list(partners),
            "laws": list(laws),
            "covered_units": list(covered_units),
            "volunteers": list(volunteers),
        },
    )
    return event


@transaction.atomic
def update_event(
    *,
    event: Event,
    by,
    expected_version: int | None,
    partners: Iterable | None = None,
    laws: Iterable[Law] | None = None,
    covered_units: Iterable[OrgUnit] | None = None,
    volunteers: Iterable | None = None,
    **changes,
) -> Event:
    """Change an event, refusing a form based on an older version."""
    locked = lock_for_update(event, expected_version)
    for name, value in changes.items():
        setattr(locked, name, value)
    relations = {
        "partners": None if partners is None else list(partners),
        "laws": None if laws is None else list(laws),
        "covered_units": None if covered_units is None else list(covered_units),
        "volunteers": None if volunteers is None else list(volunteers),
    }
    locked._history_user = by
    locked._change_reason = _relation_note(locked, relations)
    locked.full_clean()
    save_new_version(locked)
    _set_m2m(locked, relations)
    return locked


@transaction.atomic
def record_training(*, by, laws: Iterable[Law] = (), **fields) -> TrainingSession:
    """Record a cadre training session."""
    session = TrainingSession(**fields, created_by=by)
    session._history_user = by
    session.full_clean()
    session.save()
    session.laws.set(list(laws))
    return session


@transaction.atomic
def update_training(
    *, session: TrainingSession, by, expected_version: int | None, laws: Iterable[Law] | None = None, **changes
) -> TrainingSession:
    """Change a training session, refusing a form based on an older version."""
    locked = lock_for_update(session, expected_version)
    for name, value in changes.items():
        setattr(locked, name, value)
    relations = {"laws": None if laws is None else list(laws)}
    locked._history_user = by
    locked._change_reason = _relation_note(locked, relations)
    locked.full_clean()
    save_new_version(locked)
    _set_m2m(locked, relations)
    return locked


class TraineeRefused(Exception):
    pass


@transaction.atomic
def add_trainees(
    *, session: TrainingSession, by, users: Iterable = (), names: Iterable[str] = (), org_unit: OrgUnit | None = None
) -> list[Trainee]:
    """Enrol staff users and named cadres in a session; a staff user counts once per session."""
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if locked.is_voided:
        raise TraineeRefused(_("This session was voided."))
    already = set(locked.trainees.filter(user__isnull=False).values_list("user_id", flat=True))
    added = []
    for user in users:
        if user.pk in already:
            continue
        staff = getattr(user, "staff", None)
        added.append(
            Trainee(
                session=locked,
                user=user,
                full_name=user.get_full_name() or user.get_username(),
                org_unit=staff.org_unit if staff else None,
                title=staff.title if staff else "",
            )
        )
        already.add(user.pk)
    for name in names:
        name = name.strip()
        if name:
            added.append(Trainee(session=locked, full_name=name[:50], org_unit=org_unit))
    for trainee in added:
        trainee._history_user = by
        trainee.save()
    return added


@transaction.atomic
def remove_trainee(*, trainee: Trainee, by) -> None:
    """Take a trainee entered by mistake off a session (the history keeps the row)."""
    trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
    trainee._history_user = by
    trainee.delete()


# --- The service-point network (rows live in `directory`) -------------------


class PointRefused(Exception):
    pass


@transaction.atomic
def open_service_point(
    *, org_unit: OrgUnit, kind: str, name: str, opened_on: date, by, address: str = "", phone: str = ""
) -> ServicePoint:
    """Record that a service point (a DV complaint point …) opened at a unit on a date."""
    point = ServicePoint(org_unit=org_unit, kind=kind, name=name, opened_on=opened_on, address=address, phone=phone)
    point._history_user = by
    try:
        point.full_clean()
    except ValidationError as error:
        raise PointRefused("; ".join(error.messages)) from error
    point.save()
    return point


@transaction.atomic
def close_service_point(*, point: ServicePoint, closed_on: date, by, reason: str = "") -> ServicePoint:
    """Record that a service point closed on a date; coverage before that date is unchanged."""
    locked = ServicePoint.objects.select_for_update().get(pk=point.pk)
    if locked.closed_on is not None:
        raise PointRefused(_("This point is already closed."))
    if closed_on < locked.opened_on:
        raise PointRefused(_("A point cannot close before it opened."))
    locked.closed_on = closed_on
    locked._history_user = by
    locked._change_reason = reason.strip()[:100] or None
    locked.save(update_fields=["closed_on"])
    return locked
