"""The workflow moves (one POST view per move) and the deadline lists."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.listing import paginate
from directory.locking import StaleEdit
from directory.roles import role_required

from . import services
from .models import Petition, Referral
from .moves import MANAGERS, MOVES_BY_NAME, Move, _bind, move_forms
from .views import _decorate, _page_agencies, _petition_page_context


@require_POST
def move(request, pk, name):
    move = MOVES_BY_NAME.get(name)
    if move is None:
        raise Http404
    return role_required(*move.roles)(_make_move)(request, pk, move)


def _make_move(request, pk, move: Move):
    petition = get_object_or_404(Petition.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    agencies = _page_agencies(request)
    form = _bind(move, petition, request.POST, agencies=agencies)
    if form.is_valid():
        try:
            move.run(petition, request.user, form.cleaned_data)
        except (services.InvalidTransition, StaleEdit):
            messages.error(request, _("This move is not possible now: the petition has changed. Look at it again."))
        except services.NotAllowed:
            messages.error(request, _("You may not decide this: a manager of the unit, not the requester, decides."))
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, str(move.done))
        return redirect(petition)
    messages.error(
        request, _("“%(move)s” was not recorded: correct the errors in its form below.") % {"move": move.title}
    )
    _focus_first_error(form)
    petition = Petition.objects.select_related(
        "org_unit", "category", "subcategory", "handler", "first_contact", "repeat_of", "reception_day"
    ).get(pk=petition.pk)
    context = _petition_page_context(request, petition)
    context["moves"] = move_forms(request, petition, agencies=agencies, bound=form)
    return render(request, "petitions/detail.html", context, status=400)


def _focus_first_error(form):
    """The page opens at the move's form: the browser scrolls to an autofocused field."""
    names = [name for name in form.errors if name in form.fields] or list(form.fields)
    form.fields[names[0]].widget.attrs["autofocus"] = True


# ---------------------------------------------------------------------------
# Deadline lists


def _deadline_page(request, rows, title, template="petitions/deadlines.html", **extra):
    page, query = paginate(request, rows)
    _decorate(page.object_list, request.user, localdate())
    return render(request, template, {"page": page, "query": query, "title": title, **extra})


def my_deadlines(request):
    rows = Petition.objects.visible_to(request.user).active().open().filter(handler=request.user)
    rows = rows.for_list().order_by("due_on", "pk")
    return _deadline_page(request, rows, _("My deadlines"))


def overdue(request):
    today = localdate()
    rows = Petition.objects.visible_to(request.user).active().overdue(today).for_list().order_by("due_on", "pk")
    referrals = (
        Referral.objects.visible_to(request.user)
        .overdue(today)
        .select_related("agency", "petition")
        .order_by("reply_due_on", "pk")[:100]
    )
    return _deadline_page(request, rows, _("Overdue"), referrals=list(referrals), show_referrals=True)


@role_required(*MANAGERS)
def awaiting_approval(request):
    rows = Petition.objects.visible_to(request.user).active().filter(awaiting_approval_q())
    rows = rows.for_list().order_by("due_on", "pk")
    return _deadline_page(request, rows, _("Awaiting my approval"))


def awaiting_approval_q():
    return Q(status=Petition.Status.AWAITING_APPROVAL) | Q(
        extension_requested_on__isnull=False,
        extension_approved_on__isnull=True,
        status__in=[Petition.Status.ACCEPTED, Petition.Status.IN_PROGRESS],
    )
