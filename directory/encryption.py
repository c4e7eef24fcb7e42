"""Sensitive fields encrypted at rest (PIPL), searchable through keyed hashes.

An ID number, a phone number or a home address is stored as a Fernet token
(AES-128-CBC + HMAC-SHA256, `cryptography`): a dump of the database, a
backup file or a replica's disk shows no identifier. Search by a whole ID
number, a whole phone number or a phone's last four digits goes through
*blind indexes*: HMAC-SHA256 of the normalised value under a separate key,
in their own indexed columns (`BlindIndexField`).

Why `cryptography` directly and not django-fernet-encrypted-fields: it is
already pinned, its `MultiFernet` gives rotation (the first key encrypts,
every key decrypts, `rotate` re-encrypts), and the field is some forty
lines; the package derives its keys from SECRET_KEY + a salt, which ties the
data to SECRET_KEY, and has no blind index, so the search half would have to
be written here anyway.

Keys come from the environment:
- ``FIELD_ENCRYPTION_KEYS``: Fernet keys (``Fernet.generate_key()``),
  comma-separated, newest first. Add a key in front, run
  ``manage.py rotate_field_keys``, then drop the old one (docs/ENCRYPTION.md).
- ``BLIND_INDEX_KEY``: any long random string, never the same as above.
Unset (development, tests), both are derived from SECRET_KEY and
``check --deploy`` warns (directory.W002, W003).

Writers that bypass the ORM (raw SQL, COPY, a bulk generator) call
`encrypt_value` and `blind_index`; through the ORM (save, bulk_create,
bulk_update, queryset.update on people) give plain text: the fields encrypt.
"""

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connections, models, transaction
from django.db.models.lookups import Exact, IsNull

from .validators import normalize_id_number, normalize_phone

# Every Fernet token starts with version byte 0x80 and a 64-bit timestamp whose
# top bytes are zero for millennia: "gAAAAA" in urlsafe base64. The shortest
# token (empty text) is 100 characters.
TOKEN_PREFIX = "gAAAAA"
MIN_TOKEN_LENGTH = 100
BLIND_INDEX_KINDS = ("id_number", "phone", "phone_tail")
PHONE_TAIL = 4


class UndecryptableValue(ImproperlyConfigured):
    """A stored token no key in FIELD_ENCRYPTION_KEYS opens."""


_cache: dict = {}


def _reset_cache(**kwargs):
    if kwargs.get("setting") in (None, "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "SECRET_KEY"):
        _cache.clear()


setting_changed.connect(_reset_cache)


def _derived(label: str) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), label.encode(), hashlib.sha256).digest()


def configured_keys() -> list[str]:
    keys = getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or []
    if isinstance(keys, str):
        keys = keys.split(",")
    return [k.strip() for k in keys if k.strip()]


def _fernets() -> MultiFernet:
    if "fernet" not in _cache:
        keys = configured_keys() or [base64.urlsafe_b64encode(_derived("rights-office field encryption")).decode()]
        try:
            fernets = [Fernet(key) for key in keys]
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe base64 bytes)."
            ) from None
        _cache["fernet"] = MultiFernet(fernets)
        _cache["primary"] = fernets[0]
    return _cache["fernet"]


def _primary() -> Fernet:
    _fernets()
    return _cache["primary"]


def _index_key() -> bytes:
    if "index" not in _cache:
        key = getattr(settings, "BLIND_INDEX_KEY", "")
        _cache["index"] = key.encode() if key else _derived("rights-office blind index")
    return _cache["index"]


def is_token(value) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX) and len(value) >= MIN_TOKEN_LENGTH


def encrypt_value(text: str | None) -> str | None:
    """The token to store for `text`, under the newest key; "" and None are stored as they are.

    For writers that bypass the ORM (raw SQL, COPY). Through the ORM, give
    plain text: an `EncryptedCharField` encrypts it (and never twice).
    """
    if text is None or text == "":
        return text
    return _fernets().encrypt(str(text).encode()).decode()


def decrypt_value(value: str | None) -> str | None:
    """The text a stored value holds. A value that is no token is read as it is (legacy plain text)."""
    if not is_token(value):
        return value
    try:
        return _fernets().decrypt(value.encode()).decode()
    except InvalidToken:
        raise UndecryptableValue(
            "A stored value could not be decrypted with any key in FIELD_ENCRYPTION_KEYS: was a key removed "
            "before rotate_field_keys finished, or the database restored from a backup taken under another key?"
        ) from None


