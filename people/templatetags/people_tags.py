"""Template filters for people pages and bylines."""

from django import template

register = template.Library()


@register.filter
def role_on(person, when=None):
    """``{{ person|role_on:article.published_at }}``: the role held then (no date: now).

    Reads prefetched roles (``Person.role_on``); a page prefetches them for all its people.
    """
    return person.role_on(when)
