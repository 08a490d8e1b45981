"""Pages of the services app: the partner directory (internal and public),
partnerships and referrals.

Thin, like the API: parse, call one service or selector, render.
"""
