"""Outreach pages, one module per resource.

`outreach/urls.py` names each view by its module.
"""
