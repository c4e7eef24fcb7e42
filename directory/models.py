"""Units, staff, people and partners; and the pieces every app builds on.

`Role`, `ScopedQuerySet` (the one scoping rule) and `staff_of` live here, with
the models they need, so that `directory.roles` imports this module and never
the other way round.
"""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .encryption import (
    PHONE_TAIL,
    BlindIndexField,
    EncryptedCharField,
    blind_index,
    index_fields_for,
    refresh_blind_indexes,
)
from .locking import VersionedModel
from .validators import normalize_id_number, normalize_phone, validate_id_number, validate_phone

PATH_SEGMENT = 6  # digits per level of the materialized path


class Role(models.TextChoices):
    CLERK = "clerk", _("Intake clerk")
    HANDLER = "handler", _("Case handler")
    MANAGER = "manager", _("Manager")
    # 三员分立 (GB/T 22239-2019 level 3): the system administrator manages
    # accounts, roles and reference data; the security administrator the
    # sign-in protection; the auditor alone reads the audit trail.
    ADMIN = "admin", _("System administrator")
    SECURITY = "security", _("Security administrator")
    AUDITOR = "auditor", _("Auditor")


class InFirst(models.lookups.In):
    """`column IN (subquery)`; on PostgreSQL `column = ANY(ARRAY(subquery))`.

    PostgreSQL runs the array's subquery once, before planning the rest, and
    then reads the records through the index on the column; given an IN
    subquery it guesses the subquery's size, and when it guesses large it reads
    the whole table (or walks a list's ordering index testing every row).
    For a subquery that selects few rows of a large table: a subtree's units,
    the petitions a search found.
    """

    lookup_name = "in_first"

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class SubtreeIn(InFirst):
    """A record's unit among a subtree's units (`ScopedQuerySet.within`)."""

    lookup_name = "in_subtree"


models.ForeignKey.register_lookup(SubtreeIn)
models.Field.register_lookup(InFirst)
models.ForeignKey.register_lookup(InFirst)


class ScopedQuerySet(models.QuerySet):
    """Base for every queryset that reaches a user: the one scoping rule.

    A user sees the records whose unit lies in their subtree.

    `scope_field` names the path from the model to its OrgUnit; subclasses
    override it (for example "petition__org_unit").
    """

    scope_field = "org_unit"

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        staff = staff_of(user)
        if staff is None:
            return self.none()
        return self.within(staff.org_unit)

    def within(self, unit):
        """Records of `unit` and every unit under it.

        The subtree's unit ids come from one indexed prefix filter on the unit
        table, as a subquery: the records are then found through the index on
        their unit column (a township's few thousand among a million rows),
        where a join filtering on the path would read the whole table.

        A whole tree (a unit with no parent: the city) is most of the table:
        there the join on the unit's path is the cheaper plan (PostgreSQL hashes
        the units and reads the records in one pass; testing each record's unit
        against an array of 1,500 ids took 8 times as long, README "Measured at
        one million petitions").
        """
        if unit.parent_id is None:  # a whole tree: most of the table, read by a join (or a scan)
            return self.filter(**{f"{self.scope_field}__path__startswith": unit.path})
        subtree = OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
        return self.filter(**{f"{self.scope_field}__{SubtreeIn.lookup_name}": subtree})

    def by_branch(self, parent):
        """Annotate each record with `branch`: the path of the direct sub-unit of `parent` it falls under.

        Records of `parent` itself get `parent.path`. Grouping on `branch`
        gives a breakdown by sub-unit (rolled up over each sub-unit's own
        subtree) in one query; reports filter `.within(parent)` first.
        """
        return self.annotate(branch=Substr(f"{self.scope_field}__path", 1, len(parent.path) + PATH_SEGMENT))


