"""The admin's permission matrix: every registered admin URL (each ModelAdmin's ``get_urls()``,
the site's own views, autocompletes and the view-on-site shortcut), for anonymous, reporter and
editor, against a desk holding a colleague's unpublished stories that all carry a sentinel word.

A new admin, a new custom admin view or a new URL parameter fails
``test_every_admin_url_is_known_to_this_matrix`` until it is added here, so nothing new escapes
the crawl."""

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote as urlquote

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from PIL import Image as PILImage
from taggit.models import Tag as TaggitTag

from alerts.models import AlertJob, Delivery, Follow, Newsletter, Subscriber
from articles.models import (
    Article,
    Correction,
    Image,
    LiveUpdate,
    Partner,
    Pin,
    PreviewLink,
    RelatedStory,
)
from articles.roles import EDITOR
from newsroom import audit
from newsroom.models import PathRedirect
from people.models import Mention, NameSuggestion, Quote
from tests.factories import (
    make_archived,
    make_article,
    make_draft,
    make_editor,
    make_in_review,
    make_person,
    make_scheduled,
    make_section,
    make_storyline,
    make_tag,
)

pytestmark = pytest.mark.django_db

SENTINEL = "Quokkasentinel"
# Searched for: it matches the sentinel, and a page echoing the search box does not show it whole.
PARTIAL = "okkasent"

# The routes every ModelAdmin has, and each admin's own extra views. A route not listed here
# fails the matrix: add it (and what it needs to be filled in) when you add a view.
STANDARD_ROUTES = {
    "",
    "add/",
    "<path:object_id>/",
    "<path:object_id>/change/",
    "<path:object_id>/history/",
    "<path:object_id>/delete/",
}
CUSTOM_ROUTES = {
    "articles.article": {
        "<int:object_id>/revisions/",
        "<int:object_id>/revisions/<int:history_id>/restore/",
        "<int:object_id>/preview/",
        "<int:object_id>/share/",
        "<int:object_id>/share/<int:link_id>/revoke/",
        "<int:object_id>/presence/",
        "<int:object_id>/people/<int:mention_id>/",
        "<int:object_id>/quotes/<int:quote_id>/",
        "<int:object_id>/suggestions/<int:suggestion_id>/",
    },
    "articles.image": {"<int:object_id>/new-version/", "picker/", "photo-search/"},
    "articles.liveupdate": {"story/<int:article_id>/"},
    "storylines.storyline": {"<int:object_id>/suggestions/add/"},
    "auth.user": {"<id>/password/"},
    "taggit.tag": {"merge-tags/"},
    "alerts.newsletter": {"<int:object_id>/preview/", "<int:object_id>/send-test/"},
}
# The admin site's own views, by route (the app index is matched by its name: its regex lists
# the app labels).
SITE_ROUTES = {
    "",
    "login/",
    "logout/",
    "password_change/",
    "password_change/done/",
    "autocomplete/",
    "jsi18n/",
    "r/<path:content_type_id>/<path:object_id>/",
    "(?P<url>.*)$",
}
# Admin addresses the project adds outside admin.site (newsroom/urls.py).
PROJECT_ADMIN_ROUTES = {"admin/r/<path:content_type_id>/<path:object_id>/"}
# Admin addresses the project includes under admin/ (newsroom/sign_in.py): two-step sign-in
# and sign-in lockouts.
INCLUDED_ADMIN_ROUTES = {"two-step/", "two-step/set-up/", "sign-in-lockouts/"}
# Object views that must answer 403 or 404 for an object the user may not see (the bare
# "<id>/" route only redirects to "change/").
OBJECT_ROUTES = STANDARD_ROUTES - {"", "add/", "<path:object_id>/"} | {
    route
    for routes in CUSTOM_ROUTES.values()
    for route in routes
    if "object_id" in route or "article_id" in route
}


