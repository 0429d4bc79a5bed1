"""Import stories: find files safely, read them strictly, parse them, and write them by one
path, in batches (a single story is a batch of one).

Three inputs become articles:

* raw text (``.txt``): one paragraph per line. Optional header lines at the top: ``# Headline``
  (or ``Headline: ...``) and ``Id: ...`` (a stable identity). An opening dateline
  ("Nairobi, Kenya – ", with an en dash, em dash or hyphen) becomes ``Article.dateline``;
  short lines without final punctuation become subheads. Without a headline line the headline
  is cut from the first sentence and flagged ``headline_needs_review``. Identity: ``Id:`` when
  given, else the file's resolved ``file://`` URI, so an edited file updates its article.
* ninjs 2.x / 1.x (``.json``, ``.jsonl``, ``.ndjson``): see ``ninjs.py``.
* Newsroom's own lossless "full" records (``"newsroom_format": "full/1"``), written by
  ``export_articles --format full``: restored as they are, without re-linking people.

Re-imports update the article with the same identity, unless an editor changed it since the
last import (``version != imported_version``): then it is kept unless ``overwrite`` is set.

Where each part is, in the order a story goes through them:

* ``sources.py``: the files to read, from names, globs and directories (symlinks kept inside).
* ``decoding.py``: bytes to text, strictly; JSON split into stories; JSON values checked.
* ``raw_text.py``, ``ninjs.py``: a story's text or JSON to a ``StoryDraft`` (``drafts.py``).
* ``full_format.py``: restoring Newsroom's own full records.
* ``reading.py``: a file to stories ready to write: parsed, body cleaned, people found.
* ``stories.py``: a draft's fields on its article; slugs; the checks before publishing.
* ``writing.py``: the write path, for one story or a batch.
* ``at_scale.py``: reader processes, the queue of stories, batches; ``import_sources``.
* ``context.py``, ``outcomes.py``: the run's options and shared look-ups; results, reasons.
"""

from articles.importing.at_scale import (
    MAX_DEFAULT_JOBS,
    PARALLEL_FROM_BYTES,
    default_jobs,
    import_sources,
)
from articles.importing.context import ImportContext, ImportOptions
from articles.importing.decoding import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_FILE_BYTES,
    decode_text,
    read_text,
)
from articles.importing.drafts import StoryDraft
from articles.importing.ninjs import parse_ninjs
from articles.importing.outcomes import ItemResult, Outcome, Refused, Skipped
from articles.importing.raw_text import (
    derive_headline,
    first_sentence,
    parse_raw_text,
)
from articles.importing.sources import Source, collect_sources

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_FILE_BYTES",
    "MAX_DEFAULT_JOBS",
    "PARALLEL_FROM_BYTES",
    "ImportContext",
    "ImportOptions",
    "ItemResult",
    "Outcome",
    "Refused",
    "Skipped",
    "Source",
    "StoryDraft",
    "collect_sources",
    "decode_text",
    "default_jobs",
    "derive_headline",
    "first_sentence",
    "import_sources",
    "parse_ninjs",
    "parse_raw_text",
    "read_text",
]
