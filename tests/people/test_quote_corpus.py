"""The hard-case corpus (tests/people/quote_corpus): who said each quote, who the text names.

Plain pytest, no database. The figures are printed at the end of the run (tests/people/
conftest.py).
"""

import pytest

from tests.people.quote_corpus import SUMMARY_KEY, score


@pytest.fixture(scope="module")
def figures(request):
    result, stories = score()
    request.config.stash[SUMMARY_KEY] = result.summary(stories)
    return result, stories


def test_corpus_has_at_least_sixty_stories(figures):
    assert figures[1] >= 60


def test_quotes_go_to_the_expected_speaker(figures):
    result, _ = figures
    assert result.accuracy >= 0.90, "\n".join(result.failures)


def test_people_found_precisely(figures):
    result, _ = figures
    assert result.precision >= 0.98, "\n".join(result.failures)


def test_people_found_with_high_recall(figures):
    result, _ = figures
    assert result.recall >= 0.95, "\n".join(result.failures)
