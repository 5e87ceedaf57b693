"""The office's outbound link to HQ (Open Dental's eConnector) and HQ's end of it.

One WebSocket, opened by the office, carries every relayed request; many are in flight at
once, matched to their answers by id. Nothing here imports the web framework: HQ's route
adapts its WebSocket to ``FrameSocket``.
"""