@dataclass
class Desk:
    reporter: object
    editor: object
    colleague: object
    # "app_label.model_name" -> ids to fill in: the colleague's unpublished work, and rows
    # the reporter may see.
    secret_ids: dict[str, list] = field(default_factory=dict)
    visible_ids: dict[str, list] = field(default_factory=dict)


def small_jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (10, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def build_desk(reporter, editor) -> Desk:
    """A colleague's draft, story in review, scheduled and archived story, each carrying the
    sentinel in its headline, slug, text, quote, photo caption, correction, name suggestion,
    a person it mentions and a tag; plus a live story and the reporter's own draft and photo,
    which the reporter may see."""
    colleague = make_editor("matrix-colleague")
    section = make_section()
    person = make_person("Ada Lovelace")
    tag = make_tag("Harbour")
    # Known only from the colleague's unpublished stories: their names are the story.
    secret_person = make_person(f"{SENTINEL} Minister")
    secret_tag = make_tag(f"{SENTINEL} talks")
    secret = []
    for state, maker in (
        ("draft", make_draft),
        ("review", make_in_review),
        ("scheduled", make_scheduled),
        ("archived", make_archived),
    ):
        photo = Image.objects.create(
            file=small_jpeg(),
            caption=f"{SENTINEL} {state} photo",
            alt_text=f"{SENTINEL} alt",
            uploaded_by=colleague,
        )
        article = maker(
            created_by=colleague,
            headline=f"{SENTINEL} {state} headline",
            slug=f"{SENTINEL.lower()}-{state}",
            dek=f"{SENTINEL} standfirst",
            body=f"<p>{SENTINEL} body.</p>{body_figure(photo)}",
            section=section,
            lead_image=photo,
            authors=(person,),
            tags=(tag, secret_tag),
        )
        Mention.objects.create(article=article, person=person, count=1)
        Mention.objects.create(article=article, person=secret_person, count=1)
        Quote.objects.create(article=article, text=f"{SENTINEL} {state} quote", speaker=person)
        NameSuggestion.objects.create(
            name=f"{SENTINEL} {state}", key=f"{SENTINEL} {state}".lower(), article=article
        )
        Correction.objects.create(article=article, text=f"{SENTINEL} correction")
        article.start_live_coverage()
        article.save()
        LiveUpdate.objects.create(article=article, text=f"<p>{SENTINEL} {state} live update</p>")
        LogEntry.objects.log_actions(
            user_id=colleague.pk, queryset=[article], action_flag=ADDITION, single_object=True
        )
        secret.append(article)
    # A photo the colleague's draft shows only in its body: as secret as its lead photo.
    body_photo = Image.objects.create(
        file=small_jpeg(), caption=f"{SENTINEL} body photo", uploaded_by=colleague
    )
    secret[0].body += body_figure(body_photo)
    secret[0].save()
    live = make_article(headline="Harbour reopens", section=section, lead_image=None)
    own = make_draft(created_by=reporter, headline="My own draft", tags=(tag,))
    own_photo = Image.objects.create(file=small_jpeg(), caption="My photo", uploaded_by=reporter)
    Quote.objects.create(article=live, text="We are open again", speaker=person)
    Mention.objects.create(article=live, person=person, count=1)
    live.start_live_coverage()
    live.save()
    LiveUpdate.objects.create(article=live, text="<p>The first ferry has left.</p>")
    redirect = PathRedirect.objects.create(old_path="/old/", new_path="/new/")
    partner = Partner(name="Wire partner")
    partner.issue_token()
    partner.save()
    event = audit.record(action="merge_tags", actor=editor, arguments=[SENTINEL], counts={})
    taggit_tag = TaggitTag.objects.create(name="Plain taggit tag", slug="plain-taggit-tag")
    # Alerts: a reader's address, which reporters must never see (editors-only app).
    subscriber = Subscriber.objects.create(email=f"{SENTINEL.lower()}@example.org")
    Follow.objects.create(subscriber=subscriber, kind="section", target_id=section.pk)
    alert_job = AlertJob.objects.create(article=live, went_live_at=timezone.now())
    delivery = Delivery.objects.create(article=live, subscriber=subscriber)
    newsletter = Newsletter.objects.create(name="Morning", slug="morning", send_time="06:30")

    # Curation and storylines naming the colleague's unpublished stories: a pin, a related
    # pick and a storyline entry for each.
    storyline = make_storyline(title="Harbour works")
    storyline.add_article(live)
    for position, article in enumerate(secret):
        Pin.objects.create(article=article, position=position)
        RelatedStory.objects.create(article=live, related=article)
        storyline.add_article(article)
    live_pin = Pin.objects.create(article=live, section=section, position=0)

    def rows(model, articles):
        return list(model.objects.filter(article__in=articles).values_list("pk", flat=True))

    return Desk(
        reporter=reporter,
        editor=editor,
        colleague=colleague,
        secret_ids={
            "articles.article": [a.pk for a in secret],
            "articles.image": [a.lead_image_id for a in secret] + [body_photo.pk],
            "people.mention": rows(Mention, secret),
            "people.quote": rows(Quote, secret),
            "people.namesuggestion": rows(NameSuggestion, secret),
            "people.person": [secret_person.pk],
            "tags.tag": [secret_tag.pk],
            "articles.liveupdate": rows(LiveUpdate, secret),
            "alerts.subscriber": [subscriber.pk],
            "alerts.delivery": [delivery.pk],
            "articles.pin": list(
                Pin.objects.filter(article__in=secret).values_list("pk", flat=True)
            ),
        },
        visible_ids={
            "articles.article": [live.pk, own.pk],
            "articles.image": [own_photo.pk],
            "articles.section": [section.pk],
            "people.person": [person.pk],
            "people.mention": rows(Mention, [live]),
            "people.quote": rows(Quote, [live]),
            "tags.tag": [tag.pk],
            "articles.liveupdate": rows(LiveUpdate, [live]),
            "taggit.tag": [taggit_tag.pk],
            "newsroom.pathredirect": [redirect.pk],
            "newsroom.auditevent": [event.pk],
            "articles.partner": [partner.pk],
            "articles.pin": [live_pin.pk],
            "storylines.storyline": [storyline.pk],
            "auth.user": [colleague.pk],
            "auth.group": [Group.objects.get(name=EDITOR).pk],
            "alerts.alertjob": [alert_job.pk],
            "alerts.newsletter": [newsletter.pk],
        },
    )


def body_figure(photo) -> str:
    return f'<figure data-image="{photo.pk}" data-size="inline"></figure>'


def label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def route_of(pattern) -> str:
    return str(pattern.pattern)


def fill(route: str, model, object_id) -> str:
    """The route with its parameters filled in for ``object_id``; an unknown parameter fails."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name in ("object_id", "id"):
            return str(object_id)
        if name == "history_id":
            return str(model.history.filter(id=object_id).latest("history_id").history_id)
        if name == "article_id":  # the story of the live update ``object_id``
            return str(LiveUpdate.objects.get(pk=object_id).article_id)
        if name == "link_id":
            link = PreviewLink.objects.filter(article_id=object_id).first()
            link = link or PreviewLink.objects.create(
                article_id=object_id, expires_at=timezone.now() + timedelta(days=1)
            )
            return str(link.pk)
        if name == "mention_id":
            mention = Mention.objects.filter(article_id=object_id).first()
            return str(mention.pk if mention else 0)
        if name == "quote_id":
            quote = Quote.objects.filter(article_id=object_id).first()
            return str(quote.pk if quote else 0)
        if name == "suggestion_id":
            suggestion = NameSuggestion.objects.filter(article_id=object_id).first()
            return str(suggestion.pk if suggestion else 0)
        raise AssertionError(f"The matrix cannot fill in <{name}> in {label(model)} {route!r}")

    return re.sub(r"<(?:\w+:)?(\w+)>", value, route)


@dataclass(frozen=True)
class Probe:
    url: str
    secret: bool = False  # about a colleague's unpublished work
    object_view: bool = False  # a change, delete, history or custom page of one object
    list_page: str = ""  # the model label, for a changelist without parameters


def model_probes(desk: Desk) -> list[Probe]:
    probes = []
    for model, model_admin in admin.site._registry.items():
        name = label(model)
        prefix = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        ids = [(pk, True) for pk in desk.secret_ids.get(name, [])]
        ids += [(pk, False) for pk in desk.visible_ids.get(name, [])]
        assert ids, f"The matrix has no {name} to open: add one to build_desk()"
        for pattern in model_admin.get_urls():
            route = route_of(pattern)
            if route == "":
                probes.append(Probe(prefix, list_page=name))
                for query in list_queries(model, desk):
                    probes.append(Probe(prefix + query))
            elif "<" not in route:
                probes.append(Probe(prefix + route))
            else:
                for pk, secret in ids:
                    url = prefix + fill(route, model, pk)
                    is_object_view = route in OBJECT_ROUTES
                    probes.append(Probe(url, secret=secret, object_view=is_object_view))
                    if route == "<path:object_id>/change/":
                        filters = urlquote(f"q={PARTIAL}", safe="")
                        probes.append(Probe(f"{url}?_changelist_filters={filters}", secret))
                        probes.append(Probe(f"{url}?_popup=1", secret))
    return probes


def list_queries(model, desk: Desk) -> list[str]:
    """Search, facets, popups, ordering and hand-made filters an attacker would try."""
    queries = [f"?q={PARTIAL}", "?_facets=1", "?_popup=1&_to_field=id", "?o=-1", "?all="]
    article_ids = desk.secret_ids["articles.article"]
    if any(f.name == "article" for f in model._meta.get_fields()):
        queries += [f"?article__id__exact={pk}" for pk in article_ids]
        queries += [f"?article__headline__icontains={PARTIAL}", f"?article__slug={SENTINEL}"]
    if model is Image:
        queries += [f"?lead_of_articles__headline__icontains={PARTIAL}"]
    return queries


def autocomplete_probes() -> list[Probe]:
    """Every autocomplete the admin offers: its ModelAdmins' and their inlines' fields."""
    probes = []
    for model_admin in admin.site._registry.values():
        sources = [(model_admin.model, model_admin.autocomplete_fields)]
        sources += [(inline.model, inline.autocomplete_fields) for inline in model_admin.inlines]
        for source, field_names in sources:
            for field_name in field_names:
                for term in ("", PARTIAL, SENTINEL):
                    query = (
                        f"?app_label={source._meta.app_label}"
                        f"&model_name={source._meta.model_name}&field_name={field_name}"
                        f"&term={term}"
                    )
                    probes.append(Probe(f"/admin/autocomplete/{query}"))
                    if field_name == "lead_image":  # the picker's own search, with thumbnails
                        probes.append(Probe(f"/admin/articles/image/photo-search/{query}"))
    return probes


def site_probes(desk: Desk) -> list[Probe]:
    probes = [
        Probe("/admin/"),
        Probe("/admin/login/"),
        Probe("/admin/logout/"),
        Probe("/admin/password_change/"),
        Probe("/admin/password_change/done/"),
        Probe("/admin/jsi18n/"),
        Probe("/admin/no-such-page/"),
        *(Probe(f"/admin/{route}") for route in INCLUDED_ADMIN_ROUTES),
        *autocomplete_probes(),
    ]
    probes += [Probe(f"/admin/{app}/") for app in {m._meta.app_label for m in admin.site._registry}]
    # The body editor's photo picker: by words, and by the ids of the colleague's photos.
    secret_photos = ",".join(map(str, desk.secret_ids["articles.image"]))
    probes += [
        Probe(f"/admin/articles/image/picker/?q={PARTIAL}"),
        Probe(f"/admin/articles/image/picker/?ids={secret_photos}", secret=True),
    ]
    for model in admin.site._registry:
        content_type = ContentType.objects.get_for_model(model)
        for pk in desk.secret_ids.get(label(model), []):
            probes.append(Probe(f"/admin/r/{content_type.pk}/{pk}/", secret=True))
        for pk in desk.visible_ids.get(label(model), []):
            probes.append(Probe(f"/admin/r/{content_type.pk}/{pk}/"))
    return probes


def every_probe(desk: Desk) -> list[Probe]:
    return model_probes(desk) + site_probes(desk)


def leaks(response) -> bool:
    text = response.content.decode(errors="replace") + response.get("Location", "")
    return SENTINEL.lower() in text.lower()


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def desk(reporter, editor):
    """The personas of tests/conftest.py at a desk with a colleague's unpublished work."""
    return build_desk(reporter, editor)


def test_every_admin_url_is_known_to_this_matrix():
    unknown = []
    for model, model_admin in admin.site._registry.items():
        known = STANDARD_ROUTES | CUSTOM_ROUTES.get(label(model), set())
        unknown += [
            f"{label(model)}: {route_of(p)!r}"
            for p in model_admin.get_urls()
            if route_of(p) not in known
        ]
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver):
            continue  # a ModelAdmin's URLs, checked above
        if pattern.name != "app_list" and route_of(pattern) not in SITE_ROUTES:
            unknown.append(f"admin site: {route_of(pattern)!r}")
    for pattern in get_resolver().url_patterns:
        route = route_of(pattern)
        if not route.startswith("admin/"):
            continue
        if not isinstance(pattern, URLResolver):
            unknown += [f"project: {route!r}"] if route not in PROJECT_ADMIN_ROUTES else []
        elif pattern.namespace != admin.site.name:
            unknown += [
                f"project: {route}{route_of(included)!r}"
                for included in pattern.url_patterns
                if route_of(included) not in INCLUDED_ADMIN_ROUTES
            ]
    assert not unknown, "Admin URLs the access matrix does not cover: " + "; ".join(unknown)


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_admin_url(desk):
    client = Client(raise_request_exception=False)
    failures = []
    for probe in every_probe(desk):
        for method in ("get", "post"):
            response = getattr(client, method)(probe.url)
            if probe.url == "/admin/login/":
                if response.status_code >= 500 or leaks(response):
                    failures.append(f"{method} {probe.url}: {response.status_code}")
                continue
            location = response.get("Location", "")
            # Logging out while signed out goes to the index, which sends to the login page.
            expected = "/admin/" if probe.url == "/admin/logout/" else "/admin/login/"
            if response.status_code != 302 or not location.startswith(expected):
                failures.append(f"{method} {probe.url}: {response.status_code} {location}")
    assert not failures, "\n".join(failures)


