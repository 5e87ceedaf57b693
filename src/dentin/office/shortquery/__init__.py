"""ShortQuery: read-only SQL in Open Dental's MySQL dialect, run safely on the office database.

``plan`` parses and checks the text (``policy`` says what is allowed), ``compat`` rewrites
MySQL functions for the office's backend, and ``execute`` runs the result on a connection that
cannot write, under a time limit, one exact page at a time.
"""

from dentin.office.shortquery.execute import run_short_query
from dentin.office.shortquery.translate import Plan, plan

__all__ = ["Plan", "plan", "run_short_query"]
