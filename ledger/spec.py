"""What a kind of ledger is: a declarative list of columns, a check of each row, and a row → service call."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from directory.models import OrgUnit, UnitLookupError

from . import cells
from .cells import CellError


def read_text(max_length: int = 0) -> Callable:
    def read(value) -> str:
        value = cells.text(value)
        if max_length and len(value) > max_length:
            raise CellError(_("At most %(n)s characters.") % {"n": max_length})
        return value

    return read


def read_date(value) -> str | None:
    day = cells.parse_date(value)
    return day.isoformat() if day else None


def as_date(value) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header in the template, as offices write it
    synonyms: tuple[str, ...] = ()
    required: bool = False
    read: Callable = read_text()
    note: str = ""  # what the template's notes sheet says about the column (lazy text)
    example: object = ""


class Choices:
    """Reads a choice by its Chinese or English label, its code, or a synonym offices use."""

    def __init__(self, choices, synonyms: dict[str, str] | None = None, default: str = ""):
        self.choices, self.synonyms, self.default = choices, synonyms or {}, default
        self._lookup = None

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            found = {}
            for value, label in self.choices.choices:
                found[cells.key(value)] = value
                for language in ("en", "zh-hans"):
                    with translation.override(language):
                        found[cells.key(str(label))] = value
            found.update({cells.key(word): value for word, value in self.synonyms.items()})
            self._lookup = found
        return self._lookup

    def __call__(self, value) -> str:
        raw = cells.text(value)
        if not raw:
            return self.default
        found = self.lookup().get(cells.key(raw))
        if found is None:
            names = "、".join(str(label) for _value, label in self.choices.choices)
            raise CellError(_("“%(value)s” is not one of: %(names)s.") % {"value": raw, "names": names})
        return found

    def label_of(self, value) -> str:
        return dict(self.choices.choices).get(value, "")

    def names(self) -> str:
        return "、".join(str(label) for _value, label in self.choices.choices)


@dataclass
class Row:
    """One line of the file while it is checked; stored as JSON in the batch."""

    line: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # [{"column": header as written, "message": …}]
    status: str = "new"  # new, duplicate, error
    person: dict | None = None  # an existing person the row names: {"id", "name", "url"}
    duplicate: dict | None = None  # {"label", "url"} of an existing record, or {"line"} of an earlier row
    summary: str = ""
    headers: dict = field(default_factory=dict, repr=False)  # column key → header as written
    found_person: object = field(default=None, repr=False)  # the Person `person` names, while the row is checked

    def error(self, column_key: str, message) -> None:
        self.errors.append({"column": self.headers.get(column_key, column_key), "message": str(message)})
        self.status = "error"

    def as_json(self) -> dict:
        return {
            "line": self.line,
            "status": self.status,
            "values": self.values,
            "errors": self.errors,
            "person": self.person,
            "duplicate": self.duplicate,
            "summary": self.summary,
        }

    @classmethod
    def from_json(cls, data: dict, headers: dict) -> "Row":
        return cls(
            line=data["line"],
            values=dict(data["values"]),
            status=data["status"],
            person=data.get("person"),
            duplicate=data.get("duplicate"),
            summary=data.get("summary", ""),
            headers=headers,
        )


class Context:
    """Who imports into which unit, and what a file's rows look up again and again (read once)."""

    def __init__(self, *, user, unit: OrgUnit, today: date | None = None):
        self.user, self.unit, self.today = user, unit, today or localdate()
        self.units = OrgUnit.objects.visible_to(user)
        self._units: dict[str, OrgUnit | str] = {}
        self.cache: dict = {}

    def unit_for(self, text: str) -> OrgUnit:
        """The unit a row names (by code or name), or the batch's unit; outside the importer's scope is not found."""
        text = (text or "").strip()
        if not text:
            return self.unit
        if text not in self._units:
            try:
                self._units[text] = self.units.resolve(text)
            except UnitLookupError as error:
                self._units[text] = str(error.message)
        found = self._units[text]
        if isinstance(found, str):
            raise CellError(found)
        return found

    def unit_by_pk(self, pk: int) -> OrgUnit:
        """A unit a checked row named, read again (once) on import; still within the importer's scope."""
        if pk == self.unit.pk:
            return self.unit
        by_pk = self.cache.setdefault("unit_by_pk", {})
        if pk not in by_pk:
            by_pk[pk] = self.units.get(pk=pk)
        return by_pk[pk]


class Kind:
    """A kind of ledger. Subclasses declare `columns` and implement the four methods below."""

    key: str
    label: str
    model: type[Model]
    columns: list[Column]
    template_name: str  # the downloaded template's file name, without extension

    def labels(self) -> dict[str, str]:
        """Every accepted header (compared loosely) → column key."""
        found = {cells.key(column.label): column.key for column in reversed(self.columns)}
        for column in self.columns:
            for name in column.synonyms:
                found.setdefault(cells.key(name), column.key)
        return found

    def column_keys(self) -> set[str]:
        return {column.key for column in self.columns}

    def check(self, row: Row, ctx: Context) -> None:
        """Rules across the row's cells; resolve what it names. Add errors with `row.error`."""

    def prefetch(self, rows: list[Row], ctx: Context) -> None:
        """Read at once what `existing` will look up for these checked rows (into `ctx.cache`); optional."""

    def check_unit(self, row: Row, ctx: Context, column: str = "unit") -> OrgUnit | None:
        """The unit the row names (or the batch's); a unit outside the importer's scope is an error of the row."""
        try:
            unit = ctx.unit_for(row.values.get(column, ""))
        except CellError as error:
            row.error(column, error)
            return None
        row.values["unit_id"] = unit.pk
        return unit

    def check_order(self, row: Row, ctx: Context, *keys: str) -> None:
        """Dates that must follow each other (each on or after the one before), none after today."""
        previous = None
        for name in keys:
            day = as_date(row.values.get(name))
            if day is None:
                continue
            if day > ctx.today:
                row.error(name, _("The date cannot be in the future."))
            elif previous is not None and day < previous[1]:
                row.error(
                    name,
                    _("This date comes before %(column)s.") % {"column": row.headers.get(previous[0], previous[0])},
                )
            previous = (name, day)

    def file_key(self, row: Row):
        """What makes two rows of one file the same record (None: never)."""
        return None

    def existing(self, row: Row, ctx: Context):
        """The record already in the database that this row repeats, or None."""
        return None

    def create(self, row: Row, ctx: Context) -> Model:
        """Write the row through the app's services; returns the record made."""
        raise NotImplementedError

    def void(self, record, *, by, reason: str) -> None:
        """Void a record this kind made (undo of a batch)."""
        raise NotImplementedError

    def link(self, record) -> dict:
        """How a row's result names and links the record (an existing duplicate, or the one made)."""
        return {"id": record.pk, "label": str(record), "url": record.get_absolute_url()}

    def records(self) -> QuerySet:
        return self.model._default_manager.all()