def test_a_reporter_never_sees_a_colleagues_unpublished_work_anywhere_in_the_admin(desk):
    client = signed_in(desk.reporter)
    failures = []
    for probe in every_probe(desk):
        response = client.get(probe.url)
        if response.status_code >= 500:
            failures.append(f"{probe.url}: {response.status_code}")
        elif leaks(response):
            failures.append(f"{probe.url}: shows the sentinel ({response.status_code})")
        elif probe.secret and probe.object_view and response.status_code not in (403, 404):
            failures.append(f"{probe.url}: {response.status_code}, not 403 or 404")
    assert not failures, "\n".join(failures)


def paths_to_articles(model, depth: int = 2, prefix: str = ""):
    """Every lookup path from ``model`` to Article, up to ``depth`` relations away."""
    for relation in model._meta.get_fields():
        if not relation.is_relation or relation.related_model is None:
            continue
        path = prefix + relation.name
        if relation.related_model is Article:
            yield path
        elif depth > 1:
            yield from paths_to_articles(relation.related_model, depth - 1, path + "__")


def test_a_reporter_cannot_filter_any_list_by_the_words_of_unpublished_stories(desk):
    """A list filtered by a word only unpublished stories contain answers as for a word no
    story contains (or refuses the filter): its count is no oracle for hidden headlines."""
    client = signed_in(desk.reporter)
    failures = []
    for model in admin.site._registry:
        prefix = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for path in paths_to_articles(model):
            answers = []
            for word in (PARTIAL, "nowhereword"):
                response = client.get(f"{prefix}?{path}__headline__icontains={word}")
                cl = response.context["cl"] if response.status_code == 200 else None
                answers.append((response.status_code, cl and list(cl.result_list)))
            if answers[0] != answers[1] or answers[0][0] >= 500:
                failures.append(f"{prefix}?{path}__headline__icontains: {answers}")
    assert not failures, "\n".join(failures)


