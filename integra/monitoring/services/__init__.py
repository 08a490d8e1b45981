"""Every write of the monitoring app, one module per family of use cases."""
