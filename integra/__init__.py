"""Integra: one system for integrating migrants and protecting migrant workers."""
