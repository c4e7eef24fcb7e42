"""Connections to a database other than the configured one, named by URL (backup, restore, the move to PostgreSQL)."""

import uuid
from contextlib import contextmanager

import environ
from django.db import DEFAULT_DB_ALIAS, connections


def config_for(url: str | None) -> dict:
    """The Django settings of the database at `url` (the configured one when None)."""
    if not url:
        return connections[DEFAULT_DB_ALIAS].settings_dict
    return environ.Env.db_url_config(url)


@contextmanager
def connection_to(url: str):
    """A Django connection to the database at `url`, under a throw-away alias, closed afterwards."""
    alias = f"extra_{uuid.uuid4().hex[:8]}"
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], alias: config_for(url)}
    )
    connections.settings[alias] = configured[alias]
    connection = connections[alias]
    # Connect while the alias is not yet listed: Django's test cases refuse a
    # listed alias they were not told about, and allow one made on the fly.
    del connections.settings[alias]
    try:
        connection.ensure_connection()
    finally:
        connections.settings[alias] = configured[alias]
    try:
        yield connection
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def user_tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        return [t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")]


def postgres_env(config: dict) -> dict:
    """libpq's environment for pg_dump / pg_restore (the password never on a command line)."""
    env = {
        "PGHOST": config.get("HOST") or "",
        "PGPORT": str(config.get("PORT") or ""),
        "PGUSER": config.get("USER") or "",
        "PGPASSWORD": config.get("PASSWORD") or "",
        "PGDATABASE": config.get("NAME") or "",
    }
    if sslmode := (config.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return {k: v for k, v in env.items() if v}


def postgres_url(config: dict, name: str) -> str:
    """The URL of another database `name` on the same PostgreSQL server as `config`."""
    user = config.get("USER") or ""
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{at}{config.get('HOST') or 'localhost'}{port}/{name}"


def create_postgres_database(config: dict, name: str) -> None:
    from psycopg import sql

    with _server(config) as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres_database(config: dict, name: str) -> None:
    from psycopg import sql

    with _server(config) as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def _server(config):
    import psycopg

    conn = psycopg.connect(
        dbname="postgres",
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        autocommit=True,
    )
    try:
        with conn.cursor() as cursor:
            yield cursor
    finally:
        conn.close()
