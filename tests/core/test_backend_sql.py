"""InList: membership in a long list passed as one parameter, on both databases."""

from __future__ import annotations

import pytest
from django.db.models import F

from integra.core.backend_sql import InList
from integra.core.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations() -> list[Organisation]:
    return [
        Organisation.objects.create(
            code=f"org-{n}", name=f"Org {n}", kind="ngo", level="local", country="MD"
        )
        for n in range(5)
    ]


def test_ids_in_the_list_are_found_and_no_others(organisations):
    wanted = [organisations[1].pk, organisations[3].pk, 10**12]  # and one nobody has

    found = Organisation.objects.filter(InList(F("pk"), wanted))

    assert sorted(found.values_list("code", flat=True)) == ["org-1", "org-3"]


def test_strings_work_too_and_an_empty_list_matches_nothing(organisations):
    assert Organisation.objects.filter(InList(F("code"), ["org-0", "org-4", "x"])).count() == 2
    assert not Organisation.objects.filter(InList(F("pk"), [])).exists()


def test_a_long_list_is_one_parameter(organisations, django_assert_num_queries):
    wanted = [organisations[0].pk, *range(10**9, 10**9 + 50_000)]

    with django_assert_num_queries(1) as context:
        assert Organisation.objects.filter(InList(F("pk"), wanted)).count() == 1

    assert context.captured_queries[0]["sql"].count("IN (SELECT") == 1
