"""Hardship resources of the API: programmes and their money, households, assistance,
housing units and their steps, training classes, enrolments and their steps.

Lists hold active records; a voided record can still be read by its id. Every write
goes through `hardship.services`; a move the record's state forbids is 409.
"""

from directory.rest import router

from .assistance import AssistanceViewSet
from .households import HouseholdViewSet
from .housing import HousingUnitViewSet
from .programmes import ProgrammeViewSet
from .training import EnrolmentViewSet, TrainingClassViewSet

router.register("hardship-programmes", ProgrammeViewSet, basename="hardship-programme")
router.register("households", HouseholdViewSet, basename="household")
router.register("assistance", AssistanceViewSet, basename="assistance")
router.register("housing-units", HousingUnitViewSet, basename="housing-unit")
router.register("training-classes", TrainingClassViewSet, basename="training-class")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
