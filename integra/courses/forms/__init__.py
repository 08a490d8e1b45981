"""The course forms: one module per family of pages."""
