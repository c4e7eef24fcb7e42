"""Campaigns that group outreach events."""

from datetime import date

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.history import history_rows
from directory.listing import paginate
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.roles import role_required

from ..forms import CampaignForm
from ..models import Campaign, Event
from ..services import CAMPAIGN_FIELDS, create_campaign, update_campaign
from .common import EDITORS, VOIDERS, _can, _default_unit, _units, _void


def campaigns(request):
    rows = Campaign.objects.visible_to(request.user).active().for_list()
    year = request.GET.get("year", "")
    if year.isdigit():
        rows = rows.filter(year=int(year))
    page, query = paginate(request, rows)
    return render(request, "outreach/campaigns.html", {"page": page, "query": query, "year": year})


def campaign(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    rows = Event.objects.visible_to(request.user).active().filter(campaign=campaign).for_list()
    return render(
        request,
        "outreach/campaign.html",
        {
            "campaign": campaign,
            "events": rows[:200],
            "history": history_rows(campaign.history.all()),
            "can_edit": _can(request.user, EDITORS),
        },
    )


@role_required(*EDITORS)
def campaign_create(request):
    units = _units(request.user)
    form = CampaignForm(
        request.POST or None, units=units, initial={"org_unit": _default_unit(request.user), "year": date.today().year}
    )
    if request.method == "POST" and form.is_valid():
        campaign = create_campaign(by=request.user, **{f: form.cleaned_data[f] for f in CAMPAIGN_FIELDS})
        messages.success(request, _("The campaign was recorded."))
        return redirect(campaign)
    return render(request, "outreach/campaign_form.html", {"form": form})


@role_required(*EDITORS)
def campaign_edit(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user).active(), pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            update_campaign(
                campaign=campaign,
                by=request.user,
                expected_version=form.cleaned_data["seen_version"],
                **{f: form.cleaned_data[f] for f in CAMPAIGN_FIELDS},
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(campaign)
    return render(request, "outreach/campaign_form.html", {"form": form, "campaign": campaign})


@require_POST
@role_required(*VOIDERS)
def campaign_void(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    return _void(request, campaign, campaign)
