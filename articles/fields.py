from django_prose_editor.fields import ProseEditorField

from articles.text_format import EDITOR_EXTENSIONS, html_to_text, sanitize_html


class BodyField(ProseEditorField):
    """Article body: the prose editor in forms, and cleaned to the allow-list on every save.

    django-prose-editor only sanitises in forms; cleaning again in ``pre_save`` covers the
    importer, commands, the shell and anything else that calls ``save()``. Migrations see a
    plain TextField.
    """

    def __init__(self, *args, plain_text_field: str = "", **kwargs):
        kwargs.setdefault("extensions", dict(EDITOR_EXTENSIONS))
        kwargs.setdefault("sanitize", sanitize_html)
        self.plain_text_field = plain_text_field
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        if self.plain_text_field:
            # Derived here, from exactly the cleaned HTML, so the two never disagree.
            setattr(model_instance, self.plain_text_field, html_to_text(value))
        return value
