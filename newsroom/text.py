"""Plain text is stored clean, whatever wrote it (admin, importer, shell)."""

import re
import unicodedata

from django.db import models

# Bidirectional overrides and isolates reorder how text is displayed (a "right-to-left
# override" can make "exe.txt" read "txt.exe"); other C0/C1 controls have no place in copy.
_INVISIBLE_CONTROLS = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]"
)


def clean_text(value: str) -> str:
    """Text as stored: NFC, without control characters or bidirectional overrides."""
    if not value:
        return value
    return _INVISIBLE_CONTROLS.sub("", unicodedata.normalize("NFC", value))


class CleanTextMixin(models.Model):
    """Clean every plain-text field on save (see ``clean_text``)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.clean_text_fields()
        super().save(*args, **kwargs)

    def clean_text_fields(self) -> None:
        """What ``save()`` does first; bulk inserts, which skip ``save()``, call it themselves."""
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, clean_text(value))