class UnitLookupError(ValueError):
    """A unit named by code or name could not be told: none matches, or several do."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class UnitNotFound(UnitLookupError):
    pass


class AmbiguousUnit(UnitLookupError):
    def __init__(self, message, candidates):
        super().__init__(message)
        self.candidates = candidates


# GB/T 2260 gives a county 6 digits; the statistical code adds 3 for the
# township and 3 for the village. A shorter code is the unit itself, not its
# subtree: 440282 is the county 440282000000, 440282100 the township 440282100000.
CODE_PADDING = {6: "000000", 9: "000", 12: ""}
MAX_CANDIDATES = 10


def full_code(text: str) -> str | None:
    """The 12-digit code a 6-, 9- or 12-digit code stands for; None if `text` is not one."""
    if text.isascii() and text.isdigit() and len(text) in CODE_PADDING:
        return text + CODE_PADDING[len(text)]
    return None


def short_code(code: str) -> str:
    """The shortest form of a 12-digit code that still names the unit (440282000000 → 440282)."""
    for length in sorted(CODE_PADDING):
        if len(code) == 12 and code.endswith(CODE_PADDING[length]):
            return code[:length]
    return code


class OrgUnitQuerySet(ScopedQuerySet):
    scope_field = ""

    def within(self, unit):
        return self.filter(path__startswith=unit.path)

    def villages(self):
        return self.filter(level=OrgUnit.Level.VILLAGE)

    def resolve(self, text, *, ids: bool = False) -> "OrgUnit":
        """The one unit among these that `text` names, or `UnitNotFound` / `AmbiguousUnit`.

        `text` is a division code (6, 9 or 12 digits: 440282 and 440282000
        both mean 440282000000) or a unit's exact name (南雄市; 南雄市妇联 also
        finds it). With `ids`, any other whole number is a unit's id, as the
        API and the list filters have always taken. Call it on a scoped
        queryset (`visible_to(user)`): a unit outside it is simply not found.
        """
        text = str(text if text is not None else "").strip()
        not_found = UnitNotFound(_("No unit matches “%(text)s”.") % {"text": text[:50]})
        if not text or "\x00" in text or len(text) > 100:
            raise not_found
        code = full_code(text)
        if code is not None:
            unit = self.filter(code=code).first()
        elif text.isascii() and text.isdigit():
            unit = self.filter(pk=int(text)).first() if ids and len(text) < 10 else None
        else:
            return self._by_name(text, not_found)
        if unit is None:
            raise not_found
        return unit

    def _by_name(self, name: str, not_found: UnitLookupError) -> "OrgUnit":
        names = [name] + ([name.removesuffix("妇联")] if name.endswith("妇联") and len(name) > 2 else [])
        found = list(self.filter(name__in=names).select_related("parent").order_by("path")[: MAX_CANDIDATES + 1])
        exact = [unit for unit in found if unit.name == name]
        found = exact or found
        if not found:
            raise not_found
        if len(found) > 1:
            listed = "; ".join(unit.described() for unit in found[:MAX_CANDIDATES])
            raise AmbiguousUnit(
                _("“%(text)s” names more than one unit; give its code instead: %(candidates)s")
                % {"text": name, "candidates": listed + ("…" if len(found) > MAX_CANDIDATES else "")},
                found[:MAX_CANDIDATES],
            )
        return found[0]


class OrgUnit(models.Model):
    """A federation unit: city → district/county → township → village."""

    class Level(models.IntegerChoices):
        CITY = 1, _("City")
        DISTRICT = 2, _("District / county")
        TOWNSHIP = 3, _("Township / subdistrict")
        VILLAGE = 4, _("Village / community")

    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    code = models.CharField(
        _("division code"),
        max_length=12,
        blank=True,
        help_text=_("12-digit administrative division code (GB/T 2260 + statistical code)."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # "0000010000070000031" style: one fixed-width segment per level, so that
    # a unit's subtree is `path LIKE '<its path>%'` on one index.
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=1)
    history = HistoricalRecords()

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="orgunit_code_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.pk:
            self.path = f"tmp-{id(self)}"
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
        old_path = self.path
        self.path = (self.parent.path if self.parent else "") + f"{self.pk:0{PATH_SEGMENT}d}"
        self.depth = len(self.path) // PATH_SEGMENT
        super().save(*args, **kwargs)
        if old_path != self.path and not old_path.startswith("tmp-"):
            # Moved under another parent: carry the subtree along.
            for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child.path = self.path + child.path[len(old_path) :]
                child.depth = len(child.path) // PATH_SEGMENT
                child.save(update_fields=["path", "depth"])

    def get_absolute_url(self):
        return reverse("directory:unit", args=[self.pk])

    def contains(self, other: "OrgUnit") -> bool:
        return other.path.startswith(self.path)

    @property
    def short_code(self) -> str:
        """The code as people write it: 440282 for a county, 440282100 for a township."""
        return short_code(self.code) if self.code else ""

    def described(self) -> str:
        """Name, parent and code, to tell apart units of the same name (needs `parent` loaded)."""
        where = [self.parent.name] if self.parent_id else []
        return f"{self.name} ({', '.join([*where, self.code or f'id {self.pk}'])})"


class StaffProfile(models.Model):
    """Every staff user belongs to one org unit with one role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff", verbose_name=_("user")
    )
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    title = models.CharField(_("job title"), max_length=50, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        permissions = [
            ("view_identifiers", _("Can see whole ID numbers and phone numbers")),
            ("export_identifiable", _("Can export lists with identifiable rows")),
            ("export_csv", _("Can export in CSV")),
            ("export_xlsx", _("Can export in XLSX (Excel)")),
            ("export_docx", _("Can download reports in Word (DOCX) or Markdown")),
            ("export_pdf", _("Can download reports in PDF")),
            ("manage_reference_data", _("Can manage users and reference data")),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"


def staff_of(user) -> StaffProfile | None:
    """The user's staff profile with its unit, read once per request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_staff_cache"):
        if StaffProfile.user.field.remote_field.is_cached(user):  # read with her (`select_related(*WITH_STAFF)`)
            user._staff_cache = getattr(user, "staff", None)
        else:
            user._staff_cache = StaffProfile.objects.select_related("org_unit").filter(user_id=user.pk).first()
    return user._staff_cache


# What a request reads with its user, so that `staff_of` needs no query of its own.
WITH_STAFF = ("staff__org_unit",)


def remember_staff(user, profile: StaffProfile) -> None:
    """After her unit or role changed: this copy of her has the new profile, and reads her permissions afresh."""
    user._state.fields_cache["staff"] = user._staff_cache = profile
    for cached in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cached, None)


# A trigram index (PostgreSQL, migration 0012) finds a fragment of a name three characters long
# or more; a shorter one (a surname and a given name are often one character each) is found
# through the index of each name's characters and pairs of characters (migration 0013).
SHORT_NAME_FRAGMENT = 2


class NameGrams(models.Func):
    """The characters and pairs of characters of a name, upper-cased (PostgreSQL only: migration 0013)."""

    function = "directory_name_grams"

    def __init__(self, expression):
        from django.contrib.postgres.fields import ArrayField

        super().__init__(expression, output_field=ArrayField(models.TextField()))


class PersonQuerySet(ScopedQuerySet):
    """ID numbers, phones and addresses are encrypted (directory.encryption): they are found
    through their blind indexes, never by filtering on the fields themselves."""

    def with_id_number(self, id_number: str):
        """The person with this whole ID number (normalised: spaces dropped, x → X)."""
        key = blind_index("id_number", id_number)
        return self.filter(id_number_hash=key) if key else self.none()

    def with_phone(self, phone: str):
        """People with this whole phone number (its digits; separators and extension ignored)."""
        key = blind_index("phone", phone)
        return self.filter(phone_hash=key) if key else self.none()

    def with_phone_tail(self, digits: str):
        """People whose phone number ends in these four digits."""
        key = blind_index("phone_tail", digits) if len(digits) == PHONE_TAIL else ""
        return self.filter(phone_tail_hash=key) if key else self.none()

    def search(self, text: str):
        """By name, pinyin or initials; a whole ID number; a whole phone number or its last four digits.

        The encrypted fields are matched whole (or by the phone's tail) through
        their keyed hashes: a part of a number in the middle finds nothing.
        """
        text = (text or "").strip()
        if not text:
            return self
        compact = text.replace(" ", "").lower()
        people, name = self, Q(full_name__icontains=text)
        if len(text) <= SHORT_NAME_FRAGMENT and connections[self.db].vendor == "postgresql":
            people, name = self.alias(name_grams=NameGrams("full_name")), Q(name_grams__contains=[text.upper()])
        query = name
        # Pinyin and initials are Latin letters only (pinyin_keys drops what is not a Chinese
        # character): a fragment without one is looked for in names alone, one index searched,
        # and no OR for the database to test on every person the index found.
        if any(c.isascii() and c.isalpha() for c in compact):
            query |= Q(name_pinyin__startswith=compact) | Q(name_initials=compact)
        digits = compact.replace("-", "")
        if digits[:-1].isdigit() and len(digits) >= PHONE_TAIL:
            if len(digits) == PHONE_TAIL and digits.isdigit():
                query |= Q(phone_tail_hash=blind_index("phone_tail", digits))
            elif len(digits) == 18:
                query |= Q(id_number_hash=blind_index("id_number", digits))
            if digits.isdigit() and len(digits) > PHONE_TAIL:
                query |= Q(phone_hash=blind_index("phone", compact))
        return people.filter(query)

    def for_list(self):
        # Lists show masked ID and phone numbers but never the address: not decrypted.
        return self.select_related("org_unit").defer("address")

    def update(self, **kwargs):
        """As QuerySet.update; a new ID number or phone also rewrites its blind indexes."""
        for name in index_fields_for(self.model, kwargs):
            field = self.model._meta.get_field(name)
            value = kwargs[field.source]
            if not hasattr(value, "resolve_expression"):
                kwargs.setdefault(name, blind_index(field.kind, value))
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        """As QuerySet.bulk_update; the blind indexes of the fields given are rewritten too."""
        objs = list(objs)
        extra = index_fields_for(self.model, fields)
        for obj in objs:
            refresh_blind_indexes(obj)
        return super().bulk_update(objs, [*fields, *[f for f in extra if f not in fields]], *args, **kwargs)

    def matching(self, *, id_number: str = "", phone: str = "", name: str = ""):
        """The people who are the one described: the same ID number; or, where either has none, the same phone and name.

        The one place a person is looked up by her identifiers (ledger import),
        so that an encrypted column with a blind index changes only here.
        """
        id_number = normalize_id_number(id_number) if id_number else ""
        phone, name = normalize_phone(phone), (name or "").strip()
        query = Q(pk__in=[])
        if id_number:
            query |= Q(id_number_hash=blind_index("id_number", id_number))
        if phone and name:
            id_key = blind_index("id_number", id_number)
            same_id = (Q(id_number_hash="") | Q(id_number_hash=id_key)) if id_number else Q()
            query |= Q(phone_hash=blind_index("phone", phone), full_name=name) & same_id
        return self.filter(query)


class Person(VersionedModel):
    """Someone the office serves: victim, petitioner, beneficiary."""

    class Gender(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    class Education(models.TextChoices):
        NONE = "none", _("No schooling")
        PRIMARY = "primary", _("Primary school")
        JUNIOR = "junior", _("Junior secondary")
        SENIOR = "senior", _("Senior secondary")
        VOCATIONAL = "vocational", _("Vocational")
        COLLEGE = "college", _("Junior college")
        BACHELOR = "bachelor", _("Bachelor")
        POSTGRADUATE = "postgraduate", _("Postgraduate")

    class Marital(models.TextChoices):
        SINGLE = "single", _("Unmarried")
        MARRIED = "married", _("Married")
        DIVORCED = "divorced", _("Divorced")
        WIDOWED = "widowed", _("Widowed")
        SEPARATED = "separated", _("Separated")

    class Hukou(models.TextChoices):
        RURAL = "rural", _("Rural")
        URBAN = "urban", _("Urban")

    full_name = models.CharField(_("full name"), max_length=50)
    name_pinyin = models.CharField(max_length=200, editable=False, db_index=True)
    name_initials = models.CharField(max_length=50, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default=Gender.FEMALE)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    # Encrypted at rest; searched through the blind indexes below (directory.encryption).
    id_number = EncryptedCharField(_("ID number"), max_length=18, blank=True, validators=[validate_id_number])
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    address = EncryptedCharField(_("address"), max_length=200, blank=True)
    id_number_hash = BlindIndexField(source="id_number", kind="id_number")
    phone_hash = BlindIndexField(source="phone", kind="phone", db_index=True)
    # The last four digits, as clerks search; 10 000 possible values, so its
    # hash tells equal tails apart and nothing more (docs/ENCRYPTION.md).
    phone_tail_hash = BlindIndexField(source="phone", kind="phone_tail", db_index=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit of residence"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The village or community she lives in, or the unit that registered her."),
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True, default="汉族")
    education = models.CharField(_("education"), max_length=16, choices=Education.choices, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=16, choices=Marital.choices, blank=True)
    hukou = models.CharField(_("hukou type"), max_length=8, choices=Hukou.choices, blank=True)
    is_poor = models.BooleanField(_("poor"), default=False)
    is_low_income = models.BooleanField(_("low-income (dibao)"), default=False)
    is_extremely_poor = models.BooleanField(_("extremely poor (tekun)"), default=False)
    is_single_mother = models.BooleanField(_("single mother"), default=False)
    is_disabled = models.BooleanField(_("disabled"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=[
            "name_pinyin",
            "name_initials",
            "updated_at",
            "id_number_hash",
            "phone_hash",
            "phone_tail_hash",
        ]
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_pinyin", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="person_id_number_hash_unique",
                violation_error_message=_("A person with this ID number is already registered."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("directory:person", args=[self.pk])

    def save(self, *args, **kwargs):
        self.id_number = normalize_id_number(self.id_number) if self.id_number else ""
        self.phone = normalize_phone(self.phone)
        self.name_pinyin, self.name_initials = pinyin_keys(self.full_name)
        refresh_blind_indexes(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            update_fields = {*update_fields, "name_pinyin", "name_initials"}
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *index_fields_for(Person, update_fields)}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # The uniqueness of ID numbers is checked on their hash: compute it before the constraints are.
        refresh_blind_indexes(self)

    def age_on(self, day: date) -> int | None:
        if not self.birth_date:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    @property
    def is_minor(self) -> bool:
        age = self.age_on(date.today())
        return age is not None and age < 18

    @property
    def is_elderly(self) -> bool:
        age = self.age_on(date.today())
        return age is not None and age >= 60

    def vulnerability_labels(self) -> list[str]:
        flags = [
            (self.is_poor, _("poor")),
            (self.is_low_income, _("low-income (dibao)")),
            (self.is_extremely_poor, _("extremely poor (tekun)")),
            (self.is_single_mother, _("single mother")),
            (self.is_disabled, _("disabled")),
            (self.is_minor, _("minor")),
            (self.is_elderly, _("elderly")),
        ]
        return [label for on, label in flags if on]


# Surnames read differently from the same character in ordinary words.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "乐": "yue",
    "尉": "yu",
    "覃": "qin",
    "翟": "zhai",
    "盖": "ge",
    "种": "chong",
    "缪": "miao",
    "黑": "he",
}


def pinyin_keys(name: str) -> tuple[str, str]:
    """Toneless pinyin and initials of a name: 张三 → ("zhangsan", "zs"), 曾丽华 → ("zenglihua", "zlh").

    pypinyin is imported here, at the first name written, not with the models: its phrase
    dictionary takes some 56 MB, which a process that writes no person (an export, a report)
    need not hold. The phrases are kept: without them given names read wrong (长青 zhangqing,
    朝阳 chaoyang, 重阳 zhongyang).
    """
    from pypinyin import lazy_pinyin

    name = (name or "").strip()
    syllables = [s.lower() for s in lazy_pinyin(name, errors="ignore") if s.strip()]
    if name and name[0] in SURNAME_READINGS and syllables:
        syllables[0] = SURNAME_READINGS[name[0]]
    return "".join(syllables), "".join(s[0] for s in syllables)


class Agency(models.Model):
    """A partner agency the office refers matters to or works with."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        COURT = "court", _("Court")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        JUSTICE = "justice", _("Justice bureau")
        CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        HUMAN_RESOURCES = "human_resources", _("Human resources and social security")
        GOVERNANCE = "governance", _("Comprehensive governance office")
        ANTI_DRUG = "anti_drug", _("Anti-drug office")
        YOUTH_LEAGUE = "youth_league", _("Youth league")
        LEGAL_AID = "legal_aid", _("Legal-aid centre")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="agencies")
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner agency")
        verbose_name_plural = _("partner agencies")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="agency_unique_per_unit")]

    def __str__(self):
        return self.name


