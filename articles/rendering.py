"""Turn a stored body into the article page's HTML.

Adds what readers see but editors never type: the dateline before the first paragraph,
anchors on subheads, and a link to each mentioned person's page on their first mention.
The stored body is already sanitised; the output is cleaned again with the same allow-list
(plus ids and the dateline span) so nothing this step emits can carry script.

Figures stay references in that cached text; each page view turns them into pictures from
the photos as they are now (``expand_figures``, the photos loaded in one query), so a
replaced or re-cropped photo shows at once in every story using it.
"""

import html
from html.parser import HTMLParser

import nh3
from django.core.cache import cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from articles.embeds import embed_for
from articles.text_format import (
    BODY_ATTRIBUTES,
    BODY_TAGS,
    LINK_SCHEMES,
    STORED_FIGURE,
    figure_ids,
)
from newsroom.templatetags.newsroom_tags import picture
from people.linking import DirectoryEntry, MentionLinker
from people.models import PersonAlias

RENDER_TAGS = BODY_TAGS | {"span"}
RENDER_ATTRIBUTES = {
    **BODY_ATTRIBUTES,
    "a": {"href", "title", "class"},
    "h2": {"id"},
    "h3": {"id"},
    "span": {"class"},
}
_render_cleaner = nh3.Cleaner(
    tags=RENDER_TAGS,
    attributes=RENDER_ATTRIBUTES,
    url_schemes=LINK_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


class _BodyRewriter(HTMLParser):
    def __init__(self, *, dateline: str, linker: MentionLinker | None, urls: dict[int, str]):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dateline = dateline
        self.linker = linker
        self.urls = urls
        self.linked: set[int] = set()
        self.anchors: set[str] = set()
        self.inside_link = 0
        self.heading: list[str] | None = None
        self.heading_tag = ""
        self.first_paragraph_done = False
        self.headings: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3"):
            self.heading, self.heading_tag = [], tag
            return
        attributes = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs
        )
        self.out.append(f"<{tag}{attributes}>")
        if tag == "a":
            self.inside_link += 1
        if tag == "p" and not self.first_paragraph_done:
            self.first_paragraph_done = True
            if self.dateline:
                self.out.append(f'<span class="dateline">{html.escape(self.dateline)} –</span> ')

    def handle_startendtag(self, tag, attrs):
        self.out.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in ("h2", "h3") and self.heading is not None:
            text = "".join(self.heading)
            anchor = self._anchor(text)
            self.headings.append((anchor, text))
            self.out.append(f'<{tag} id="{anchor}">{html.escape(text, quote=False)}</{tag}>')
            self.heading = None
            return
        if tag == "a":
            self.inside_link = max(0, self.inside_link - 1)
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.append(data)
            return
        if self.inside_link or self.linker is None:
            self.out.append(html.escape(data, quote=False))
            return
        position = 0
        for match in self.linker.find(data):
            if match.person_id in self.linked or match.person_id not in self.urls:
                continue
            self.linked.add(match.person_id)
            self.out.append(html.escape(data[position : match.start], quote=False))
            self.out.append(
                f'<a class="person-link" href="{self.urls[match.person_id]}">'
                f"{html.escape(match.surface, quote=False)}</a>"
            )
            position = match.end
        self.out.append(html.escape(data[position:], quote=False))

    def _anchor(self, text: str) -> str:
        base = slugify(text)[:60] or "section"
        anchor, n = base, 1
        while anchor in self.anchors:
            n += 1
            anchor = f"{base}-{n}"
        self.anchors.add(anchor)
        return anchor


def render_body(article, people, photos: dict | None = None) -> SafeString:
    """The body as readers see it, its figures made from ``photos`` (by id: see
    ``Article.body_photos``); the text is cached per article version and list of people."""
    key = f"article-body:{article.pk}:{article.version}:{article.updated_at:%s%f}:" + ",".join(
        f"{p.pk}.{p.updated_at:%s}" for p in people
    )
    rendered = cache.get(key)
    if rendered is None:
        rendered = _render(article, people)
        cache.set(key, rendered, 24 * 3600)
    # Cleaned by _render_cleaner in _render: only allow-listed tags and attributes remain;
    # expand_figures replaces stored figures with markup built by format_html.
    return mark_safe(expand_figures(rendered, photos or {}))


