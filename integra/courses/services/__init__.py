"""Every write of courses: one module per family of use cases."""
