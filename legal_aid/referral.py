"""A legal-aid application pre-filled from the petition it comes from."""

from django.urls import NoReverseMatch, reverse

from petitions.models import Petition, PetitionParty

from .models import LegalAidCase

# Petition sub-categories (a lookup table seeded by petitions) → legal-aid causes.
CAUSES = {
    "家庭暴力": LegalAidCase.Cause.DOMESTIC_VIOLENCE,
    "离婚": LegalAidCase.Cause.DIVORCE,
    "子女抚养": LegalAidCase.Cause.CUSTODY,
    "探视": LegalAidCase.Cause.VISITATION,
    "赡养": LegalAidCase.Cause.MAINTENANCE,
    "扶养": LegalAidCase.Cause.MAINTENANCE,
    "财产分割": LegalAidCase.Cause.PROPERTY,
    "继承": LegalAidCase.Cause.INHERITANCE,
    "劳动权益": LegalAidCase.Cause.LABOUR,
    "人身伤害": LegalAidCase.Cause.INJURY,
}


def petitions_for_referral(user):
    return (
        Petition.objects.visible_to(user)
        .active()
        .select_related("org_unit", "subcategory")
        .prefetch_related("parties__person")
    )


def initial_from_petition(petition: Petition) -> dict:
    """Client (the victim, else the first petitioner), unit, cause and facts taken from the petition."""
    parties = sorted(petition.parties.all(), key=lambda p: (p.role != PetitionParty.Role.VICTIM, p.pk))
    client = next((p.person for p in parties if p.role != PetitionParty.Role.RESPONDENT), None)
    subcategory = petition.subcategory.name if petition.subcategory else ""
    cause = CAUSES.get(subcategory, LegalAidCase.Cause.OTHER)
    initial = {
        "org_unit": petition.org_unit_id,
        "cause": cause,
        "facts": "\n".join(part for part in (petition.facts, petition.request) if part),
    }
    if client is not None:
        initial["client"] = client.pk
    if cause == LegalAidCase.Cause.DOMESTIC_VIOLENCE:
        initial["eligibility"] = LegalAidCase.Eligibility.EXEMPT_DV
    return initial


def petition_url(petition: Petition | None) -> str | None:
    """The petition's page, when the petitions app serves one."""
    if petition is None:
        return None
    try:
        return petition.get_absolute_url()
    except NoReverseMatch:
        return None


def referral_link(petition: Petition) -> str:
    return f"{reverse('legal_aid:case_create')}?petition={petition.pk}"