def plain(value):
    """`value` decrypted if it is one of our tokens, else itself."""
    return decrypt_value(value) if is_token(value) else value


def rotate_value(value: str) -> tuple[str, str]:
    """(new stored value, what happened): "current", "rotated" or "encrypted" (was plain text)."""
    if not value:
        return value, "current"
    if not is_token(value):
        return encrypt_value(value), "encrypted"
    try:
        _primary().decrypt(value.encode())
        return value, "current"
    except InvalidToken:
        pass
    try:
        return _fernets().rotate(value.encode()).decode(), "rotated"
    except InvalidToken:
        decrypt_value(value)  # raises the explanatory error
        raise


def phone_digits(value: str) -> str:
    """The digits of a phone number without any extension: 0751-3822123-12 → 07513822123."""
    number = normalize_phone(value or "")
    if number.startswith("0") and number.count("-") >= 2:
        number = number.rsplit("-", 1)[0]
    return re.sub(r"\D", "", number)


def normalise_for_index(kind: str, text: str) -> str:
    if kind == "id_number":
        return normalize_id_number(text) if text else ""
    digits = phone_digits(text)
    if kind == "phone":
        return digits
    if kind == "phone_tail":
        return digits[-PHONE_TAIL:] if len(digits) >= PHONE_TAIL else ""
    raise ValueError(f"Unknown blind-index kind {kind!r}; one of {BLIND_INDEX_KINDS}.")


def blind_index(kind: str, text: str | None) -> str:
    """HMAC-SHA256 (hex) of `text` normalised for `kind`; "" for an empty value.

    `kind` is "id_number" (18 characters, x → X), "phone" (its digits, no
    extension) or "phone_tail" (the last four of those digits). The kind is
    part of the message, so equal texts of two kinds never share a hash.
    Writers that bypass the ORM fill the `*_hash` columns with it.
    """
    normalised = normalise_for_index(kind, plain(text or ""))
    if not normalised:
        return ""
    return hmac.new(_index_key(), f"{kind}\x00{normalised}".encode(), hashlib.sha256).hexdigest()


