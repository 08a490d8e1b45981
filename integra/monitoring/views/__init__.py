"""The statistics pages: thin, over monitoring's selectors and services."""
