"""Articles, sections, bylines, tags on articles, corrections, live updates, curation and
the photo library: one module per concern, every name importable from ``articles.models``.

Where things are:
    visibility.py         Article.Status, live_q ("visible to readers"), visible_to_q (staff)
    article.py            Article: fields, versions, page parts; live_article_exists
    querysets.py          ArticleQuerySet: published, visible_to, front_page, related_to...
    workflow.py           submit, publish, schedule, unpublish (Article mixin), History reasons
    publishing_checks.py  Article.publishing_problems: the checks before a story goes out
    dateline.py           the dateline and its parts, kept in step (Article mixin)
    live.py               live coverage (Article mixin) and LiveUpdate
    sections.py, images.py, bylines.py, tagging.py, corrections.py
    curation.py           Pin (front page and section fronts), RelatedStory, FrontPage
    preview_links.py      share-preview links to unpublished stories
    partners.py           partners reading the partner feed
"""

from articles.models.article import Article, ArticlePageParts, live_article_exists
from articles.models.bylines import Byline
from articles.models.corrections import Correction
from articles.models.curation import TOP_STORIES, FrontPage, Pin, RelatedStory
from articles.models.dateline import DATELINE_FIELDS
from articles.models.images import Image
from articles.models.live import LIVE_UPDATES_PER_PAGE, LiveUpdate, LiveUpdatesPage
from articles.models.partners import Partner, hash_partner_token
from articles.models.preview_links import PreviewLink
from articles.models.publishing_checks import (
    HEADLINE_WARNING_LENGTH,
    STANDFIRST_WARNING_LENGTH,
    PublishingProblem,
)
from articles.models.querysets import ArticleQuerySet
from articles.models.sections import Section
from articles.models.tagging import TaggedArticle
from articles.models.visibility import PUBLISH_PERMISSION, live_q
from articles.models.workflow import SentBack, workflow_event, workflow_reason

__all__ = [
    "DATELINE_FIELDS",
    "HEADLINE_WARNING_LENGTH",
    "LIVE_UPDATES_PER_PAGE",
    "PUBLISH_PERMISSION",
    "STANDFIRST_WARNING_LENGTH",
    "TOP_STORIES",
    "Article",
    "ArticlePageParts",
    "ArticleQuerySet",
    "Byline",
    "Correction",
    "FrontPage",
    "Image",
    "LiveUpdate",
    "LiveUpdatesPage",
    "Partner",
    "Pin",
    "PreviewLink",
    "PublishingProblem",
    "RelatedStory",
    "Section",
    "SentBack",
    "TaggedArticle",
    "hash_partner_token",
    "live_article_exists",
    "live_q",
    "workflow_event",
    "workflow_reason",
]
