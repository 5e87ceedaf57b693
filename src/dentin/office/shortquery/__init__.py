"""ShortQuery: read-only SQL in Open Dental's MySQL dialect, run safely on the office database.

``plan`` parses and checks the text (``policy`` says what is allowed), ``compat`` rewrites
MySQL functions for the office's backend as sqlglot nodes, ``render`` binds every value and
``verify`` checks the finished SQL once more, and ``execute`` runs it on a connection that
cannot write, under a time limit, one exact page at a time, streamed up to a size cap.
``apikey`` is never read by the query: ``served`` gives it only the caller's permitted rows.
"""

from dentin.office.shortquery.caller import ShortQueryCaller
from dentin.office.shortquery.execute import run_short_query
from dentin.office.shortquery.translate import Plan, plan

__all__ = ["Plan", "ShortQueryCaller", "plan", "run_short_query"]
