"""One router module per Open Dental resource."""
