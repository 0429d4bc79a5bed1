"""Load the demo storylines (articles/demo/content.json, "storylines"); ``load_demo`` runs it
by name after the stories exist (``articles`` may not import this app)."""

import json
from datetime import date

from django.db import transaction

from articles.management.commands.load_demo import CONTENT_FILE
from articles.models import Article
from newsroom.audit import AuditedCommand
from storylines.models import Storyline, StorylineEntry


class Command(AuditedCommand):
    help = (
        "Load the demo storylines and their entries (stories by slug, milestones by title and "
        "date) from the demo content. Existing storylines are left unchanged."
    )

    def handle(self, *args, **options):
        content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        created = 0
        with transaction.atomic():
            for item in content.get("storylines", []):
                if Storyline.objects.filter(slug=item["slug"]).exists():
                    continue
                storyline = Storyline(
                    slug=item["slug"],
                    title=item["title"],
                    description=item.get("description", ""),
                    status=item.get("status", Storyline.Status.DRAFT),
                )
                storyline.full_clean()
                storyline.save()
                for entry in item["entries"]:
                    if "article" in entry:
                        storyline.add_article(Article.objects.get(slug=entry["article"]))
                        continue
                    milestone = StorylineEntry(
                        storyline=storyline,
                        title=entry["title"],
                        text=entry.get("text", ""),
                        date=date.fromisoformat(entry["date"]),
                    )
                    milestone.full_clean()
                    milestone.save()
                created += 1
        self.audit_counts = {"new storylines": created}
        if options["verbosity"]:
            self.stdout.write(f"Demo storylines: {created} new.")
