"""Backups: the database and the uploaded files in one checked archive, and their restore.

An archive (`rights-office-backup-<UTC time>.tar.gz`) holds

- `database/db.pgdump` (PostgreSQL: `pg_dump` custom format, one consistent
  snapshot) or `database/db.sqlite3` (SQLite: the online backup API, consistent
  while others write);
- `media/…`: every file under MEDIA_ROOT (attachments, issued reports);
- `manifest.json`, written last: the app's version and git commit, the engine,
  when it was made, the migrations applied, and the size and SHA-256 of every
  other member.

A sidecar `<archive>.sha256` (the `sha256sum` format) holds the whole file's
digest. The database is copied before the files: a file is written before the
row that names it is committed, so every file the copied rows name is there.

`restore_backup` checks everything before it touches anything: a damaged,
truncated or altered archive, one made by a newer version of the app or from
another engine, a target database that is not empty (without `force`) or a
file in MEDIA_ROOT that the archive would overwrite with other content
(without `force`) is refused with a `BackupError` saying why.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .databases import config_for, connection_to, postgres_env, user_tables

FORMAT = 1
MANIFEST = "manifest.json"
PREFIX = "rights-office-backup-"
SUFFIX = ".tar.gz"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be restored here; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class Verified:
    manifest: dict
    root: Path  # where the members were extracted


# ---------------------------------------------------------------------------
# Making a backup


def engine_of(config: dict) -> str:
    engine = config["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def app_identity() -> dict:
    base = Path(settings.BASE_DIR)
    try:
        version = tomllib.loads((base / "pyproject.toml").read_text())["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = ""
    commit = os.environ.get("APP_COMMIT", "")
    if not commit and (base / ".git").exists():
        try:
            commit = subprocess.run(
                ["git", "rev-parse", "HEAD"], cwd=base, capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            commit = ""
    return {"name": "rights-office", "version": version, "commit": commit}


def applied_migrations(connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _dump_database(connection, into: Path) -> Path:
    engine = engine_of(connection.settings_dict)
    if engine == "sqlite":
        target = into / "db.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    target = into / "db.pgdump"
    _run(["pg_dump", "--format=custom", "--file", str(target)], postgres_env(connection.settings_dict), "pg_dump")
    return target


def _run(command, env, what):
    try:
        done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{what} is not installed (apt-get install postgresql-client).") from error
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip()[-2000:]}")


def _media_files(media_root: Path):
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, PurePosixPath("media", *path.relative_to(media_root).parts).as_posix()


class _Hashing:
    """A file reader that hashes what tarfile reads from it."""

    def __init__(self, fileobj):
        self.fileobj, self.digest, self.size = fileobj, hashlib.sha256(), 0

    def read(self, n=-1):
        data = self.fileobj.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(archive: tarfile.TarFile, path: Path, name: str) -> dict:
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as source:
        reader = _Hashing(source)
        archive.addfile(info, reader)
    return {"size": reader.size, "sha256": reader.digest.hexdigest()}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def make_backup(*, output_dir=None, keep: int | None = None, using: str = DEFAULT_DB_ALIAS) -> Path:
    """Write one archive of the database and MEDIA_ROOT to `output_dir`; keep only the newest `keep`."""
    output = Path(output_dir or settings.BACKUP_DIR)
    output.mkdir(parents=True, exist_ok=True, mode=0o700)
    connection = connections[using]
    if connection.in_atomic_block:
        # The snapshot would miss (PostgreSQL) or wait forever on (SQLite) this transaction's own writes.
        raise BackupError("A backup is made outside any transaction: call make_backup after committing.")
    created = datetime.now(UTC)
    final = output / f"{PREFIX}{created:%Y%m%dT%H%M%S%fZ}{SUFFIX}"
    partial = final.with_name(final.name + ".partial")
    members = {}
    with tempfile.TemporaryDirectory(prefix="backup-") as work:
        dump = _dump_database(connection, Path(work))
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the archive holds personal data
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                database_member = f"database/{dump.name}"
                members[database_member] = _add(archive, dump, database_member)
                for path, name in _media_files(Path(settings.MEDIA_ROOT)):
                    members[name] = _add(archive, path, name)
                manifest = {
                    "format": FORMAT,
                    "app": app_identity(),
                    "created_at": created.isoformat(),
                    "engine": engine_of(connection.settings_dict),
                    "database": database_member,
                    "migrations": applied_migrations(connection),
                    "members": members,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o600
                archive.addfile(info, _BytesReader(data))
            partial.rename(final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    final.with_name(final.name + ".sha256").write_text(f"{file_sha256(final)}  {final.name}\n")
    if keep is not None:
        prune(output, keep=keep)
    return final


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, n=-1):
        end = len(self.data) if n is None or n < 0 else self.offset + n
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def archives_in(directory: Path) -> list[Path]:
    """The backup archives in `directory`, oldest first (their names sort by time)."""
    return sorted(p for p in Path(directory).glob(f"{PREFIX}*{SUFFIX}") if p.is_file())


def prune(directory: Path, *, keep: int) -> list[Path]:
    """Remove all but the newest `keep` archives (and their .sha256); returns what was removed."""
    if keep < 1:
        raise ValueError("Keep at least one backup.")
    doomed = archives_in(directory)[:-keep]
    for path in doomed:
        path.unlink()
        path.with_name(path.name + ".sha256").unlink(missing_ok=True)
    return doomed


# ---------------------------------------------------------------------------
# Checking an archive


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive holds a file outside its own folders ({name!r}): refused.")
    return path


def verify_archive(path, into) -> Verified:
    """Extract `path` into `into`, checking every member against the manifest; raise BackupError if anything is off."""
    path, into = Path(path), Path(into)
    if not path.is_file():
        raise BackupError(f"No backup archive at {path}.")
    sidecar = path.with_name(path.name + ".sha256")
    if sidecar.is_file():
        expected = sidecar.read_text().split()[0] if sidecar.read_text().split() else ""
        if file_sha256(path) != expected:
            raise BackupError(
                f"{path.name} does not match its checksum file {sidecar.name}: the archive was damaged or changed."
            )
    found = {}
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            for member in archive:
                name = _safe_member_path(member.name).as_posix()
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(f"The archive holds something other than a file ({name!r}): refused.")
                if name in found:
                    raise BackupError(f"The archive holds {name!r} twice: refused.")
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                source = archive.extractfile(member)
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"The archive {path.name} is damaged or truncated and cannot be read ({error}).") from error
    if MANIFEST not in found:
        raise BackupError(f"The archive {path.name} has no manifest: it is not a complete Rights Office backup.")
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        listed = manifest["members"]
        manifest["engine"], manifest["database"], manifest["migrations"]  # noqa: B018 (all must be there)
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The manifest of {path.name} cannot be read: the archive was damaged or changed.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name} is a backup of format {manifest.get('format')}; this version reads {FORMAT}.")
    del found[MANIFEST]
    if set(found) != set(listed):
        missing, extra = sorted(set(listed) - set(found)), sorted(set(found) - set(listed))
        raise BackupError(f"The archive's files differ from its manifest (missing {missing}, not listed {extra}).")
    for name, actual in found.items():
        if listed[name].get("sha256") != actual["sha256"] or listed[name].get("size") != actual["size"]:
            raise BackupError(f"{name} in the archive does not match its SHA-256 checksum: the archive was damaged.")
    if manifest["database"] not in found:
        raise BackupError("The archive holds no database.")
    return Verified(manifest=manifest, root=into)


# ---------------------------------------------------------------------------
# Restoring


def _unknown_migrations(manifest: dict) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    ]


def _media_conflicts(verified: Verified, media_root: Path) -> list[str]:
    clashes = []
    for name, listed in verified.manifest["members"].items():
        if not name.startswith("media/"):
            continue
        existing = media_root / PurePosixPath(name).relative_to("media")
        if existing.exists() and (not existing.is_file() or file_sha256(existing) != listed["sha256"]):
            clashes.append(name)
    return clashes


def restore_backup(path, *, database_url: str | None = None, media_root=None, force: bool = False) -> dict:
    """Check the archive, then restore its database and files; returns its manifest. Raises BackupError first if it cannot."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    config = config_for(database_url)
    with tempfile.TemporaryDirectory(prefix="restore-") as work:
        verified = verify_archive(path, work)
        manifest = verified.manifest
        target_engine = engine_of(config)
        if manifest["engine"] != target_engine:
            raise BackupError(
                f"This is a backup of a {manifest['engine']} database and the target is {target_engine}: "
                "restore it into the same kind of database (to move from SQLite to PostgreSQL, restore it "
                "into SQLite, then run manage.py move_to_postgres)."
            )
        unknown = _unknown_migrations(manifest)
        if unknown:
            raise BackupError(
                f"This backup was made by a newer version of Rights Office (migrations unknown here: "
                f"{', '.join(unknown[:5])}). Install that version, then restore."
            )
        with _target_connection(database_url) as connection:
            tables = user_tables(connection)
        if tables and not force:
            raise BackupError(
                f"The target database is not empty ({len(tables)} tables). Restore into an empty database, "
                "or pass --force to replace what it holds."
            )
        clashes = _media_conflicts(verified, media_root)
        if clashes and not force:
            raise BackupError(
                f"{len(clashes)} file(s) in MEDIA_ROOT would be overwritten with other content "
                f"(first: {clashes[0]}). Restore into an empty MEDIA_ROOT, or pass --force."
            )
        dump = verified.root / manifest["database"]
        if target_engine == "sqlite":
            _restore_sqlite(dump, config)
        else:
            _restore_postgres(dump, config, clean=bool(tables))
        for name in manifest["members"]:
            if name.startswith("media/"):
                destination = media_root / PurePosixPath(name).relative_to("media")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(verified.root / name, destination)
    return manifest


def _target_connection(database_url):
    if database_url:
        return connection_to(database_url)
    from contextlib import nullcontext

    connections[DEFAULT_DB_ALIAS].close()  # its file or database is about to be replaced
    return nullcontext(connections[DEFAULT_DB_ALIAS])


def _restore_sqlite(dump: Path, config: dict) -> None:
    name = str(config["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("Cannot restore into an in-memory SQLite database: name a file.")
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(dump), sqlite3.connect(name)
    try:
        source.backup(target)  # replaces the target's whole content in one step
    finally:
        source.close()
        target.close()


def _restore_postgres(dump: Path, config: dict, *, clean: bool) -> None:
    # One transaction: if anything fails, the target is left as it was.
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        command += ["--clean", "--if-exists"]
    command += ["--dbname", config["NAME"], str(dump)]
    _run(command, postgres_env(config), "pg_restore")
