"""Core pages, one module per area."""
