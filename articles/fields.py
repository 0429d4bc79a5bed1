from django.core.exceptions import FieldDoesNotExist
from django_prose_editor.fields import ProseEditorField

from articles.text_format import EDITOR_EXTENSIONS, body_image_ids, html_to_text, sanitize_html


class BodyField(ProseEditorField):
    """Article body: the prose editor in forms, and cleaned to the allow-list on every save.

    django-prose-editor only sanitises in forms; cleaning again in ``pre_save`` covers the
    importer, commands, the shell and anything else that calls ``save()``. Migrations see a
    plain TextField.
    """

    def __init__(self, *args, plain_text_field: str = "", image_ids_field: str = "", **kwargs):
        kwargs.setdefault("extensions", dict(EDITOR_EXTENSIONS))
        kwargs.setdefault("sanitize", sanitize_html)
        self.plain_text_field = plain_text_field
        self.image_ids_field = image_ids_field
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or ""
        # Cleaning is idempotent: a body this field cleaned a moment ago (the bulk importer
        # prepares its stories before inserting them) is not cleaned and read again.
        if value != getattr(model_instance, self._cleaned_attname, None):
            value = sanitize_html(value)
            setattr(model_instance, self.attname, value)
            # The history table keeps the body but not its derived plain text.
            if self.plain_text_field and _has_field(model_instance, self.plain_text_field):
                # Derived here, from exactly the cleaned HTML, so the two never disagree.
                setattr(model_instance, self.plain_text_field, html_to_text(value))
            setattr(model_instance, self._cleaned_attname, value)
        if self.image_ids_field and _has_field(model_instance, self.image_ids_field):
            # Outside the test above: a body cleaned by the importer still lists its photos.
            setattr(model_instance, self.image_ids_field, image_ids_text(body_image_ids(value)))
        return value

    def set_cleaned(self, model_instance, value: str, plain_text: str) -> None:
        """A body already cleaned with ``sanitize_html`` (by the importer's readers, in
        another process), with its plain text: saving will not clean it again."""
        setattr(model_instance, self.attname, value)
        setattr(model_instance, self.plain_text_field, plain_text)
        setattr(model_instance, self._cleaned_attname, value)

    @property
    def _cleaned_attname(self) -> str:
        return f"_{self.attname}_cleaned"


def image_ids_text(ids) -> str:
    """Photo ids as stored beside a body: ",12,13," (so "uses photo 12" is one LIKE)."""
    return f",{','.join(map(str, ids))}," if ids else ""


def _has_field(model_instance, name: str) -> bool:
    try:
        model_instance._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
