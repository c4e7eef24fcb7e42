"""Legal-aid pages, one module per resource (as in `legal_aid/api/`): fetch (scoped) → service → message → redirect.

`legal_aid/urls.py` names each view by its module.
"""
