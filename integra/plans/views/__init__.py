"""Pages of the plans app: caseload, programmes, questionnaires, assessments, plans.

Thin, like the API: parse, call one service or selector, render.
"""
