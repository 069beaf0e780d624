"""Background tasks of bulk issuing, on Django's task framework (the django-tasks backport;
ADR 1101). A task is an adapter of one line: the work and its guarantees are in ``services``."""

from __future__ import annotations

from django_tasks import task

from microcred_web.bulk import services


@task()
def process_batch(batch_uuid: str) -> dict[str, int]:
    """Issue the pending items of one batch; returns the items counted by state."""
    return services.batch_process(batch_uuid=batch_uuid)
