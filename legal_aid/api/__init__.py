"""Legal-aid resources of the API: cases and their steps, protection orders, police warnings, assessors.

Same rules as the pages in `views/`: scoped querysets, the same roles per step,
every write through `services`, masking of the client's / victim's ID number,
the access log on reading a record, optimistic locking (`If-Match` or `version`).
"""

from directory.rest import router

from .assessors import AssessorHearingViewSet, AssessorViewSet
from .cases import LegalAidCaseViewSet
from .orders import ProtectionOrderViewSet
from .police_warnings import PoliceWarningViewSet

router.register("legal-aid-cases", LegalAidCaseViewSet, basename="legal-aid-case")
router.register("protection-orders", ProtectionOrderViewSet, basename="protection-order")
router.register("police-warnings", PoliceWarningViewSet, basename="police-warning")
router.register("assessors", AssessorViewSet, basename="assessor")
router.register("assessor-hearings", AssessorHearingViewSet, basename="assessor-hearing")
