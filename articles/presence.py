"""Who has a story open in the admin right now.

Each open change form is a "tab" with its own id. Opening the form counts as a beat; while it
stays open, static/js/presence.js beats every BEAT_SECONDS; leaving the page (or saving it)
forgets the tab. A tab that stops beating is forgotten after PRESENCE_TTL, so a page left
without JavaScript, or a closed laptop, stops showing within a minute.

Kept in the cache (one entry per story, with the TTL), not the database: it is a hint for
people at the desk, rebuilt by the next beat. Two beats at the same instant may drop one
another's tab until the next beat; saving over each other is refused by the form anyway.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

BEAT_SECONDS = 20
PRESENCE_TTL = timedelta(seconds=45)


@dataclass(frozen=True)
class Presence:
    others: list[tuple[str, datetime]]  # (name, opened at) of other people with it open
    other_tab: bool  # the same user has it open in another tab too

    @property
    def notes(self) -> list[str]:
        """What the change form says about it, one sentence each."""
        notes = [
            f"{name} is editing this story now (opened at {timezone.localtime(opened):%H:%M})."
            for name, opened in self.others
        ]
        if self.other_tab:
            notes.append(
                "You have this story open in another tab: save in one of them only (the "
                "other tab's save would be refused as out of date)."
            )
        return notes


def _key(article_id: int) -> str:
    return f"article-presence:{article_id}"


def _alive(article_id: int, now: datetime) -> dict:
    tabs = cache.get(_key(article_id), {})
    return {tab: entry for tab, entry in tabs.items() if now - entry["beat"] < PRESENCE_TTL}


def beat(article_id: int, *, user, tab: str, now: datetime | None = None) -> Presence:
    """``user`` has the story open in ``tab``: remember it for PRESENCE_TTL and say who else
    has it open."""
    now = now or timezone.now()
    tabs = _alive(article_id, now)
    entry = tabs.get(tab)
    if entry is None or entry["user"] != user.pk:
        entry = {"user": user.pk, "name": user.get_full_name() or user.get_username()}
        entry["opened"] = now
    tabs[tab] = {**entry, "beat": now}
    cache.set(_key(article_id), tabs, int(PRESENCE_TTL.total_seconds()))
    others: dict[int, tuple[str, datetime]] = {}
    for other in tabs.values():
        if other["user"] != user.pk:
            name, opened = others.get(other["user"], (other["name"], other["opened"]))
            others[other["user"]] = (name, min(opened, other["opened"]))
    other_tab = any(t != tab and e["user"] == user.pk for t, e in tabs.items())
    return Presence(others=sorted(others.values(), key=lambda o: o[1]), other_tab=other_tab)


def leave(article_id: int, *, user, tab: str) -> None:
    """The tab was closed or saved: forget it at once."""
    tabs = _alive(article_id, timezone.now())
    if tab in tabs and tabs[tab]["user"] == user.pk:
        del tabs[tab]
        cache.set(_key(article_id), tabs, int(PRESENCE_TTL.total_seconds()))
