from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "integra.people"
    label = "people"

    def ready(self) -> None:
        from integra.core import demo, records
        from integra.people import demo as people_demo
        from integra.people.models import Person

        records.register(
            "person", lambda public_id: Person.objects.filter(public_id=public_id).exists()
        )
        demo.register_loader(people_demo.load)
