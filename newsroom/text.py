"""Plain text is stored clean, whatever wrote it (admin, importer, shell)."""

import re
import unicodedata

from django.db import models

# Bidirectional overrides and isolates reorder how text is displayed (a "right-to-left
# override" can make "exe.txt" read "txt.exe"); other C0/C1 controls have no place in copy.
_INVISIBLE_CONTROLS = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]"
)
# Invisible marks that make two spellings of one name differ ("A\u200bYoung" is not "A Young"
# to the database, search or a duplicate check): direction marks (LRM, RLM, Arabic letter
# mark), zero-width space, non-joiner and joiner, word joiner, byte-order mark. Only stripped
# from names: in running text the joiners shape emoji and Persian or Indic words.
_INVISIBLE_IN_NAMES = re.compile("[\u061c\u200b-\u200f\u2060\ufeff]")


def clean_text(value: str) -> str:
    """Text as stored: NFC, without control characters or bidirectional overrides."""
    if not value:
        return value
    return _INVISIBLE_CONTROLS.sub("", unicodedata.normalize("NFC", value))


def clean_name(value: str) -> str:
    """A name as stored (a person's, an alias, a tag's): ``clean_text`` without invisible
    marks or zero-width characters, and single spaces."""
    if not value:
        return value
    return " ".join(_INVISIBLE_IN_NAMES.sub("", clean_text(value)).split())


class CleanTextMixin(models.Model):
    """Clean every plain-text field on validation and on save (see ``clean_text``); the
    fields listed in ``name_fields`` get ``clean_name`` instead."""

    # Fields that hold a name, e.g. ("name",).
    name_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.clean_text_fields()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        # Validate what will be stored: a name made only of invisible characters is empty,
        # and "A\u200eYoung" collides with "AYoung" before the database says so.
        self.clean_text_fields()
        super().clean_fields(exclude=exclude)

    def clean_text_fields(self) -> None:
        """What ``save()`` does first; bulk inserts, which skip ``save()``, call it themselves."""
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    clean = clean_name if field.name in self.name_fields else clean_text
                    setattr(self, field.attname, clean(value))
