"""Rows inserted many at a time with fewer layers than ``QuerySet.bulk_create`` (ADR 1235).

Bulk issuing stores a chunk of credentials, their ids and their claim e-mails in one transaction
(ADR 1234). ``bulk_create`` builds the same ``INSERT ... VALUES (...), (...) RETURNING id`` but
spends, per value, a resolve-expression check, a placeholder check and a list copy: measured, a
fifth of a bulk worker's CPU went to building the statements of its inserts, more than to
running them. ``insert_rows`` keeps what matters of ``bulk_create``: each field's own
``pre_save`` (``auto_now_add``) and ``get_db_prep_save`` (the database's form of a JSON, UUID or
datetime value), the backend's batch size (SQLite's 999 parameters a statement), the primary keys
set on the objects from ``RETURNING``, the objects marked saved. The database checks the rows'
constraints as for any insert; the model's defaults were applied when the objects were made.
Like ``bulk_create``, it sends no ``pre_save``/``post_save`` signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model


def insert_rows(objs: Sequence[Model]) -> None:
    """Insert ``objs`` (all of one model, new) in as few statements as the database takes, in the
    caller's transaction, and set their primary keys. A refused row (a unique or foreign key
    constraint) raises ``IntegrityError`` as ``bulk_create`` does."""
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    auto = meta.auto_field
    if auto is not None and any(obj.pk is not None for obj in objs):
        raise ValueError("insert_rows inserts new rows: an object has a primary key already")
    fields = [f for f in meta.concrete_fields if f is not auto and not getattr(f, "generated", False)]
    if auto is not None and not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(objs)  # an old SQLite (before 3.35): no RETURNING
        return
    quote = connection.ops.quote_name
    returning = auto is not None
    size = max(1, connection.ops.bulk_batch_size(fields, objs) or len(objs))
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "  # noqa: S608 - names from the model, values as parameters
    tail = f" RETURNING {quote(auto.column)}" if auto is not None else ""
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            part = objs[start : start + size]
            params: list[Any] = [
                f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in part for f in fields
            ]
            cursor.execute(head + ", ".join([row] * len(part)) + tail, params)
            if returning:
                for obj, (pk,) in zip(part, cursor.fetchall(), strict=True):
                    obj.pk = pk
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
