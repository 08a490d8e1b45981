"""Names across scripts: Latin suggestions, search keys and similarity (pure: no Django).

Migrants' names arrive in Cyrillic, Arabic and other scripts, and in several Latin
spellings of each (Muhammad / Mohammed / محمد, Muratov / Mouratov / Муратов). Three
tools serve registration, search and duplicate detection:

- ``suggest_latin`` proposes a Latin form for a name in another script. The
  caseworker may edit it. Arabic script is written without short vowels, so a
  generic transliteration gives consonant skeletons ("mhmd"); common given names
  are taken from a table of their usual Latin spellings instead.
- ``search_keys`` reduces a name to spelling-independent keys: transliterated,
  lower-cased, vowels dropped, letters that spellings swap made equal (w/v, x/ks,
  kh/h, dzh/j, a final -off/-ow for -ov…), doubled letters collapsed. Two names
  that share a key are candidates; it is deliberately generous.
- ``similarity`` ranks candidates (0…1) by Jaro-Winkler on the normalised Latin
  forms, trying the tokens in either order so swapped given and family names match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import permutations

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler

# Usual Latin spellings of frequent Arabic-script given names and name parts.
# Keys are the letters without diacritics (harakat) or tatweel.
ARABIC_NAMES: dict[str, str] = {
    "محمد": "Muhammad",
    "احمد": "Ahmad",
    "أحمد": "Ahmad",
    "محمود": "Mahmoud",
    "مصطفى": "Mustafa",
    "علي": "Ali",
    "حسن": "Hassan",
    "حسين": "Hussein",
    "عمر": "Omar",
    "عثمان": "Othman",
    "خالد": "Khalid",
    "ابراهيم": "Ibrahim",
    "إبراهيم": "Ibrahim",
    "يوسف": "Youssef",
    "يونس": "Younes",
    "عبدالله": "Abdullah",
    "عبد": "Abd",
    "الله": "Allah",
    "الرحمن": "al-Rahman",
    "عبدالرحمن": "Abdulrahman",
    "سعيد": "Said",
    "كريم": "Karim",
    "طارق": "Tariq",
    "بلال": "Bilal",
    "حمزة": "Hamza",
    "سليمان": "Suleiman",
    "جمال": "Jamal",
    "نور": "Nour",
    "فاطمة": "Fatima",
    "عائشة": "Aisha",
    "مريم": "Maryam",
    "زينب": "Zainab",
    "ليلى": "Layla",
    "سارة": "Sara",
    "هدى": "Huda",
    "أمينة": "Amina",
    "امينة": "Amina",
    "خديجة": "Khadija",
    "رشيد": "Rashid",
    "ناصر": "Nasser",
    "صالح": "Saleh",
    "جعفر": "Jafar",
    "عباس": "Abbas",
    "قاسم": "Qasim",
    "الحسن": "al-Hassan",
    "الحسيني": "al-Husseini",
    "حيدر": "Haidar",
    "رضا": "Reza",
    "شريف": "Sharif",
    "منصور": "Mansour",
    "خطيب": "Khatib",
    "حلبي": "Halabi",
    "شامي": "Shami",
    "كردي": "Kurdi",
    "موسوي": "Musawi",
    "جبوري": "Jubouri",
    "عبيدي": "Obaidi",
    "تميمي": "Tamimi",
    "ربيعي": "Rubaie",
    # Dari and Pashto (Afghanistan), after Persian letters are folded to Arabic ones.
    "احمدي": "Ahmadi",
    "حيدري": "Haidari",
    "رحيمي": "Rahimi",
    "كريمي": "Karimi",
    "نوري": "Nouri",
    "صديقي": "Siddiqui",
    "رحمت": "Rahmat",
    "نجيب": "Najib",
    "فريد": "Farid",
    "جاويد": "Javid",
    "زهرا": "Zahra",
    "فاطمه": "Fatemeh",
    "شكيلا": "Shakila",
    "پروانه": "Parwana",
}
# Persian and Urdu forms of letters that Arabic writes differently.
_FOLD = str.maketrans(
    {"\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643", "\u06c0": "\u0647"}
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel
_JOINERS = "'\u2019`-"  # apostrophe, right single quotation mark, backtick, hyphen


def _in_word(char: str) -> bool:
    # Letters and the marks that belong to them (Arabic harakat, Indic vowel signs).
    return unicodedata.category(char)[0] in "LM"


def tokens(name: str) -> list[str]:
    """The words of a name, in any script; an apostrophe or hyphen inside a word
    keeps it whole (O'Neill, Al-Hassan)."""
    text = unicodedata.normalize("NFC", name)
    words: list[str] = []
    current: list[str] = []
    for index, char in enumerate(text):
        if _in_word(char) or (
            char in _JOINERS and current and index + 1 < len(text) and _in_word(text[index + 1])
        ):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


@lru_cache(maxsize=65536)
def is_latin(text: str) -> bool:
    return all(not _in_word(char) or "LATIN" in unicodedata.name(char, "") for char in text)


def _is_arabic(token: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in token)


def _latin_token(token: str) -> str:
    if _is_arabic(token):
        bare = _ARABIC_MARKS.sub("", token)
        for form in (bare, bare.translate(_FOLD)):
            if form in ARABIC_NAMES:
                return ARABIC_NAMES[form]
            if form.startswith("ال") and form[2:] in ARABIC_NAMES:
                return "al-" + ARABIC_NAMES[form[2:]]
        if bare.startswith("ال") and len(bare) > 3:
            rest = re.sub("['`\u2019]", "", anyascii(bare[2:]))
            return "al-" + rest[:1].upper() + rest[1:].lower()
    latin = re.sub("['`\u2019]", "", anyascii(token))
    return latin[:1].upper() + latin[1:].lower()


@lru_cache(maxsize=65536)
def suggest_latin(name: str) -> str:
    """A Latin form of ``name`` to propose; names already in Latin script (with
    their diacritics: Öztürk, Muñoz) are kept as written."""
    if is_latin(name):
        return " ".join(name.split())
    return " ".join(token if is_latin(token) else _latin_token(token) for token in tokens(name))


# Order matters: longer spellings first.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), replacement)
    for pattern, replacement in [
        (r"shch|sch", "sh"),
        (r"dzh|dj|dsch", "j"),
        (r"zh", "j"),
        (r"^ou|(?<=[^aeiouy])ou", "u"),
        (r"kh", "h"),
        (r"gh", "g"),
        (r"ph", "f"),
        (r"th", "t"),
        (r"ck|q|c(?!h)", "k"),
        (r"x", "ks"),
        (r"w", "v"),
        (r"(?:off|ow|ov|ev|ef)$", "v"),
        (r"^j(?=[aeiouy])", "y"),
    ]
]
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def _latin_lower(token: str) -> str:
    text = anyascii(token).lower()
    return re.sub(r"[^a-z]", "", text)


@lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    """The spelling-independent key of one word ("" if nothing is left)."""
    text = _latin_lower(token)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    skeleton = _VOWELS.sub("", text)
    # A name of vowels only (Aya, Ia) keeps its vowels rather than vanishing.
    return _REPEATS.sub(r"\1", skeleton or text)


@lru_cache(maxsize=65536)
def _word_keys(name: str) -> tuple[str, ...]:
    """The key of each word of one name (cached: registers repeat names a lot)."""
    return tuple(key for key in (token_key(t) for t in tokens(name)) if key)


def search_keys(*names: str) -> set[str]:
    """Keys for every word of every given form of a name, and for each name's words
    run together (so "Abd Allah" meets "Abdullah")."""
    keys: set[str] = set()
    for name in names:
        words = _word_keys(name)
        keys.update(words)
        if len(words) > 1:
            keys.add(joined_key(list(words)))
    return keys


def identity_key(*names: str) -> str:
    """The sorted keys of every word of a full name: equal for the same name in any
    script, spelling or word order ("Муратов Рустам" and "Rustam Mouratov")."""
    words = sorted({key for name in names for key in _word_keys(name)})
    return ".".join(words)[:200]


def joined_key(keys: list[str]) -> str:
    """Keys of several words run together, as search_keys stores them."""
    return _REPEATS.sub(r"\1", "".join(keys))


def query_keys(query: str) -> list[str]:
    """One key per word typed, in order, for a search."""
    return [key for key in (token_key(t) for t in tokens(query)) if key]


def normalised(name: str) -> str:
    """Lower-case Latin letters and single spaces, for comparing names."""
    return " ".join(w for w in (_latin_lower(t) for t in tokens(name)) if w)


def similarity(a: str, b: str) -> float:
    """How alike two names are (0…1), whatever the script and the word order."""
    left, right = normalised(a).split(), normalised(b).split()
    if not left or not right:
        return 0.0
    best = 0.0
    candidates: Iterable[tuple[str, ...]] = (
        permutations(right) if len(right) <= 4 else [tuple(right)]
    )
    joined_left = " ".join(left)
    for order in candidates:
        best = max(best, JaroWinkler.similarity(joined_left, " ".join(order)))
    skeleton_a, skeleton_b = search_keys(a), search_keys(b)
    if skeleton_a and skeleton_a == skeleton_b:
        best = max(best, 0.9)
    return round(best, 4)
