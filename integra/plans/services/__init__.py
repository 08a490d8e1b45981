"""Writes of programmes, assessments and plans; each module is one family of use cases."""
