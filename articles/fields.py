from django_prose_editor.fields import ProseEditorField

from articles.text_format import EDITOR_EXTENSIONS, sanitize_html


class BodyField(ProseEditorField):
    """Article body: the prose editor in forms, and cleaned to the allow-list on every save.

    django-prose-editor only sanitises in forms; cleaning again in ``pre_save`` covers the
    importer, commands, the shell and anything else that calls ``save()``. Migrations see a
    plain TextField.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", dict(EDITOR_EXTENSIONS))
        kwargs.setdefault("sanitize", sanitize_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