class VolunteerTeam(models.Model):
    name = models.CharField(_("name"), max_length=100)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Volunteer(models.Model):
    class Profession(models.TextChoices):
        LAWYER = "lawyer", _("Lawyer")
        JUDGE = "judge", _("Judge")
        PROSECUTOR = "prosecutor", _("Prosecutor")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        OTHER = "other", _("Other")

    full_name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Person.Gender.choices, default=Person.Gender.FEMALE)
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="volunteers"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name


class ServicePointQuerySet(ScopedQuerySet):
    def open_on(self, day: date):
        return self.filter(Q(opened_on__lte=day), Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class ServicePoint(models.Model):
    class Kind(models.TextChoices):
        DV_COMPLAINT = "dv_complaint", _("DV complaint point")
        WORKSTATION = "workstation", _("Women's rights workstation")
        POLICE_DV_ALARM = "police_dv_alarm", _("Police DV alarm point")
        LEGAL_AID_STATION = "legal_aid_station", _("Legal-aid station")
        MEDIATION = "mediation", _("Mediation committee")
        FAMILY_SCHOOL = "family_school", _("Family-education school")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="service_points"
    )
    host_agency = models.ForeignKey(
        Agency, verbose_name=_("host agency"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    opened_on = models.DateField(_("opened on"))
    # A point is closed down (撤销), not a case closed (结案): the words differ in Chinese.
    closed_on = models.DateField(pgettext_lazy("service point", "closed on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["org_unit__path", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="servicepoint_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.name


class AccessLogQuerySet(ScopedQuerySet):
    # An entry belongs to the unit of the staff member who made it.
    scope_field = "user__staff__org_unit"


class AccessLog(models.Model):
    """Who read a person's full record, downloaded a file or exported rows."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed full record")
        EXPORT = "export", _("Exported rows")
        DOWNLOAD = "download", _("Downloaded a file")
        API = "api", _("API access")
        PURGE = "purge", _("Purged old entries")
        # Sign-in security events (directory.twofactor, directory.security_views).
        OTP_ENROL = "otp_enrol", _("Set up two-factor sign-in")
        OTP_REMOVE = "otp_remove", _("Removed an authenticator")
        OTP_RECOVERY = "otp_recovery", _("Signed in with a recovery code")
        OTP_NEW_CODES = "otp_new_codes", _("Made new recovery codes")
        OTP_RESET = "otp_reset", _("Reset a user's two-factor sign-in")
        UNLOCK = "unlock", _("Unlocked a sign-in lockout")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    target_label = models.CharField(_("what"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The chain (directory.audit): this row's HMAC over its content and its predecessor's.
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access-log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.target_label}"


class AuditChainHead(models.Model):
    """The digest of the newest access-log row; locked while a row is appended (directory.audit)."""

    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.last_hash


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A per-user API token; only its SHA-256 digest is stored, the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 12338 hotline platform.")
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… {self.name}"


class PasswordHistory(models.Model):
    """One row per password a user has had: the hash only, never the password.

    The newest row's date is when the current password was set (for expiry);
    the last few hashes refuse a reused password.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_history",
        verbose_name=_("user"),
    )
    password = models.CharField(_("password hash"), max_length=128, editable=False)
    set_at = models.DateTimeField(_("set at"), db_index=True)

    class Meta:
        verbose_name = _("password history entry")
        verbose_name_plural = _("password history")
        ordering = ["-set_at", "-pk"]
        indexes = [models.Index(fields=["user", "-set_at"], name="password_history_latest")]

    def __str__(self):
        return f"{self.user_id} @ {self.set_at:%Y-%m-%d %H:%M}"
