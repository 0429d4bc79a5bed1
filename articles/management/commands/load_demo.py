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

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article, Correction, Image, Section
from articles.roles import EDITOR, REPORTER
from articles.services import article_changed, set_bylines, set_tags, store_uploaded_image
from newsroom.audit import AuditedCommand
from people.models import Person, PersonAlias
from people.services import roles_from_row, set_roles
from tags.models import Tag

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


def _illustration(colours: tuple, size: tuple[int, int] = (1600, 1000)) -> bytes:
    """A simple generated picture: overlapping circles on a plain background, as JPEG."""
    background, first, second = colours
    picture = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for n in range(6):
        radius = height // (3 + n % 3)
        x, y = width * (n + 1) // 7, height // 2 + (-1) ** n * height // 6
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=first, width=18)
    draw.ellipse(
        (width // 2 - 220, height // 2 - 220, width // 2 + 220, height // 2 + 220), fill=second
    )
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


CONTENT_FILE = Path(__file__).resolve().parents[2] / "demo" / "content.json"
DEMO_ACCOUNTS = [("editor", EDITOR), ("reporter", REPORTER)]
DEMO_ROLES = {
    EDITOR: "Editor: reviews, schedules, publishes and corrects every story",
    REPORTER: "Reporter: writes drafts and submits them for review",
}


class Command(AuditedCommand):
    help = (
        "Load demo sections, people, tags and stories, and the demo accounts 'editor' and "
        "'reporter' (password from DEMO_PASSWORD, or generated and printed once). "
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
        for article in created:
            article_changed(article)
        self._accounts(people)
        self.audit_counts = {"new articles": len(created)}
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {Section.objects.count()} sections, "
                f"{Person.objects.count()} people, {Tag.objects.count()} tags, "
                f"{Article.objects.count()} articles ({len(created)} new)."
            )
        )

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
        for correction in item.get("corrections", []):
            Correction.objects.create(
                article=article,
                kind=correction.get("kind", Correction.Kind.CORRECTION),
                text=correction["text"],
                created_at=now - timedelta(hours=correction.get("hours_ago", 1)),
            )
        return article

    def _illustrate(self, article: Article, colours: tuple, description: str) -> None:
        """Give a demo story a generated illustration (no photos of real people are shipped)."""
        image = Image(
            alt_text=f"Illustration: {description}",
            caption=f"An illustration for “{article.headline}”.",
            credit="Newsroom graphics desk",
            source="Generated for the demo",
        )
        upload = SimpleUploadedFile("illustration.jpg", _illustration(colours), "image/jpeg")
        store_uploaded_image(image=image, upload=upload)
        Article.objects.filter(pk=article.pk).update(lead_image=image)
        article.lead_image = image

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
