"""Panels on a record's page contributed by apps above the record's own app.

The official documents of a petition, a legal-aid case or an event are issued
by the `documents` app, which sits above them; their pages show its panel
without importing it. An app registers `@record_panel("petitions.petition")`
functions `(request, record) -> dict | None` returning
{"template": ..., **context}; the record's view passes
`panels_for_record(request, record)` to its template, which includes each.
"""

_panels: dict[str, list] = {}


def record_panel(model_label: str):
    def register(func):
        _panels.setdefault(model_label, []).append(func)
        return func

    return register


def panels_for_record(request, record) -> list[dict]:
    found = []
    for func in _panels.get(record._meta.label_lower, []):
        panel = func(request, record)
        if panel:
            found.append(panel)
    return found
