"""Service and Local modes: the office's own server for the office API, on the office network.

It serves the same office routers as HQ and the connector, through an edge of its own: keys are
verified by HQ once over the connector link and then answered locally, re-verified whenever HQ
says credentials changed, and still honoured for a grace period while HQ is unreachable. It
imports nothing of HQ: everything it knows of keys comes over the link.
"""
