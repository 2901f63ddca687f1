"""The job queue (procrastinate on PostgreSQL). Jobs are enqueued in the same transaction as the
change that needs them, so they commit or vanish with it."""

from mpanel.jobs.queue import enqueue, enqueue_many, queue, runtime

__all__ = ["enqueue", "enqueue_many", "queue", "runtime"]
