"""The Celery app. Tasks live in each app's tasks.py and take ids, not objects.

Settings come from Django settings (``CELERY_*``). With no REDIS_URL the
broker is in-memory and tasks run eagerly in-process (the embedded default).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings")

app = Celery("cop", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Defaults Django settings may override (they are read first, lazily).
for name, value in {
    # A worker reserves one task at a time: with acks_late, a crash then
    # returns only that task to the queue, and long sweeps don't starve others.
    "worker_prefetch_multiplier": 1,
    # A task whose worker process was killed (OOM, deploy) is redelivered;
    # only idempotent tasks set acks_late, so running it again is safe.
    "task_reject_on_worker_lost": True,
    # Fail fast when the broker is down so a web request is not held up;
    # unsent emails are picked up by the periodic sweep.
    "broker_connection_timeout": 3,
    "task_publish_retry_policy": {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    },
}.items():
    app.conf.setdefault(name, value)
app.autodiscover_tasks()
