"""dentin: an API platform for dental practices (HQ gateway + Open Dental-shaped office API)."""

from dentin.sqlite_setup import quiet_memory_counts

__version__ = "0.1.0"

# Before anything imports sqlite3: SQLite takes this setting only before it starts.
quiet_memory_counts()
