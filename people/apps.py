from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # Models are importable only once the registry is ready.
        from newsroom.models import register_record_pages
        from people.models import Person

        # The rows readers may see on a person's page (slug redirects).
        register_record_pages({"people:detail": Person.objects.public})
