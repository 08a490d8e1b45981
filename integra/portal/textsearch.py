# ruff: noqa: RUF001, RUF002, RUF003  # letters of five scripts, on purpose
"""Words for full-text search in the portal's five languages (pure: no Django).

The same steps turn an article and a search string into *terms*, so that a word
typed by a reader meets the same word in the article, whatever its inflection or
its spelling with or without diacritics:

1. Unicode NFKC and case folding (``ß`` → ``ss``, full-width forms → ASCII).
2. Script by script, the spelling variants that readers mix up:
   Latin letters lose their diacritics (Romanian ș ț ă â î, and the cedilla forms
   ş ţ typed on older keyboards, become s t a a i); Cyrillic ё becomes е; Arabic
   loses its short vowels (tashkeel) and the tatweel, its alef forms (أ إ آ ٱ)
   become ا and alef maqsura ى becomes ي (ta marbuta ة becomes ه after stemming).
3. Words: runs of letters and digits; an apostrophe inside a word is dropped
   (Ukrainian сім'я, English worker's).
4. Words shorter than two characters and each language's most common function
   words (stop words) are dropped.
5. Stemming with the Snowball stemmers (the ``snowballstemmer`` package) for
   English, Romanian, Russian and Arabic; Arabic first loses its article and the
   prepositions joined to it (ال، وال، بال، كال، فال، لل) and the plural ending
   ات. Snowball has no Ukrainian stemmer: Ukrainian words lose one inflectional
   ending (the longest that leaves a stem of at least three letters), a reflexive
   -ся/-сь, and the fleeting е of -ець, so that скарга, скарги, скаргу and скаргою
   meet in скарг. Alternations inside the stem (договір, договору) stay apart.

``weigh`` gives each term of an article its weight: a word in the title counts
five times as much as one in the text, one in the summary twice as much.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TypeVar

# snowballstemmer ships no type hints.
import snowballstemmer  # type: ignore[import-untyped]

LANGUAGES = ("en", "ro", "ru", "uk", "ar")
MIN_LENGTH = 2
MAX_TERM = 64  # the column's width (portal.models.ArticleTerm.term)
TITLE_WEIGHT = 5
SUMMARY_WEIGHT = 2
BODY_WEIGHT = 1
MAX_WEIGHT = 32767  # a small integer in the database

Key = TypeVar("Key", int, str)

SNOWBALL = {"en": "english", "ro": "romanian", "ru": "russian", "ar": "arabic"}

# Arabic: the short vowels, shadda, sukun, superscript alef and Quranic marks.
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_APOSTROPHES = "'’ʼ`"  # the apostrophes readers type inside words
_WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*")

# Ukrainian inflectional endings of nouns and adjectives, longest first.
_UK_ENDINGS = tuple(
    sorted(
        {
            # nouns
            "ами", "ями", "ові", "еві", "єві", "ам", "ям", "ах", "ях", "ом", "ем", "єм",
            "ів", "їв", "ей", "ою", "ею", "єю", "а", "я", "у", "ю", "і", "ї", "е", "є",
            "о", "и", "ь", "й",
            # adjectives and participles
            "ими", "іми", "ого", "ього", "ому", "ьому", "ої", "ій", "ий", "им", "ім",
            "их", "іх", "ую", "юю", "ая", "яя", "еє", "оє",
            # verbs: the present tense's third person only; shorter verb endings
            # (-ти, -ла, -ати…) are also the endings of nouns (роботи, школа, зарплати)
            "ує", "ює",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
_UK_REFLEXIVE = ("ся", "сь")
_UK_MIN_STEM = 3

_STOP_WORDS = {
    "en": """a an and are as at be been being but by can could do does for from had has
        have he her his how i if in into is it its may me more must my no not of on or
        our should so than that the their them then there these they this those to
        was we were what when where which who will with would you your""",
    "ro": """a acea aceasta această acest acesta aceste acestea acești ai al ale alt
        alte au avea ca care ce cel cea cei cele cu când cum da dacă dar de deci despre
        din după este eu fi fie fost fără iar il in în între la le lor mai ne nici nu
        o or ori pe pentru poate prin sa să se si sunt sub și spre tot toate un una unei
        unui unor va vă vor""",
    "ru": """а без более бы был была были было быть в вам вас весь во вот все всего
        всех вы где да даже для до его ее если есть еще же за здесь и из или им их к
        как какой когда кто ли либо между меня мне может мы на над надо не него нее нет
        ни них но ну о об однако он она они оно от очень по под после при про с со так
        также такой там те тем то того тоже только том тот ту ты у уже хотя чего чем
        что чтобы эта эти это этот я""",
    "uk": """а або але без би був була були було бути в вам вас ви від він вона вони
        воно все всі вже для до є ж же з за зі і із й його її їх коли котрий лише
        між ми мені може на над не ні ну о об от по під після при про саме та так
        також там те тим то того тож тут у усі хоча це цей ці цього чи що щоб як
        який яка які якщо""",
    "ar": """في من على الى إلى عن مع ان أن إن او أو ثم كل قد لم لن لا ما هذا هذه ذلك تلك
        التي الذي الذين اللذين هو هي هم هن نحن انت أنت انتم أنتم كان كانت يكون تكون
        عند بين حتى اذا إذا بعد قبل اي أي لك لكم له لها ليس غير كما ايضا أيضا هل و ف ب ل""",
}


def _is_latin(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "")


def normalise(text: str) -> str:
    """Steps 1 and 2: NFKC, case folding and the spelling variants of each script;
    the text as the index compares it, before it is cut into words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _TASHKEEL.sub("", text).replace(_TATWEEL, "").translate(_ALEF)
    text = text.replace("ё", "е")
    out = []
    for char in text:
        if ord(char) > 0x7F and _is_latin(char):
            decomposed = unicodedata.normalize("NFD", char)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
        else:
            out.append(char)
    return "".join(out)


