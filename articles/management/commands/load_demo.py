"""Load the demo newsroom: sections, people, tags, stories and two accounts.

Idempotent: what already exists (matched by slug or username) is left as it is, so running it
twice gives the same counts and never overwrites an editor's changes to demo content.
"""

import io
import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article, Correction, Image, LiveUpdate, Pin, Section
from articles.roles import EDITOR, REPORTER
from articles.services import article_changed, set_bylines, set_tags, store_uploaded_image
from newsroom.audit import AuditedCommand
from people.models import Person, PersonAlias
from people.services import roles_from_row, set_roles, store_portrait
from tags.models import Tag, TagSynonym

# Background, two accent colours, and what the picture shows (its alt text).
ILLUSTRATIONS = [
    (
        ((16, 42, 84), (242, 153, 74), (235, 87, 87)),
        "orange and red circles over a deep blue field",
    ),
    (((20, 83, 45), (242, 201, 76), (255, 255, 255)), "yellow and white circles over dark green"),
    (((74, 20, 80), (86, 204, 242), (255, 255, 255)), "light blue and white circles over purple"),
    (
        ((60, 60, 60), (242, 153, 74), (111, 207, 151)),
        "orange and green circles over charcoal grey",
    ),
]


def _illustration(
    colours: tuple, size: tuple[int, int] = (1600, 1000), *, centre: tuple[int, int] | None = None
) -> bytes:
    """A simple generated picture: overlapping circles on a plain background, and a big disc
    at ``centre`` (the middle unless told), as JPEG."""
    background, first, second = colours
    picture = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for n in range(6):
        radius = height // (3 + n % 3)
        x, y = width * (n + 1) // 7, height // 2 + (-1) ** n * height // 6
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=first, width=18)
    cx, cy = centre or (width // 2, height // 2)
    draw.ellipse((cx - 220, cy - 220, cx + 220, cy + 220), fill=second)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def _portrait(colours: tuple, size: int = 640) -> bytes:
    """A generated portrait: a head and shoulders silhouette on a plain background, as JPEG."""
    background, first, _second = colours
    picture = PILImage.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((size * 0.32, size * 0.14, size * 0.68, size * 0.52), fill=first)
    draw.ellipse((size * 0.14, size * 0.58, size * 0.86, size * 1.3), fill=first)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


# Which new demo story shows which kind of body figure (Command._figures).
DEMO_FIGURES = {
    "drought-tolerant-sorghum-trials-eastern-kenya": lambda command: command._inline_photo(),
    "port-au-prince-artists-keep-studios-open": lambda command: command._gallery(),
    "lamu-cultural-festival-dhow-races": lambda command: command._map(),
}

CONTENT_FILE = Path(__file__).resolve().parents[2] / "demo" / "content.json"
DEMO_ACCOUNTS = [("editor", EDITOR), ("reporter", REPORTER)]
DEMO_ROLES = {
    EDITOR: "Editor: reviews, schedules, publishes and corrects every story",
    REPORTER: "Reporter: writes drafts and submits them for review",
}


class Command(AuditedCommand):
    help = (
        "Load demo sections, people, tags and stories (with a pinned lead and the storylines), "
        "and the demo accounts 'editor' and 'reporter' (password from DEMO_PASSWORD, or "
        "generated and printed once). "
        "Existing records are left unchanged."
    )

    def handle(self, *args, **options):
        content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        now = timezone.now()
        with transaction.atomic():
            sections = self._sections(content["sections"])
            people = self._people(content["people"])
            tags = self._tags(content["tags"])
            created = [
                article
                for item in content["articles"]
                if (article := self._article(item, now, sections, people, tags)) is not None
            ]
        newest_first = sorted(
            (a for a in created if a.is_live), key=lambda a: a.published_at, reverse=True
        )
        for article, illustration in zip(newest_first, ILLUSTRATIONS, strict=False):
            self._illustrate(article, *illustration)
        self._figures({article.slug: article for article in created})
        self._portraits(created)
        for article in created:
            article_changed(article)
        self._pins(content.get("pins", []))
        # The storylines app depends on articles, not the other way: run its loader by name.
        if apps.is_installed("storylines"):
            call_command("load_demo_storylines", stdout=self.stdout, verbosity=0)
        self._accounts(people)
        self.audit_counts = {"new articles": len(created)}
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {Section.objects.count()} sections, "
                f"{Person.objects.count()} people, {Tag.objects.count()} tags, "
                f"{Article.objects.count()} articles ({len(created)} new)."
            )
        )

    def _pins(self, items) -> None:
        """Pin the demo's lead story on the front page, unless that place is taken."""
        for item in items:
            taken = Pin.objects.on(None).filter(position=item["position"]).exists()
            if not taken:
                pin = Pin(
                    article=Article.objects.get(slug=item["article"]), position=item["position"]
                )
                pin.full_clean()
                pin.save()

    def _sections(self, items) -> dict[str, Section]:
        sections = {}
        for item in items:
            sections[item["slug"]], _ = Section.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "description": item.get("description", ""),
                    "order": item.get("order", 100),
                },
            )
        return sections

    def _people(self, items) -> dict[str, Person]:
        people = {}
        for item in items:
            person, created = Person.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    key: item.get(key, "") for key in ("name", "sort_name", "honorific", "bio")
                },
            )
            if created:
                set_roles(person, roles_from_row(item) or [])
                for alias in item.get("aliases", []):
                    if not PersonAlias.objects.filter(text__iexact=alias).exists():
                        PersonAlias.objects.create(person=person, text=alias)
            people[item["slug"]] = person
        return people

    def _tags(self, items) -> dict[str, Tag]:
        tags = {}
        for item in items:
            tag = Tag.objects.filter(slug=item["slug"]).first()
            if tag is None:
                tag = Tag.objects.create(
                    slug=item["slug"],
                    name=item["name"],
                    kind=item["kind"],
                    description=item.get("description", ""),
                )
            for name in item.get("synonyms", []):
                # Resolve first: a database loaded before the tag had synonyms may still call
                # it by one of them.
                if Tag.objects.resolve(name) is None:
                    synonym = TagSynonym(tag=tag, name=name)
                    synonym.full_clean()
                    synonym.save()
            tags[item["slug"]] = tag
        return tags

    def _article(self, item, now, sections, people, tags) -> Article | None:
        if Article.objects.filter(slug=item["slug"]).exists():
            return None
        article = Article(
            slug=item["slug"],
            headline=item["headline"],
            dek=item.get("dek", ""),
            meta_description=item.get("meta_description", ""),
            dateline=item.get("dateline", ""),
            body=item["body"],
            section=sections[item["section"]],
        )
        hours_ago = item.get("published_hours_ago")
        status = item["status"]
        if status in ("published", "scheduled", "archived"):
            article.publish(at=now - timedelta(hours=hours_ago))
            if status == "archived":
                article.unpublish()
        elif status == "in_review":
            article.submit_for_review()
        article.full_clean()
        article.save()
        set_bylines(
            article=article,
            bylines=[(people[b["person"]], b.get("role", "by")) for b in item.get("bylines", [])],
        )
        set_tags(article=article, tags=[tags[slug] for slug in item.get("tags", [])])
        if coverage := item.get("live_coverage"):
            self._live_coverage(article, coverage, now, people)
        for correction in item.get("corrections", []):
            Correction.objects.create(
                article=article,
                kind=correction.get("kind", Correction.Kind.CORRECTION),
                text=correction["text"],
                created_at=now - timedelta(hours=correction.get("hours_ago", 1)),
            )
        return article

    def _live_coverage(self, article: Article, coverage: dict, now, people) -> None:
        """A finished live coverage: its updates, then the end (a normal story again)."""
        article.start_live_coverage(at=now - timedelta(hours=coverage["started_hours_ago"]))
        for entry in coverage["updates"]:
            update = LiveUpdate(
                article=article,
                text=entry["text"],
                author=people.get(entry.get("author", "")),
                published_at=now - timedelta(hours=entry["hours_ago"]),
                pinned=entry.get("pinned", False),
            )
            update.full_clean()
            update.save()
        if ended := coverage.get("ended_hours_ago"):
            article.end_live_coverage(at=now - timedelta(hours=ended))
        article.full_clean()
        article.save()

    def _illustrate(self, article: Article, colours: tuple, description: str) -> None:
        """Give a demo story a generated illustration (no photos of real people are shipped)."""
        image = self._demo_photo(colours, description, f"An illustration for “{article.headline}”.")
        Article.objects.filter(pk=article.pk).update(lead_image=image)
        article.lead_image = image

    def _demo_photo(
        self, colours: tuple, description: str, caption: str, focal=(0.5, 0.5)
    ) -> Image:
        """A generated illustration in the photo library, its focal point on the big disc."""
        image = Image(
            alt_text=f"Illustration: {description}",
            caption=caption,
            credit="Newsroom graphics desk",
            source="Generated for the demo",
            focal_x=focal[0],
            focal_y=focal[1],
        )
        size = (1600, 1000)
        centre = (round(focal[0] * size[0]), round(focal[1] * size[1]))
        data = _illustration(colours, size, centre=centre)
        return store_uploaded_image(
            image=image, upload=SimpleUploadedFile("illustration.jpg", data, "image/jpeg")
        )

    def _figures(self, created: dict[str, Article]) -> None:
        """Show each kind of body figure on a new demo story: a photo, a gallery, an embed."""
        for slug, make in DEMO_FIGURES.items():
            article = created.get(slug)
            if article is None:
                continue
            figure = make(self)
            paragraphs = article.body.split("</p>")
            # After the second paragraph: the reader has the story before the picture.
            article.body = (
                "</p>".join(paragraphs[:2]) + "</p>" + figure + "</p>".join(paragraphs[2:])
            )
            article._change_reason = "Demo: a figure in the body"
            article.full_clean()
            article.save()

    def _inline_photo(self) -> str:
        colours, description = ILLUSTRATIONS[1]
        photo = self._demo_photo(
            colours, description, "Trial plots in the dry season (illustration).", (0.8, 0.3)
        )
        return f'<figure data-image="{photo.pk}" data-size="wide"></figure>'

    def _gallery(self) -> str:
        photos = [
            self._demo_photo(colours, description, f"Studio {n} (illustration).", focal)
            for n, ((colours, description), focal) in enumerate(
                zip(ILLUSTRATIONS, [(0.2, 0.4), (0.7, 0.6), (0.5, 0.2), (0.85, 0.8)], strict=True),
                start=1,
            )
        ]
        return (
            f'<figure class="gallery" data-images="{",".join(str(p.pk) for p in photos)}"></figure>'
        )

    def _map(self) -> str:
        return (
            '<figure data-embed="https://www.openstreetmap.org/#map=14/-2.2717/40.9020"></figure>'
        )

    def _portraits(self, created: list[Article]) -> None:
        """Generated portraits (no photos of real people) for the demo's bylined writers."""
        writers = Person.objects.filter(bylines__article__in=created, photo="").distinct()
        for n, person in enumerate(writers.order_by("slug")):
            colours = ILLUSTRATIONS[n % len(ILLUSTRATIONS)][0]
            upload = SimpleUploadedFile("portrait.jpg", _portrait(colours), "image/jpeg")
            store_portrait(person=person, upload=upload)
            person.save()

    def _accounts(self, people: dict[str, Person]) -> None:
        """Create the demo accounts once and say how to sign in with each, every run."""
        User = get_user_model()
        chosen_password = os.environ.get("DEMO_PASSWORD", "").strip()
        lines = []
        for username, group_name in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                password = chosen_password or secrets.token_urlsafe(12)
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    is_staff=True,
                    email=f"{username}@newsroom.example",
                )
                user.groups.add(Group.objects.get(name=group_name))
                shown = password if not chosen_password else "the DEMO_PASSWORD you set"
            elif chosen_password:
                if not user.check_password(chosen_password):
                    user.set_password(chosen_password)
                    user.save(update_fields=["password"])
                shown = "the DEMO_PASSWORD you set"
            else:
                shown = "as printed when it was created (set DEMO_PASSWORD to choose one)"
            lines.append(f"  {username:<9} {DEMO_ROLES[group_name]}\n            password: {shown}")
        self.stdout.write(f"Demo accounts; sign in at {settings.SITE_URL}/admin/")
        self.stdout.write("\n".join(lines))
