"""Volunteer teams."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from directory.listing import paginate
from directory.models import Volunteer, VolunteerTeam
from directory.periods import Period

from ..models import Event
from .common import _year


def teams(request):
    year = _year(request)
    period = Period.year(year)
    in_year = Q(
        members__outreach_events__held_on__range=(period.start, period.end),
        members__outreach_events__voided_at__isnull=True,
    )
    rows = (
        VolunteerTeam.objects.visible_to(request.user)
        .select_related("org_unit")
        .annotate(
            n_members=Count("members", distinct=True),
            n_active=Count("members", filter=in_year, distinct=True),
            n_events=Count("members__outreach_events", filter=in_year, distinct=True),
        )
        .order_by("org_unit__path", "name")
    )
    page, query = paginate(request, rows)
    return render(request, "outreach/teams.html", {"page": page, "query": query, "year": year})


def team(request, pk):
    team = get_object_or_404(VolunteerTeam.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    year = _year(request)
    period = Period.year(year)
    events_in_year = (
        Event.objects.active().held_in(period).filter(volunteers__team=team).distinct().select_related("org_unit")
    )
    members = list(
        Volunteer.objects.filter(team=team)
        .prefetch_related(
            Prefetch(
                "outreach_events",
                queryset=Event.objects.active().held_in(period).order_by("held_on"),
                to_attr="events_in_year",
            )
        )
        .order_by("full_name")
    )
    return render(
        request,
        "outreach/team.html",
        {
            "team": team,
            "year": year,
            "members": members,
            "events": list(events_in_year.order_by("held_on")),
            "active": sum(1 for m in members if m.events_in_year),
        },
    )
