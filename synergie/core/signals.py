"""Signals by which the core asks the apps above it for their part, without importing them."""

from django.dispatch import Signal

# Sent by the periodic maintenance task; each receiver does its own housekeeping and returns a
# dict of numbers for the report (e.g. {"index_missing": 0}).
maintenance_due = Signal()

# Sent when a task was interrupted too many times and is given up (`task_path`, `args`,
# `kwargs`): the app that queued it marks what was waiting for it as failed.
task_abandoned = Signal()

# Sent by /healthz; each receiver returns {"name": {"ok": bool, ...numbers}}.
health_check = Signal()

# Sent inside the transaction of `synergie restore`, after the archive's rows are loaded: what a
# process keeps outside the database (the matching index's files) must not outlive it.
database_restored = Signal()
