"""API Events: Open Dental's subscriptions, captured by triggers, pushed signed, retried.

``capture`` installs the triggers that copy every change of a watched table into the outbox in
the writer's own transaction; ``subscriptions`` is the CRUD behind ``/subscriptions``;
``delivery`` is the worker that turns outbox rows into signed, ordered, retried POSTs; ``egress``
decides which destinations may be reached at all.
"""
