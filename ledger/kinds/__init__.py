"""The kinds of ledger that can be imported, most important first."""

from .petitions import PetitionLedger

KINDS = {kind.key: kind for kind in [PetitionLedger()]}