def test_a_reporter_cannot_change_or_delete_a_colleagues_unpublished_work(desk):
    client = signed_in(desk.reporter)
    before = {
        "headlines": sorted(Article.objects.values_list("headline", flat=True)),
        "quotes": sorted(Quote.objects.values_list("text", flat=True)),
        "mentions": Mention.objects.count(),
        "suggestions": NameSuggestion.objects.count(),
        "captions": sorted(Image.objects.values_list("caption", flat=True)),
    }
    failures = []
    for probe in every_probe(desk):
        if not (probe.secret and probe.object_view):
            continue
        data = {"post": "yes", "headline": "Changed", "text": "Changed", "caption": "Changed"}
        response = client.post(probe.url, data)
        if response.status_code not in (403, 404) or leaks(response):
            failures.append(f"POST {probe.url}: {response.status_code}")
    for name, ids in desk.secret_ids.items():
        app_label, model_name = name.split(".")
        for action in ("delete_selected", "dismiss", "create_people", "publish_now"):
            response = client.post(
                f"/admin/{app_label}/{model_name}/",
                {"action": action, "_selected_action": ids, "post": "yes"},
            )
            if response.status_code >= 500 or leaks(response):
                failures.append(f"{action} on {name}: {response.status_code}")
    after = {
        "headlines": sorted(Article.objects.values_list("headline", flat=True)),
        "quotes": sorted(Quote.objects.values_list("text", flat=True)),
        "mentions": Mention.objects.count(),
        "suggestions": NameSuggestion.objects.count(),
        "captions": sorted(Image.objects.values_list("caption", flat=True)),
    }
    assert not failures, "\n".join(failures)
    assert after == before
    assert set(NameSuggestion.objects.values_list("status", flat=True)) == {"open"}


