"""The kinds of ledger that can be imported, most important first."""

from .hardship import AssistanceLedger
from .legal_aid import LegalAidLedger
from .outreach import EventLedger
from .petitions import PetitionLedger
from .protection import HearingLedger, ProtectionOrderLedger
from .training import EnrolmentLedger

KINDS = {
    kind.key: kind
    for kind in [
        PetitionLedger(),
        LegalAidLedger(),
        ProtectionOrderLedger(),
        HearingLedger(),
        AssistanceLedger(),
        EnrolmentLedger(),
        EventLedger(),
    ]
}
