"""A backup restores into an empty database with every row and every file; a damaged one is refused, nothing touched."""

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from directory.backup import BackupError, archives_in, make_backup, prune, verify_archive
from directory.databases import connection_to
from directory.privacy import log_access
from petitions.services import attach_file
from tests.ops.conftest import assert_same_databases, table_counts
from tests.petitions.factories import ensure_categories, make_petition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


@pytest.fixture
def office(settings, tmp_path, township_a, handler_a, clerk_a):
    """Petitions with history, timelines, attachments on disk and access-log rows."""
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_categories()
    petitions = [make_petition(unit=township_a, by=clerk_a) for _ in range(3)]
    make_petition(unit=township_a, by=handler_a, accepted_on=petitions[0].received_on)
    attach_file(petition=petitions[0], by=clerk_a, upload=SimpleUploadedFile("来信.pdf", PDF))
    attach_file(petition=petitions[1], by=clerk_a, upload=SimpleUploadedFile("照片.png", PNG))
    for petition in petitions:
        log_access(user=handler_a, action="view", target=petition)
    return petitions


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_every_row_and_file(
    office, settings, tmp_path, empty_database_url
):
    archive = make_backup(output_dir=tmp_path / "backups")
    manifest = verify_archive(archive, tmp_path / "check").manifest
    assert manifest["engine"] == connection.vendor.replace("postgresql", "postgresql")
    assert manifest["app"]["name"] == "rights-office" and manifest["app"]["version"]
    assert "directory" in manifest["migrations"] and "petitions" in manifest["migrations"]
    assert sum(name.startswith("media/attachments/") for name in manifest["members"]) == 2

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore", str(archive), database_url=empty_database_url, media_root=str(restored_media), stdout=io.StringIO()
    )

    with connection_to(empty_database_url) as restored:
        counts = assert_same_databases("default", restored.alias)
    assert counts["petitions_petition"] == 4 and counts["directory_accesslog"] == 3
    assert counts["petitions_historicalpetition"] >= 4
    assert _files(restored_media) == _files(Path(settings.MEDIA_ROOT))
    assert len(_files(restored_media)) == 2


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty_unless_forced(office, tmp_path, empty_database_url):
    archive = make_backup(output_dir=tmp_path / "backups")
    call_command(
        "restore", str(archive), database_url=empty_database_url, media_root=str(tmp_path / "m"), stdout=io.StringIO()
    )
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), database_url=empty_database_url, media_root=str(tmp_path / "m2"))
    call_command(
        "restore",
        str(archive),
        database_url=empty_database_url,
        media_root=str(tmp_path / "m"),
        force=True,
        stdout=io.StringIO(),
    )
    with connection_to(empty_database_url) as restored:
        assert_same_databases("default", restored.alias)


def _rewrite(archive: Path, change) -> None:
    """Rebuild the archive with `change(name, data) -> data` applied to each member (and no checksum file)."""
    members = []
    with tarfile.open(archive, "r:gz") as source:
        for member in source:
            members.append((member, source.extractfile(member).read()))
    with tarfile.open(archive, "w:gz") as target:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    archive.with_name(archive.name + ".sha256").unlink(missing_ok=True)


def _flip_bytes(archive: Path):
    data = bytearray(archive.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = bytes(b ^ 0xFF for b in data[middle : middle + 8])
    archive.write_bytes(bytes(data))


def _truncate(archive: Path):
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])


def _flip_without_checksum_file(archive: Path):
    archive.with_name(archive.name + ".sha256").unlink()
    _flip_bytes(archive)


def _change_an_attachment(archive: Path):
    _rewrite(
        archive, lambda name, data: data + b"tampered" if name.startswith("media/") and name.endswith(".pdf") else data
    )


def _wrong_checksum_in_manifest(archive: Path):
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        member = next(n for n in manifest["members"] if n.startswith("database/"))
        manifest["members"][member]["sha256"] = "0" * 64
        return json.dumps(manifest).encode()

    _rewrite(archive, change)


def _drop_the_manifest(archive: Path):
    members = []
    with tarfile.open(archive, "r:gz") as source:
        members = [(m, source.extractfile(m).read()) for m in source if m.name != "manifest.json"]
    with tarfile.open(archive, "w:gz") as target:
        for member, data in members:
            target.addfile(member, io.BytesIO(data))
    archive.with_name(archive.name + ".sha256").unlink()


def _not_gzip(archive: Path):
    archive.write_bytes(gzip.compress(b"not a tar file at all" * 100))
    archive.with_name(archive.name + ".sha256").unlink()


DAMAGE = [
    _flip_bytes,
    _truncate,
    _flip_without_checksum_file,
    _change_an_attachment,
    _wrong_checksum_in_manifest,
    _drop_the_manifest,
    _not_gzip,
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage", DAMAGE, ids=[d.__name__.strip("_") for d in DAMAGE])
def test_a_damaged_archive_is_refused_and_nothing_is_touched(office, tmp_path, empty_database_url, damage):
    archive = make_backup(output_dir=tmp_path / "backups")
    damage(archive)
    media = tmp_path / "restored-media"
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(archive), database_url=empty_database_url, media_root=str(media))
    with connection_to(empty_database_url) as target:
        assert table_counts(target) == {}
    assert not media.exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_a_newer_version_is_refused(office, tmp_path, empty_database_url):
    archive = make_backup(output_dir=tmp_path / "backups")

    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["petitions"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    _rewrite(archive, change)
    with pytest.raises(BackupError, match="newer version"):
        from directory.backup import restore_backup

        restore_backup(archive, database_url=empty_database_url, media_root=tmp_path / "m")


@pytest.mark.django_db(transaction=True)
def test_a_backup_keeps_only_the_newest_n(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "backups"
    made = [make_backup(output_dir=folder, keep=2) for _ in range(3)]
    assert archives_in(folder) == made[1:]
    assert not made[0].with_name(made[0].name + ".sha256").exists()
    assert made[2].with_name(made[2].name + ".sha256").read_text().endswith(f"  {made[2].name}\n")
    assert prune(folder, keep=1) == [made[1]]


@pytest.mark.django_db(transaction=True)
def test_the_backup_command_prints_the_archive_it_wrote(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "b"), keep=3, stdout=out)
    path = Path(out.getvalue().strip())
    assert path.is_file() and path.parent == tmp_path / "b"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_backup_inside_a_transaction_is_refused(db, tmp_path):
    with pytest.raises(BackupError, match="outside any transaction"):
        make_backup(output_dir=tmp_path)
