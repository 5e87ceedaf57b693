"""Key formats, keyed hashing and the verification cache. No web framework in here."""