# What the browser picks a rendition by, for each figure size (see .figure-* in site.css).
FIGURE_SIZES_ATTRIBUTE = {
    "inline": "(min-width: 44rem) 40rem, 100vw",
    "wide": "(min-width: 60rem) 56rem, 100vw",
    "full": "100vw",
    "gallery": "(min-width: 44rem) 20rem, 100vw",  # one column on a phone
}


def expand_figures(rendered: str, photos: dict) -> str:
    """Stored figures replaced by their pictures; a photo no longer in the library (or a
    gallery with none left) shows nothing."""
    if "<figure" not in rendered:
        return rendered

    def replace(match) -> str:
        if match.group("embed"):
            embed = embed_for(html.unescape(match.group("embed")))
            return embed_html(embed) if embed else ""
        if match.group("images"):
            found = [photos[i] for i in figure_ids(match.group("images")) if i in photos]
            return gallery_html(found)
        photo = photos.get(int(match.group("image")))
        return figure_html(photo, size=match.group("size")) if photo else ""

    return STORED_FIGURE.sub(replace, rendered)


def figure_html(photo, *, size: str) -> str:
    """One photo as a figure: responsive picture (width and height set, lazy), caption and
    credit."""
    return format_html(
        '<figure class="figure figure-{}">{}{}</figure>',
        size,
        picture(photo, sizes=FIGURE_SIZES_ATTRIBUTE.get(size, "100vw"), loading="lazy"),
        _figcaption(photo),
    )


def gallery_html(photos: list) -> str:
    """A gallery: a list of figures, readable and usable with no script."""
    if not photos:
        return ""
    label = f"Photo gallery, {len(photos)} photo{'s' if len(photos) != 1 else ''}"
    items = format_html_join(
        "",
        "<li><figure>{}{}</figure></li>",
        (
            (picture(photo, sizes=FIGURE_SIZES_ATTRIBUTE["gallery"]), _figcaption(photo))
            for photo in photos
        ),
    )
    return format_html('<ul class="gallery" aria-label="{}">{}</ul>', label, items)


def embed_html(embed) -> str:
    """A privacy-friendly placeholder: the provider and a link; the provider's player (and
    its cookies) load only when the reader presses the button, which static/js/embeds.js
    shows (no script: the link is all there is)."""
    kind = {"video": "Video", "post": "Post", "map": "Map", "document": "Document"}[embed.kind]
    button = (
        format_html(
            '<button type="button" class="embed-load" data-player="{}" data-title="{}" hidden>'
            "Load the {} {} here</button> ",
            embed.player_url,
            f"{kind} on {embed.provider}",
            embed.provider,
            kind.lower(),
        )
        if embed.player_url
        else ""
    )
    note = (
        format_html(
            '<p class="embed-note">Loading it here lets {} set cookies and see that you read '
            "this story.</p>",
            embed.provider,
        )
        if embed.player_url
        else ""
    )
    return format_html(
        '<figure class="embed embed-{}"><div class="embed-placeholder">'
        '<p><strong>{} on {}</strong></p><p>{}<a href="{}" rel="noopener noreferrer">'
        "Open it on {}</a></p>{}</div></figure>",
        embed.kind,
        kind,
        embed.provider,
        button,
        embed.url,
        embed.provider,
        note,
    )


def _figcaption(photo) -> str:
    if not (photo.caption or photo.credit):
        return ""
    credit = ""
    if photo.credit:
        credit = format_html(' <span class="credit">Photo: {}</span>', photo.credit)
    return format_html("<figcaption>{}{}</figcaption>", photo.caption, credit)


def _render(article, people) -> str:
    linker = None
    urls = {}
    if people:
        # Only a body not rendered yet needs the aliases: one query here, none per page view.
        aliases: dict[int, list[str]] = {}
        for person_id, text in PersonAlias.objects.filter(person__in=people).values_list(
            "person_id", "text"
        ):
            aliases.setdefault(person_id, []).append(text)
        linker = MentionLinker(
            DirectoryEntry(
                person_id=p.pk,
                name=p.name,
                honorific=p.honorific,
                aliases=tuple(aliases.get(p.pk, ())),
            )
            for p in people
        )
        urls = {p.pk: html.escape(p.get_absolute_url(), quote=True) for p in people}
    dateline = article.dateline_display
    rewriter = _BodyRewriter(dateline=dateline, linker=linker, urls=urls)
    rewriter.feed(article.body or "")
    rewriter.close()
    body = "".join(rewriter.out)
    if dateline and not rewriter.first_paragraph_done:
        body = f'<p><span class="dateline">{html.escape(dateline)} –</span></p>' + body
    return _render_cleaner.clean(body)