def test_an_editor_gets_every_list_page_and_no_admin_url_fails(desk):
    client = signed_in(desk.editor)
    failures = []
    for probe in every_probe(desk):
        response = client.get(probe.url)
        if response.status_code >= 500:
            failures.append(f"{probe.url}: {response.status_code}")
        if probe.list_page:
            app_label, model_name = probe.list_page.split(".")
            may_view = desk.editor.has_perm(f"{app_label}.view_{model_name}")
            if response.status_code != (200 if may_view else 403):
                failures.append(f"{probe.url}: {response.status_code} (may view: {may_view})")
    assert not failures, "\n".join(failures)


def test_an_editor_sees_the_colleagues_unpublished_work(desk):
    """The matrix's sentinel is really on the pages the reporter is refused."""
    client = signed_in(desk.editor)
    for url in (
        "/admin/people/mention/",
        "/admin/people/quote/",
        "/admin/articles/image/",
        "/admin/people/person/",
        "/admin/tags/tag/",
    ):
        assert leaks(client.get(url)), url
    article_id = desk.secret_ids["articles.article"][0]
    assert leaks(client.get(f"/admin/articles/article/{article_id}/history/"))


def test_a_reporter_never_sees_an_alert_subscribers_address(desk):
    client = signed_in(desk.reporter)
    assert client.get("/admin/alerts/subscriber/").status_code == 403
    assert b"alerts" not in client.get("/admin/").content.lower()
    editor = signed_in(desk.editor)
    assert leaks(editor.get("/admin/alerts/subscriber/"))
