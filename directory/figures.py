"""Helpers shared by every app's `figures.py`: rates with their denominators."""

from dataclasses import dataclass
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
