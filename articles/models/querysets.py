"""ArticleQuerySet: the rules about many stories (published, visible to, front page, related
stories...): every view, feed, sitemap, search, API and command asks here."""

import math
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from articles.models.bylines import Byline
from articles.models.curation import TOP_STORIES, FrontPage, Pin, RelatedStory
from articles.models.sections import Section
from articles.models.tagging import TaggedArticle
from articles.models.visibility import Status, live_q, visible_to_q
from newsroom.db import union_all_values
from people.models import Mention

if TYPE_CHECKING:  # the model imports this module (its manager)
    from articles.models.article import Article


# A person's or tag's list starts from their own ids when they are in few stories, and walks
# the newest stories when in many (_few_or_many). Reading n ids costs about n; the walk reads
# about a page x stories / n rows before a page of theirs turns up; so the cheaper way changes
# near sqrt(stories): at 100,000 stories about 600 on SQLite and 350 on PostgreSQL (measured
# on the peers' stories, whose tags are in 670 to 11,616 each).
SMALL_SET_FLOOR = 100


def small_set(stories: int) -> int:
    """Up to how many stories a list starts from its own ids, in an archive of ``stories``."""
    return max(SMALL_SET_FLOOR, math.isqrt(2 * stories))


class ArticleQuerySet(models.QuerySet):
    def published(self, *, at: datetime | None = None):
        """Visible to readers (see ``live_q``)."""
        return self.filter(live_q(at=at))

    def visible_to(self, user):
        """What ``user`` may see in the admin (see ``Article.visible_to_q``)."""
        return self.filter(visible_to_q(user))

    def newest_first(self):
        """Newest publication first; ``id`` breaks ties so pages never overlap."""
        return self.order_by("-published_at", "-id")

    def for_article_page(self):
        """The story row for its page. The page loads bylines, tags and corrections itself
        (``Article.page_parts``): three plain queries cost less than prefetching them
        (measured at 100,000 stories: 1.8 ms against 2.7 ms)."""
        return self.select_related("section", "lead_image")

    def among(self, ids):
        """The rows of this queryset whose id is in ``ids``, found by primary key.

        ``filter(pk__in=ids)`` lets SQLite walk the index on the other conditions (status,
        published_at: every published story) and test each id; here the ids drive and the
        conditions are checked per row. Returns a plain queryset of the same model.
        """
        matching = self.filter(pk=models.OuterRef("pk"))
        return self.model._default_manager.filter(pk__in=ids).filter(models.Exists(matching))

    def _few_or_many(self, ids_query, linked: models.Exists):
        # A person or tag in a few stories: start from their short list of ids. One in many:
        # walk the newest published stories and keep those linked to them (EXISTS per story
        # finds a page quickly). Each plan is fast for its own case; left to itself the
        # planner picks one of them for both, with or without table statistics.
        # Whether there are more than that: the database steps over that many index entries
        # itself, instead of handing each id to Python. The newest id stands for the number
        # of stories (one step down the primary key).
        newest = self.model._default_manager.order_by("-pk").values_list("pk", flat=True)
        limit = small_set(newest.first() or 0)
        ids_query = ids_query.order_by()  # any order: an index-only read
        if ids_query[limit : limit + 1]:
            return self.filter(linked)
        return self.among(list(ids_query))

    def mentioning(self, person):
        """Articles that mention ``person`` (mentions an editor rejected do not count)."""
        visible = [Mention.Status.AUTO, Mention.Status.CONFIRMED]
        ids = Mention.objects.filter(person=person, status__in=visible).values_list(
            "article_id", flat=True
        )
        linked = Mention.objects.filter(
            article=models.OuterRef("pk"), person=person, status__in=visible
        )
        return self._few_or_many(ids, models.Exists(linked))

    def by_author(self, person):
        """Articles with ``person`` in the byline, in any role, each once."""
        return self.filter(pk__in=Byline.objects.filter(person=person).values("article_id"))

    def tagged(self, tag):
        """Articles carrying ``tag``."""
        ids = TaggedArticle.objects.filter(tag=tag).values_list("content_object_id", flat=True)
        linked = TaggedArticle.objects.filter(content_object=models.OuterRef("pk"), tag=tag)
        return self._few_or_many(ids, models.Exists(linked))

    def scheduled(self):
        """Published with a publication time still in the future."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def expired(self):
        """Published, and taken off the site by its expiry time (its address answers 410)."""
        return self.filter(status=Status.PUBLISHED, expires_at__lte=timezone.now())

    def embargoed(self):
        """Published, but held back from readers until its embargo time (partners get it)."""
        return self.filter(status=Status.PUBLISHED, embargo_until__gt=timezone.now())

    def for_partners(self):
        """What partner feeds carry: stories readers can see, and embargoed ones before
        their time (never drafts, stories in review, plain scheduled or expired ones)."""
        now = timezone.now()
        embargoed = models.Q(status=Status.PUBLISHED, embargo_until__gt=now) & (
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )
        return self.filter(live_q(at=now) | embargoed)

    def next_visibility_change(self) -> datetime | None:
        """The next moment a published story appears or disappears by itself (a scheduled
        publication, an embargo lifting, an expiry or a pin ending): cached pages are stale
        from then on."""
        now = timezone.now()
        published = self.filter(status=Status.PUBLISHED)
        moments = [
            published.filter(**{f"{name}__gt": now}).aggregate(at=models.Min(name))["at"]
            for name in ("published_at", "embargo_until", "expires_at")
        ]
        # A pin running out brings the automatic order back on the front page or a section.
        moments.append(Pin.objects.next_end())
        return min((moment for moment in moments if moment), default=None)

    def overdue(self):
        """Given a publication time that has passed, but never published: a missed schedule."""
        return self.filter(
            status__in=[Status.DRAFT, Status.IN_REVIEW],
            published_at__lte=timezone.now(),
        )

    def front_page(self, sections, *, per_section: int) -> "FrontPage":
        """The front page: the lead and the top stories (the editors' pins in force, then the
        newest stories), then each section's newest stories, no story twice.

        A fixed number of queries whatever the number of sections: the pins, the newest ids,
        one UNION ALL for every section's newest ids, then the rows shown (``for_listing``).
        """
        live = self.published().newest_first()
        pins = dict(
            Pin.objects.in_force().on(None).order_by().values_list("position", "article_id")
        )
        pinned_lead = pins.pop(0, None)
        pinned_top = [pins[position] for position in sorted(pins)]
        newest = list(live.values_list("pk", flat=True)[: 1 + TOP_STORIES + len(pins)])
        lead = pinned_lead or next((pk for pk in newest if pk not in pinned_top), None)
        shown = [lead] if lead else []
        for pk in pinned_top + newest:
            if len(shown) > TOP_STORIES:
                break
            if pk not in shown:
                shown.append(pk)
        # Each section's newest stories, enough of them to fill its block after leaving out
        # the stories already shown above.
        candidates = union_all_values(
            [
                live.filter(section=section).values_list("pk")[: per_section + len(shown)]
                for section in sections
            ]
        )
        rows = list(
            self.model.objects.filter(pk__in={*shown, *candidates}).newest_first().for_listing()
        )
        by_id = {article.pk: article for article in rows}
        by_section = {section.pk: [] for section in sections}
        for article in rows:
            block = by_section.get(article.section_id)
            if article.pk not in shown and block is not None and len(block) < per_section:
                block.append(article)
        return FrontPage(
            lead=by_id.get(lead),
            top=[by_id[pk] for pk in shown[1:] if pk in by_id],
            sections=[(s, by_section[s.pk]) for s in sections if by_section[s.pk]],
        )

    def pinned_on(self, section: Section) -> list:
        """The live stories editors pinned on ``section``'s front, lead first."""
        pins = Pin.objects.in_force().on(section).order_by("position")
        ids = list(dict.fromkeys(pins.values_list("article_id", flat=True)))
        by_id = {article.pk: article for article in self.filter(pk__in=ids).for_listing()}
        return [by_id[pk] for pk in ids if pk in by_id]

    def related_to(
        self, article: "Article", *, people, tags, limit: int, candidates: list[int] | None = None
    ) -> list:
        """Related stories for ``article``'s page: the live ones an editor picked, in their
        order, then published stories sharing the most people or tags (``candidates``, from
        ``related_candidates`` unless given), newest first. Every story returned is live now:
        the candidates are checked again here, by primary key.
        """
        fields = ("headline", "slug", "published_at")
        # The story's few picks first, then which of them are live, by primary key: a join
        # from the published stories walked all of them on SQLite without statistics (159 ms
        # at 100,000 stories on the first view after a change).
        picked = list(
            RelatedStory.objects.filter(article=article)
            .order_by("order", "id")
            .values_list("related_id", flat=True)
        )
        live_picks = (
            {story.pk: story for story in self.published().among(picked).only(*fields)}
            if picked
            else {}
        )
        picks = [live_picks[pk] for pk in picked if pk in live_picks][:limit]
        if len(picks) >= limit:
            return picks
        if candidates is None:
            # Enough to fill the list even when every live pick is also among the best ranked.
            count = limit + len(live_picks)
            candidates = self.related_candidates(article, people=people, tags=tags, count=count)
        wanted = [pk for pk in candidates if pk not in live_picks]
        live = {story.pk: story for story in self.published().among(wanted).only(*fields)}
        return picks + [live[pk] for pk in wanted if pk in live][: limit - len(picks)]

    def related_candidates(self, article: "Article", *, people, tags, count: int) -> list[int]:
        """Ids of up to ``count`` published stories sharing the most people or tags with
        ``article``, newest first among equals.

        Bounded at any archive size: the candidates are the newest 20 stories of each of up
        to 10 tags and 10 people (one UNION ALL over their indexes); the published ones among
        them are ranked by how many tags and people they share.
        """
        branches = [
            TaggedArticle.objects.filter(tag=tag)
            .exclude(content_object_id=article.pk)
            .order_by("-content_object_id")
            .values_list("content_object_id")[:20]
            for tag in tags[:10]
        ] + [
            Mention.objects.filter(person=person, status__in=Mention.VISIBLE)
            .exclude(article_id=article.pk)
            .order_by("-article_id")
            .values_list("article_id")[:20]
            for person in people[:10]
        ]
        shared = Counter(pk for pk in union_all_values(branches) if pk != article.pk)
        if not shared:
            return []
        live = self.published().among(list(shared)).values_list("pk", "published_at")
        ranked = sorted(live, key=lambda row: (-shared[row[0]], -row[1].timestamp()))
        return [pk for pk, _ in ranked[:count]]

    def for_listing(self):
        """Everything an article card shows, in a fixed number of queries."""
        return self.select_related("section", "lead_image").prefetch_related(
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("person").order_by("order")
            )
        )
