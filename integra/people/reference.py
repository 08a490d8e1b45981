"""ISCO-08 for skills (pure: no Django): the sub-major groups that every occupation
code starts with. Pages show codes; ISCED and CEFR levels are choices in models."""

from __future__ import annotations

# ISCO-08 sub-major groups (two digits); a unit-group code (up to four digits)
# must start with one of them.
ISCO_SUB_MAJOR: dict[str, str] = {
    "01": "Commissioned armed forces officers",
    "02": "Non-commissioned armed forces officers",
    "03": "Armed forces occupations, other ranks",
    "11": "Chief executives, senior officials and legislators",
    "12": "Administrative and commercial managers",
    "13": "Production and specialised services managers",
    "14": "Hospitality, retail and other services managers",
    "21": "Science and engineering professionals",
    "22": "Health professionals",
    "23": "Teaching professionals",
    "24": "Business and administration professionals",
    "25": "Information and communications technology professionals",
    "26": "Legal, social and cultural professionals",
    "31": "Science and engineering associate professionals",
    "32": "Health associate professionals",
    "33": "Business and administration associate professionals",
    "34": "Legal, social, cultural and related associate professionals",
    "35": "Information and communications technicians",
    "41": "General and keyboard clerks",
    "42": "Customer services clerks",
    "43": "Numerical and material recording clerks",
    "44": "Other clerical support workers",
    "51": "Personal service workers",
    "52": "Sales workers",
    "53": "Personal care workers",
    "54": "Protective services workers",
    "61": "Market-oriented skilled agricultural workers",
    "62": "Market-oriented skilled forestry, fishery and hunting workers",
    "63": "Subsistence farmers, fishers, hunters and gatherers",
    "71": "Building and related trades workers, excluding electricians",
    "72": "Metal, machinery and related trades workers",
    "73": "Handicraft and printing workers",
    "74": "Electrical and electronic trades workers",
    "75": "Food processing, wood working, garment and other craft and related trades workers",
    "81": "Stationary plant and machine operators",
    "82": "Assemblers",
    "83": "Drivers and mobile plant operators",
    "91": "Cleaners and helpers",
    "92": "Agricultural, forestry and fishery labourers",
    "93": "Labourers in mining, construction, manufacturing and transport",
    "94": "Food preparation assistants",
    "95": "Street and related sales and service workers",
    "96": "Refuse workers and other elementary workers",
}


def isco_valid(code: str) -> bool:
    """A major (1 digit), sub-major (2), minor (3) or unit group (4) code of ISCO-08."""
    if not code.isdigit() or not 1 <= len(code) <= 4:
        return False
    if len(code) == 1:
        return any(group.startswith(code) for group in ISCO_SUB_MAJOR)
    return code[:2] in ISCO_SUB_MAJOR


def isco_label(code: str) -> str:
    return ISCO_SUB_MAJOR.get(code[:2], "") if len(code) >= 2 else ""
