"""Export articles as JSON lines: ninjs 2.2 for partners, or the lossless full format."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exporting import FORMATS, articles_to_export, export_lines, parse_since
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Write articles as JSON lines, one per line, oldest first: --format ninjs (IPTC ninjs "
        "2.2, the default) or --format full (everything, for backups and moving Newsroom; "
        "import_articles reads it back). Output is deterministic: the same content gives the "
        "same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--status",
            action="append",
            default=[],
            metavar="STATUS",
            help="Only these statuses (repeat, or a comma list): "
            + ", ".join(Article.Status.values),
        )
        parser.add_argument(
            "--since", metavar="DATE", help="Only articles changed on or after this date-time."
        )
        parser.add_argument("--format", choices=FORMATS, default="ninjs")
        parser.add_argument("-o", "--output", metavar="FILE", help="Write here (default stdout).")

    def handle(self, *args, status, since, format, output, verbosity=1, **options):
        statuses = [s.strip() for value in status for s in value.split(",") if s.strip()]
        unknown = sorted(set(statuses) - set(Article.Status.values))
        if unknown:
            raise CommandError(
                f"Unknown status {', '.join(unknown)}; use {', '.join(Article.Status.values)}."
            )
        try:
            since_time = parse_since(since) if since else None
        except ValueError as error:
            raise CommandError(f"--since {error}.") from None
        lines = export_lines(articles_to_export(statuses=statuses, since=since_time), format=format)
        if not output:
            for line in lines:
                self.stdout.write(line)
            return
        count = self._write_file(Path(output), lines)
        if verbosity >= 1:
            self.stderr.write(f"Exported {count} articles to {output}.")

    def _write_file(self, path: Path, lines) -> int:
        """Write next to ``path`` and rename: a failed export never leaves half a file."""
        directory = path.resolve().parent
        if not directory.is_dir():
            raise CommandError(f"{path}: the folder {directory} does not exist.")
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", text=True)
        count = 0
        try:
            os.fchmod(handle, 0o644)  # mkstemp's 0600 would surprise whoever reads the export
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                for line in lines:
                    file.write(line + "\n")
                    count += 1
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return count
