"""The tags on a story: the link between Article and tags.Tag."""

from django.db import models
from taggit.models import TaggedItemBase

from articles.models.visibility import live_story_behind
from tags.models import Tag


class TaggedArticle(TaggedItemBase):
    """The tag-article link, with real foreign keys (not a generic relation)."""

    content_object = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="taggings"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="taggings")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_uniq"),
        ]
        indexes = [
            # Tag pages: articles with one tag.
            models.Index(fields=["tag", "content_object"], name="tagged_tag_idx"),
        ]

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see the tag on its story while the story is live."""
        return live_story_behind(self, "content_object")
