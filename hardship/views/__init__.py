"""Hardship-support pages, one module per resource (as in `hardship/api/`).

`hardship/urls.py` names each view by its module.
"""
