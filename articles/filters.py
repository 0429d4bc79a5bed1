"""The article list's filters, shared by the public list, the search page and the JSON API.

Every filter narrows a queryset that already holds published articles only, so no parameter
can widen a list to drafts or scheduled stories. An unknown slug matches nothing; a malformed
date is ignored and reported by the form; a date at the edge of the calendar (9999-12-31, or
0001-01-01 east of UTC) leaves that end of the range open.
"""

from datetime import UTC, datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models import Article, Section
from articles.search import clean_query, kept_ranking, ranked_ids_with_synonyms
from people.models import Person
from tags.models import Tag


def _start_of_day(day, *, days_later: int = 0) -> datetime | None:
    """The moment ``day`` (plus ``days_later``) begins in the site's time zone, or None when that
    moment falls outside what a datetime can hold (the day after 9999-12-31; midnight on
    0001-01-01 in Tokyo is still year 0 in UTC, where the database stores it)."""
    try:
        start = timezone.make_aware(datetime.combine(day + timedelta(days=days_later), time.min))
        start.astimezone(UTC)
    except OverflowError:
        return None
    return start


class ArticleFilter(django_filters.FilterSet):
    section = django_filters.CharFilter(method="filter_section", label="Section")
    tag = django_filters.CharFilter(method="filter_tag", label="Topic")
    person = django_filters.CharFilter(method="filter_person", label="Person mentioned")
    author = django_filters.CharFilter(method="filter_author", label="Author")
    date_from = django_filters.DateFilter(
        method="filter_date_from",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(method="filter_search", label="Words")

    class Meta:
        model = Article
        fields = ["section", "tag", "person", "author", "date_from", "date_to", "q"]

    def filter_section(self, queryset, name, value):
        section = Section.objects.filter(slug=value).first()
        return queryset.filter(section=section) if section else queryset.none()

    def filter_tag(self, queryset, name, value):
        tag = Tag.objects.filter(slug=value).first()
        return queryset.tagged(tag) if tag else queryset.none()

    def filter_person(self, queryset, name, value):
        person = Person.objects.filter(slug=value).first()
        return queryset.mentioning(person) if person else queryset.none()

    def filter_author(self, queryset, name, value):
        person = Person.objects.filter(slug=value).first()
        return queryset.by_author(person) if person else queryset.none()

    def filter_date_from(self, queryset, name, value):
        # A range on published_at (not __date) so the index on published_at serves it.
        start = _start_of_day(value)
        return queryset if start is None else queryset.filter(published_at__gte=start)

    def filter_date_to(self, queryset, name, value):
        end = _start_of_day(value, days_later=1)
        return queryset if end is None else queryset.filter(published_at__lt=end)

    def filter_search(self, queryset, name, value):
        # The ids drive the lookup (see ArticleQuerySet.among); the other filters stay applied.
        return queryset.among(list(self.search_ranking or ()))

    @cached_property
    def search_ranking(self) -> dict[int, int] | None:
        """For a search, each matching story's place in the results (id -> rank), which the
        list is paginated by; None when the list is not a search. Words that are only
        punctuation or operators ("***", "AND OR NOT") match nothing: an empty ranking."""
        words = self.form.cleaned_data.get("q") if self.is_bound and self.form.is_valid() else ""
        if not words:
            return None
        query = clean_query(words)
        if not query:
            ids = []
        elif self.request is None:
            ids = ranked_ids_with_synonyms(query)
        else:
            ids = kept_ranking(self.request, query)
        return {pk: index for index, pk in enumerate(ids)}

    @property
    def active(self) -> bool:
        """Whether any filter narrows the list (the page says so, and counts differ)."""
        return (
            any(self.form.cleaned_data.get(name) for name in self.filters)
            if (self.is_bound and self.form.is_valid())
            else bool(self.data and any(self.data.get(name) for name in self.filters))
        )