def _words(text: str) -> Iterator[str]:
    for match in _WORD.finditer(normalise(text)):
        word = match.group()
        for apostrophe in _APOSTROPHES:
            word = word.replace(apostrophe, "")
        yield word


def _ukrainian_stem(word: str) -> str:
    for ending in _UK_REFLEXIVE:
        if word.endswith(ending) and len(word) - len(ending) >= _UK_MIN_STEM + 1:
            word = word[: -len(ending)]
            break
    if word.endswith("ець") and len(word) - 3 >= _UK_MIN_STEM:
        return word[:-3] + "ц"  # the fleeting е: роботодавець, роботодавця → роботодавц
    for ending in _UK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _UK_MIN_STEM:
            return word[: -len(ending)]
    return word


def _arabic_affixes(word: str) -> str:
    """The article and the prepositions joined to it, and the feminine plural ات,
    which Snowball leaves in part (تحويلات → تحويلا)."""
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_LENGTH:
            word = word[len(prefix) :]
            break
    if word.endswith("ات") and len(word) - 2 >= 3:
        word = word[:-2]
    return word


def _arabic_after(stem: str) -> str:
    stem = stem.replace("ة", "ه")
    if stem.endswith("ه") and len(stem) > 3:  # the feminine ending, however spelt
        stem = stem[:-1]
    return stem


class _Stemmer:
    """One language's stemming; a Snowball stemmer keeps state, so one per call."""

    def __init__(self, language: str) -> None:
        self.language = language
        name = SNOWBALL.get(language)
        self._snowball = snowballstemmer.stemmer(name) if name else None

    def __call__(self, word: str) -> str:
        if self.language == "uk":
            return _ukrainian_stem(word)
        if self.language == "ar":
            word = _arabic_affixes(word)
        if self._snowball is not None:
            word = str(self._snowball.stemWord(word))
        if self.language == "ar":
            word = _arabic_after(word)
        return word


def _stop_words(language: str) -> frozenset[str]:
    return _STOP_SETS.get(language, frozenset())


_STOP_SETS = {
    language: frozenset(normalise(word) for word in words.split())
    for language, words in _STOP_WORDS.items()
}


def terms(text: str, language: str) -> list[str]:
    """The search terms of a text, in order (a term repeats as often as its word).
    A language without a stemmer or stop words (one added to the settings later)
    is still normalised and cut into words."""
    stem = _Stemmer(language)
    stop = _stop_words(language)
    found = []
    for word in _words(text):
        if len(word) < MIN_LENGTH or word in stop:
            continue
        term = stem(word)[:MAX_TERM]
        if len(term) >= MIN_LENGTH:
            found.append(term)
    return found


def query_terms(text: str, language: str) -> list[str]:
    """The distinct terms of a search string, in the order typed."""
    return list(dict.fromkeys(terms(text, language)))


def weigh(*, title: str, summary: str, body: str, language: str) -> dict[str, int]:
    """Each term of an article with its weight (title five, summary two, text one
    per occurrence), capped at what the index column holds."""
    weights: Counter[str] = Counter()
    for text, weight in ((title, TITLE_WEIGHT), (summary, SUMMARY_WEIGHT), (body, BODY_WEIGHT)):
        for term, count in Counter(terms(text, language)).items():
            weights[term] += count * weight
    return {term: min(weight, MAX_WEIGHT) for term, weight in sorted(weights.items())}


def rank(matches: Iterable[tuple[Key, str, int]]) -> list[tuple[Key, int, int]]:
    """Orders documents by the number of query terms they contain, then by their
    summed weight, from rows of (document, term, weight); best first, ties by key.
    Returns (document, terms matched, weight)."""
    weight: Counter[Key] = Counter()
    matched: dict[Key, set[str]] = {}
    for document, term, term_weight in matches:
        weight[document] += term_weight
        matched.setdefault(document, set()).add(term)
    return sorted(
        ((document, len(matched[document]), weight[document]) for document in weight),
        key=lambda row: (-row[1], -row[2], row[0]),
    )
