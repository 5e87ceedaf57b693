"""Several HQ processes (nodes, or ``serve --workers``) answering for one deployment.

A connected office's link ends in one process. ``holders`` keeps, in Redis, which process
holds which office's link; ``peer`` relays a request that reached another process to the holder
over its internal listener (``listener``), signed with the deployment's node secret
(``signing``). Without Redis none of this runs and a process answers only for its own links.
"""
