"""Input and output schemas of the monitoring API, one module per router."""
