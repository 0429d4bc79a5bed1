"""Schema.org NewsArticle data for search engines (JSON-LD), from settings.SITE_URL."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from articles.text_format import html_to_text


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _absolute_url(url: str) -> str:
    return url if url.startswith("http") else absolute(url)


def lead_image_url(article) -> str:
    """The largest JPEG rendition of the lead image (what feeds and old photos use)."""
    image = article.lead_image
    if image is None or not image.file:
        return ""
    jpegs = [r for r in image.renditions or [] if r["type"] == "image/jpeg"]
    url = default_storage.url(jpegs[-1]["path"]) if jpegs else image.file.url
    return _absolute_url(url)


# The three ratios Google asks for in a NewsArticle's ``image`` (newsroom.images.CROPS).
STRUCTURED_DATA_RATIOS = ("16:9", "4:3", "1:1")


def social_card(article) -> dict | None:
    """The link-preview picture (og:image, twitter:image): the lead image cropped to 1200x630
    around its focal point, with "url", "width", "height" and "alt"; a photo stored before
    crops were made gives its largest rendition at its own size."""
    image = article.lead_image
    if image is None or not image.file:
        return None
    card = image.crop("social")
    if card is None:
        return {"url": lead_image_url(article), "width": 0, "height": 0, "alt": image.alt_text}
    return {
        "url": _absolute_url(card["url"]),
        "width": card["width"],
        "height": card["height"],
        "alt": image.alt_text,
    }


def structured_data_images(article) -> list[str]:
    """The lead image in 16:9, 4:3 and 1:1 around its focal point (1200 px wide when the
    original allows), for JSON-LD; an older photo without crops gives its largest rendition."""
    image = article.lead_image
    if image is None or not image.file:
        return []
    crops = [image.crop(ratio) for ratio in STRUCTURED_DATA_RATIOS]
    if not all(crops):
        return [lead_image_url(article)]
    return [_absolute_url(crop["url"]) for crop in crops]


def person_data(person, *, url: str, when) -> dict:
    """A schema.org Person with the role held on ``when`` (``Person.role_on``)."""
    data = {"@type": "Person", "name": person.name, "url": url}
    role = person.role_on(when)
    if role is not None:
        data["jobTitle"] = role.title
        if role.organisation:
            data["affiliation"] = {"@type": "Organization", "name": role.organisation}
    return data


def location_created(dateline) -> dict:
    """A schema.org Place for a dateline: "Columbia, S.C." is a locality and a region."""
    locality, _, region = (part.strip() for part in dateline.place.partition(","))
    address = {"@type": "PostalAddress", "addressLocality": locality}
    if region:
        address["addressRegion"] = region
    if dateline.country:
        address["addressCountry"] = dateline.country
    return {"@type": "Place", "name": dateline.place, "address": address}


def news_article(article, *, bylines, people, corrections, tags, live=None) -> dict:
    """The NewsArticle object for one article page; a LiveBlogPosting while the story is
    covered live (``live``: the page of updates it shows)."""
    authors = [b.person for b in bylines if b.role in ("by", "analysis")]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "url": absolute(article.get_absolute_url()),
        "headline": article.headline[:110],
        "description": article.description,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": (article.revised_at or article.published_at).isoformat()
        if article.published_at
        else None,
        "author": [
            {
                **person_data(
                    person,
                    url=absolute(reverse("articles:author", kwargs={"slug": person.slug})),
                    when=article.published_at,
                ),
                **({"image": _absolute_url(person.portrait_url(640))} if person.photo else {}),
            }
            for person in authors
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
        },
        "isAccessibleForFree": True,
        "inLanguage": "en",
    }
    if images := structured_data_images(article):
        data["image"] = images
    if article.section:
        data["articleSection"] = article.section.name
    keywords = [tag.name for tag in tags]
    if keywords:
        data["keywords"] = keywords
    if dateline := article.dateline_parts:
        data["dateline"] = dateline.text(year=article.story_year)
        if dateline.place:
            data["locationCreated"] = location_created(dateline)
    if people:
        data["mentions"] = [
            person_data(person, url=absolute(person.get_absolute_url()), when=article.published_at)
            for person in people
        ]
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": correction.created_at.isoformat(),
            }
            for correction in corrections
        ]
    if article.live_coverage and live is not None:
        data.update(live_blog_posting(article, live))
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def live_blog_posting(article, live) -> dict:
    """What turns a NewsArticle into a LiveBlogPosting: coverage times and the updates shown."""
    updates = ([live.pinned] if live.pinned else []) + list(live.updates)
    page_url = absolute(article.get_absolute_url())
    newest = max((update.published_at for update in updates), default=None)
    return {
        "@type": "LiveBlogPosting",
        **({"dateModified": newest.isoformat()} if newest else {}),
        "coverageStartTime": article.coverage_started_at.isoformat()
        if article.coverage_started_at
        else None,
        "coverageEndTime": article.coverage_ended_at.isoformat()
        if article.coverage_ended_at
        else None,
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": html_to_text(update.text)[:110],
                "url": f"{page_url}#update-{update.pk}",
                "datePublished": update.published_at.isoformat(),
                "articleBody": html_to_text(update.text),
                **(
                    {"author": {"@type": "Person", "name": update.author.name}}
                    if update.author
                    else {}
                ),
            }
            for update in updates
        ],
    }
