"""HQ: developers, their keys, offices, customer keys and the audit log."""
