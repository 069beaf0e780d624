"""What the migration tests share: migrate the test database to some migrations (``migrate``),
the latest ones (``latest``), and an autouse fixture to import into a migration test module
(``latest_schema_afterwards``): whatever a test migrated to, the next test on this worker finds
today's schema (a test that stops at an old migration would leave later columns missing for
every transactional test after it)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: Sequence[tuple[str, str | None]]) -> MigrationExecutor:
    """Migrate to ``targets``; the executor returned has its graph built again, so it can give
    the project state at any node."""
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    executor.loader.build_graph()
    return executor


def latest() -> list[tuple[str, str]]:
    """The latest migration of every app."""
    nodes: list[tuple[str, str]] = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return nodes


@pytest.fixture(autouse=True)
def latest_schema_afterwards() -> Iterator[None]:
    yield
    migrate(latest())
