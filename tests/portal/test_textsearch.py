# ruff: noqa: RUF001  # words in five scripts, on purpose
"""The search's words (integra.portal.textsearch, pure): each language's text and
search strings meet in the same terms, whatever the inflection, the diacritics,
the case or the Arabic spelling variants."""

from __future__ import annotations

import pytest

from integra.portal import textsearch


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["complaint", "complaints", "COMPLAINTS"]),
        ("en", ["working", "works", "worked"]),
        ("en", ["worker", "workers", "worker's", "WORKERS’"]),
        ("ro", ["drepturile", "drepturi", "drepturilor"]),
        ("ro", ["lucrătorii", "lucrător", "lucratorilor"]),
        ("ro", ["sănătății", "sănătate", "sanatate"]),
        ("ru", ["жалоба", "жалобы", "жалобу", "жалобой"]),
        ("ru", ["работник", "работника", "работников", "работникам"]),
        ("ru", ["объём", "объем", "ОБЪЁМ"]),
        ("ru", ["пособие", "пособия", "пособий"]),
        ("uk", ["скарга", "скарги", "скаргу", "скаргою"]),
        ("uk", ["працівник", "працівника", "працівників", "працівниками"]),
        ("uk", ["сім'я", "сім’ї", "сімʼєю"]),
        ("ar", ["العمال", "عمال", "للعمال", "والعمال"]),
        ("ar", ["الشكوى", "شكوى", "الشَّكْوَى"]),
        ("ar", ["الأجر", "الاجر", "أجر"]),
        ("ar", ["الصحة", "الصحه"]),
    ],
)
def test_inflected_forms_and_spellings_meet_in_one_term(language, words):
    found = {tuple(textsearch.terms(word, language)) for word in words}

    assert len(found) == 1, found
    (only,) = found
    assert len(only) == 1


def test_romanian_diacritics_with_comma_or_cedilla_or_none_are_the_same_word():
    comma = textsearch.terms("Ștefan știe țara", "ro")
    cedilla = textsearch.terms("Ştefan ştie ţara", "ro")
    bare = textsearch.terms("Stefan stie tara", "ro")

    assert comma == cedilla == bare


def test_arabic_loses_short_vowels_and_tatweel_and_unifies_alef_and_ya():
    assert textsearch.normalise("حُقُوق") == "حقوق"
    assert textsearch.normalise("عمـــال") == "عمال"
    assert textsearch.normalise("إقامة أو آخر") == "اقامة او اخر"
    assert textsearch.normalise("مستشفى") == "مستشفي"


def test_cyrillic_yo_becomes_ye_but_ukrainian_letters_are_kept():
    assert textsearch.normalise("Ёлка") == "елка"
    assert textsearch.normalise("їжа, йти, єдність, ґанок") == "їжа, йти, єдність, ґанок"


def test_full_width_and_compatibility_forms_are_folded():
    assert textsearch.terms("ＩＬＯ Ｃ181", "en") == ["ilo", "c181"]


def test_stop_words_and_one_letter_words_are_dropped():
    assert textsearch.terms("the right to a contract", "en") == ["right", "contract"]
    assert textsearch.terms("dreptul la un contract și la salariu", "ro") == [
        "drept",
        "contract",
        "salariu",
    ]
    assert textsearch.terms("и в на право", "ru") == ["прав"]
    assert textsearch.terms("і в на право", "uk") == ["прав"]
    assert textsearch.terms("في من حقوق", "ar") == ["حقوق"]


def test_a_query_of_only_common_words_has_no_terms():
    assert textsearch.query_terms("the and of", "en") == []
    assert textsearch.query_terms("   ", "ru") == []


def test_query_terms_are_distinct_in_the_order_typed():
    assert textsearch.query_terms("fees, fee and Fees again", "en") == ["fee", "again"]


def test_a_language_without_a_stemmer_is_still_cut_into_words():
    assert textsearch.terms("Arbeitsrechte für alle", "de") == ["arbeitsrechte", "fur", "alle"]


def test_terms_are_cut_to_the_index_width():
    (term,) = textsearch.terms("x" * 500, "en")
    assert len(term) == textsearch.MAX_TERM


def test_title_words_weigh_more_than_summary_words_than_body_words():
    weights = textsearch.weigh(
        title="Recruitment fees",
        summary="You never pay a fee for a job.",
        body="A job is free. Fees are illegal.",
        language="en",
    )

    assert weights["recruit"] == 5
    assert weights["fee"] == 5 + 2 + 1
    assert weights["job"] == 2 + 1
    assert weights["illeg"] == 1


def test_ranking_prefers_more_query_words_then_more_weight():
    ranked = textsearch.rank(
        [
            (1, "fee", 50),  # one word, very often
            (2, "fee", 2),
            (2, "job", 1),  # both words
            (3, "fee", 2),
            (3, "job", 1),  # both words, tie: by key
            (4, "job", 9),
        ]
    )

    assert ranked == [(2, 2, 3), (3, 2, 3), (1, 1, 50), (4, 1, 9)]
