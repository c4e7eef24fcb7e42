"""Petition resources of the API: the register, one petition's timeline and files, every
workflow move as a POST action, and leader reception days.

Same rules as the pages by construction: querysets through `visible_to(user)`, the
roles of the page views (`views.INTAKE`, each `moves.Move`'s roles), the moves
the page offers (`moves._offered`), the page's filters (`PetitionFilter`), the
intake rules (`forms.check_petition_fields`) and every write through `services`.
"""

from directory.rest import router

from .viewsets import PetitionViewSet, ReceptionDayViewSet

router.register("petitions", PetitionViewSet, basename="petition")
router.register("reception-days", ReceptionDayViewSet, basename="reception-day")
