"""Turn a stored body into the article page's HTML.

Adds what readers see but editors never type: the dateline before the first paragraph,
anchors on subheads, and a link to each mentioned person's page on their first mention.
The stored body is already sanitised; the output is cleaned again with the same allow-list
(plus ids and the dateline span) so nothing this step emits can carry script.
"""

import html
from html.parser import HTMLParser

import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from articles.text_format import BODY_ATTRIBUTES, BODY_TAGS, LINK_SCHEMES
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


def render_body(article, people) -> SafeString:
    """The body as readers see it; cached per article version and list of people."""
    key = f"article-body:{article.pk}:{article.version}:{article.updated_at:%s%f}:" + ",".join(
        f"{p.pk}.{p.updated_at:%s}" for p in people
    )
    rendered = cache.get(key)
    if rendered is None:
        rendered = _render(article, people)
        cache.set(key, rendered, 24 * 3600)
    # Cleaned by _render_cleaner in _render: only allow-listed tags and attributes remain.
    return mark_safe(rendered)


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
