"""Reference (lookup) rows in the reader's language.

A lookup table that users see (petition categories, laws, …) stores its
Chinese name in `name` and its English name in `name_en` (blank when nobody
has entered it yet). Everything that shows such a row asks for its name in
the active language through this module, never through `name` directly:

- on an instance: `row.local_name` (`LocalisedName` mixin; the model's `__str__` shows it, so
  forms, filters and the admin follow too);
- in a query: `local_name("category__")`, an expression to annotate or group
  on, so that a list or a figure never fetches names row by row.

Chinese (the default) reads `name`; English reads `name_en` and falls back to
`name` while the English name is blank. Names users enter themselves (units,
agencies, people, programmes) are not lookup rows and stay as entered.
"""

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation


def english() -> bool:
    """Whether the active language reads English names."""
    return (translation.get_language() or "").startswith("en")


def localised(name: str, name_en: str) -> str:
    return (name_en or name) if english() else name


def local_name(prefix: str = ""):
    """The name of the row at `prefix` ("" for the queryset's own rows) in the active language."""
    if english():
        return Coalesce(NullIf(F(f"{prefix}name_en"), Value("")), F(f"{prefix}name"))
    return F(f"{prefix}name")


def book_title(name: str) -> str:
    """A law's title as a text cites it: 《反家庭暴力法》 in Chinese, as is in English."""
    return name if english() else f"《{name}》"


def book_titles(names) -> str:
    """Several titles in a row: 《甲》《乙》 in Chinese, "A, B" in English."""
    names = [str(getattr(n, "local_name", n)) for n in names]
    return ", ".join(names) if english() else "".join(f"《{n}》" for n in names)


class LocalisedName:
    """Mixin for a model with `name` and `name_en`; the model's `__str__` should show `local_name`."""

    @property
    def local_name(self) -> str:
        return localised(self.name, self.name_en)
