from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models.query_utils import DeferredAttribute
from django_prose_editor.fields import ProseEditorField

from articles.text_format import EDITOR_EXTENSIONS, body_image_ids, html_to_text, sanitize_html


@dataclass(frozen=True)
class CleanBody:
    """A body already cleaned with ``sanitize_html``, with its plain text.

    Assigned to a ``BodyField`` (``article.body = CleanBody.of(html)``), it is stored as it is:
    validating and saving do not clean it and read it again. The importer's readers clean
    bodies in other processes and hand them over this way.
    """

    html: str
    text: str

    @classmethod
    def of(cls, html: str) -> "CleanBody":
        clean = sanitize_html(html)
        return cls(html=clean, text=html_to_text(clean))


class BodyAttribute(DeferredAttribute):
    """The body on an instance: a plain string; a ``CleanBody`` assigned to it is unpacked
    into the body, its plain text, and the note that the body is clean."""

    def __set__(self, instance, value) -> None:
        field = self.field
        if isinstance(value, CleanBody):
            if field.plain_text_field and _has_field(instance, field.plain_text_field):
                setattr(instance, field.plain_text_field, value.text)
            instance.__dict__[field._cleaned_attname] = value.html
            value = value.html
        instance.__dict__[field.attname] = value


class BodyField(ProseEditorField):
    """Article body: the prose editor in forms, and cleaned to the allow-list on every save.

    django-prose-editor only sanitises in forms; cleaning again in ``pre_save`` covers the
    importer, commands, the shell and anything else that calls ``save()``. Migrations see a
    plain TextField.
    """

    descriptor_class = BodyAttribute

    def __init__(self, *args, plain_text_field: str = "", image_ids_field: str = "", **kwargs):
        kwargs.setdefault("extensions", dict(EDITOR_EXTENSIONS))
        kwargs.setdefault("sanitize", sanitize_html)
        self.plain_text_field = plain_text_field
        self.image_ids_field = image_ids_field
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or ""
        # Cleaning is idempotent: a body this field cleaned a moment ago, or one handed over
        # clean (``CleanBody``), is not cleaned and read again.
        if not self._is_clean(model_instance, value):
            value = sanitize_html(value)
            setattr(model_instance, self.attname, value)
            # The history table keeps the body but not its derived plain text.
            if self.plain_text_field and _has_field(model_instance, self.plain_text_field):
                # Derived here, from exactly the cleaned HTML, so the two never disagree.
                setattr(model_instance, self.plain_text_field, html_to_text(value))
            model_instance.__dict__[self._cleaned_attname] = value
        if self.image_ids_field and _has_field(model_instance, self.image_ids_field):
            # Outside the test above: a body handed over clean still lists its photos.
            setattr(model_instance, self.image_ids_field, image_ids_text(body_image_ids(value)))
        return value

    def clean(self, value, model_instance):
        if self._is_clean(model_instance, value):
            # Validated as text, not sanitised again (the sanitiser is the costly part).
            return super(ProseEditorField, self).clean(value, model_instance)
        return super().clean(value, model_instance)

    def _is_clean(self, model_instance, value) -> bool:
        return value == model_instance.__dict__.get(self._cleaned_attname)

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
