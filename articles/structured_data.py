"""Schema.org NewsArticle data for search engines (JSON-LD), from settings.SITE_URL."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def lead_image_url(article) -> str:
    """The largest JPEG rendition of the lead image (what link previews show)."""
    image = article.lead_image
    if image is None or not image.file:
        return ""
    jpegs = [r for r in image.renditions or [] if r["type"] == "image/jpeg"]
    url = default_storage.url(jpegs[-1]["path"]) if jpegs else image.file.url
    return url if url.startswith("http") else absolute(url)


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


def news_article(article, *, bylines, people, corrections, tags) -> dict:
    """The NewsArticle object for one article page."""
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
            person_data(
                person,
                url=absolute(reverse("articles:author", kwargs={"slug": person.slug})),
                when=article.published_at,
            )
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
    if image := lead_image_url(article):
        data["image"] = [image]
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
    return {key: value for key, value in data.items() if value not in (None, "", [])}
