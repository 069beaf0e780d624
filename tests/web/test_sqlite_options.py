"""ADR 0609: every SQLite file database gets WAL, a busy timeout and IMMEDIATE transactions; an
in-memory one and PostgreSQL are left alone; options set by hand win."""

from __future__ import annotations

import dj_database_url

from microcred_web.config.settings.base import SQLITE_OPTIONS, with_sqlite_options


def test_a_sqlite_file_gets_wal_a_busy_timeout_and_immediate_transactions() -> None:
    database = with_sqlite_options(dj_database_url.parse("sqlite:////srv/microcred/var/microcred.sqlite3"))
    assert database["OPTIONS"] == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }


def test_memory_and_postgresql_are_left_alone_and_explicit_options_win() -> None:
    assert (
        "OPTIONS" not in with_sqlite_options(dj_database_url.parse("sqlite://:memory:"))
        or not (with_sqlite_options(dj_database_url.parse("sqlite://:memory:"))["OPTIONS"])
    )
    postgres = with_sqlite_options(dj_database_url.parse("postgresql://u@h:5432/db"))
    assert not set(SQLITE_OPTIONS) & set(postgres.get("OPTIONS", {}))
    mine = dj_database_url.parse("sqlite:////tmp/x.sqlite3")
    mine["OPTIONS"] = {"timeout": 60}
    assert with_sqlite_options(mine)["OPTIONS"]["timeout"] == 60