class EmptyOnlyExact(Exact):
    """`field=""` still works (blank or not); comparing a ciphertext with anything else cannot."""

    def get_prep_lookup(self):
        if not hasattr(self.rhs, "resolve_expression") and self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: look it up through its blind index "
                "(Person.objects.with_id_number(), .with_phone(), .search())."
            )
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):
    """A CharField to forms, validators and serializers (max_length counts the plain text);
    a text column holding a Fernet token in the database.

    Only `isnull` and `= ""` lookups exist: a filter on the value raises
    FieldError instead of silently finding nothing. Ordering by it is
    meaningless and must not be used.
    """

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return decrypt_value(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or is_token(value):
            return value
        return encrypt_value(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def get_transform(self, lookup_name):
        return None


class BlindIndexField(models.CharField):
    """The keyed hash of another field (`source`), kept up to date on every insert and save.

    `pre_save` runs in `save()` and `bulk_create()`; `bulk_update()` and
    `update()` go through the model's queryset (see `PersonQuerySet`).
    """

    def __init__(self, *args, source: str, kind: str, **kwargs):
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        for key, default in (("max_length", 64), ("blank", True), ("default", ""), ("editable", False)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def value_for(self, instance) -> str:
        return blind_index(self.kind, getattr(instance, self.source))

    def pre_save(self, model_instance, add):
        value = self.value_for(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def refresh_blind_indexes(instance) -> list[str]:
    """Set every blind index of `instance` from its current values; their names."""
    names = []
    for field in instance._meta.concrete_fields:
        if isinstance(field, BlindIndexField):
            setattr(instance, field.attname, field.value_for(instance))
            names.append(field.name)
    return names


def index_fields_for(model, sources) -> list[str]:
    """The blind-index fields of `model` computed from any of `sources` (field names)."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField) and f.source in set(sources)]


# -- whole tables: the data migrations and rotate_field_keys ------------------


def encrypted_tables(models_iter):
    """(model, encrypted columns, {hash column: (kind, source column)}) for models with encrypted fields."""
    for model in models_iter:
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        encrypted = [f.column for f in meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if not encrypted:
            continue
        by_name = {f.name: f for f in meta.concrete_fields}
        indexes = {
            f.column: (f.kind, by_name[f.source].column) for f in meta.concrete_fields if isinstance(f, BlindIndexField)
        }
        yield model, encrypted, indexes


def process_table(model, encrypted: list[str], indexes: dict, *, using="default", batch_size=1000, decrypt=False):
    """Encrypt (or with `decrypt`, write back as plain text) every row of `model`'s table, batch by batch.

    Reads and writes raw column values (no field conversion), so it works
    on a migration's historical model as on the real one, on SQLite and
    PostgreSQL. Rows already under the newest key are left alone: running
    it again does nothing. Each batch commits on its own when the caller
    runs outside a transaction. Returns counts by outcome.
    """
    connection = connections[using]
    qn = connection.ops.quote_name
    meta = model._meta
    table, pk = qn(meta.db_table), meta.pk.column
    hash_columns = list(indexes)
    columns = [*encrypted, *hash_columns]
    select = f"SELECT {qn(pk)}, {', '.join(qn(c) for c in columns)} FROM {table} %s ORDER BY {qn(pk)} LIMIT {int(batch_size)}"
    counts = {"rows": 0, "rows_changed": 0, "rotated": 0, "encrypted": 0, "decrypted": 0, "indexes_fixed": 0}
    last = None
    while True:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                # History tables are append-only (directory.audit); the trigger lets this
                # transaction change their encrypted columns, and only those.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('rights_office.reencrypt', 'on', true)")
            with connection.cursor() as cursor:
                if last is None:
                    cursor.execute(select % "")
                else:
                    cursor.execute(select % f"WHERE {qn(pk)} > %s", [last])
                rows = cursor.fetchall()
            if not rows:
                break
            updates = []
            for row in rows:
                key, values = row[0], dict(zip(columns, row[1:], strict=True))
                plain_values = {c: plain(values[c]) for c in encrypted}
                new = {}
                for column in encrypted:
                    if decrypt:
                        stored, outcome = plain_values[column], ("decrypted" if is_token(values[column]) else "current")
                    else:
                        stored, outcome = rotate_value(values[column])
                    if outcome != "current":
                        counts[outcome] += 1
                        new[column] = stored
                for column, (kind, source) in indexes.items():
                    wanted = blind_index(kind, plain_values.get(source, ""))
                    if (values[column] or "") != wanted:
                        counts["indexes_fixed"] += 1
                        new[column] = wanted
                counts["rows"] += 1
                if new:
                    updates.append((key, {**values, **new}, [values[c] for c in columns]))
            if updates:
                counts["rows_changed"] += len(updates)
                # Only where the row still holds what was read: an edit saved meanwhile (the app
                # keeps running during a rotation) is never overwritten; the next run takes it.
                sets = ", ".join(f"{qn(c)} = %s" for c in columns)
                same = " AND ".join(f"{qn(c)} = %s" for c in columns)
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET {sets} WHERE {qn(pk)} = %s AND {same}",
                        [[*(vals[c] for c in columns), key, *old] for key, vals, old in updates],
                    )
            last = rows[-1][0]
    return counts


def migrate_model(apps, schema_editor, label: str, *, decrypt=False):
    """For a data migration: encrypt (or decrypt, reversing) one model's table, e.g. "directory.Person".

    On PostgreSQL a history table's append-only trigger (directory.audit) is
    switched off meanwhile: the trigger installed before this migration does
    not know the encrypted columns yet. `migrate` reinstalls it at its end.
    """
    connection = schema_editor.connection
    for model, encrypted, indexes in encrypted_tables([apps.get_model(label)]):
        table = connection.ops.quote_name(model._meta.db_table)
        trigger = connection.vendor == "postgresql" and _has_trigger(connection, model._meta.db_table)
        if trigger:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER append_only")
        process_table(model, encrypted, indexes, using=connection.alias, decrypt=decrypt)
        if trigger:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER append_only")


def _has_trigger(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'append_only' AND tgrelid = to_regclass(%s)",
            [connection.ops.quote_name(table)],
        )
        return cursor.fetchone() is not None
