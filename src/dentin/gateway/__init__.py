"""The gateway: who is calling, may they, how often, and which office answers."""
