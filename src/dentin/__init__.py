"""dentin: an API platform for dental practices (HQ gateway + Open Dental-shaped office API)."""

__version__ = "0.1.0"
