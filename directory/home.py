"""Panels on the home page, contributed by each app's `home_panels` module.

A panel is a function `(request) -> dict | None` returning
{"title": ..., "template": ..., **context}; `None` hides it. Apps register
with `@home_panel(order)`, so the home page shows each user their own work
without `directory` importing the apps above it.
"""

_panels: list[tuple[int, object]] = []


def home_panel(order: int = 100):
    def register(func):
        _panels.append((order, func))
        _panels.sort(key=lambda pair: pair[0])
        return func

    return register


def panels_for(request) -> list[dict]:
    result = []
    for _order, func in _panels:
        panel = func(request)
        if panel:
            result.append(panel)
    return result
