"""HQ's HTTP routers (``/apikeys``, practice tokens and sessions, API Setup, usage...).

They sit above the runtime and the gateway, apart from HQ's domain modules, so that ``hq``
never imports the web framework and no part imports back into one that imports it.
"""
