"""Helpers shared by every app's `figures.py`: rates with their denominators, breakdowns by sub-unit."""

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal


def ratio(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator as a percentage with one decimal (95.6), None when nothing to divide."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rate:
    """A rate always carries its numerator and denominator (43 of 45 → 95.6%)."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        return ratio(self.numerator, self.denominator)

    def __str__(self) -> str:
        return "—" if self.percent is None else f"{self.percent}%"


def by_branch(figures_class, *groups):
    """One `figures_class` per branch from grouped query rows; a figure no group gives is 0.

    Each group is `(rows, {field: row_key})`, its rows dicts with a `branch`
    key (from `ScopedQuerySet.by_branch`); rows of the same branch add up.

        by_branch(CaseBranch, (case_rows, {"aided": "n"}), (order_rows, {"orders": "n"}))
    """
    names = [f.name for f in fields(figures_class)]
    tallies: dict[str, dict] = {}
    for rows, mapping in groups:
        for row in rows:
            entry = tallies.setdefault(row["branch"], dict.fromkeys(names, 0))
            for name, key in mapping.items():
                entry[name] += row[key] or 0
    return {branch: figures_class(**entry) for branch, entry in tallies.items()}
