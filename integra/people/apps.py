from collections.abc import Mapping
from datetime import date

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "integra.people"
    label = "people"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils import formats
        from django.utils.translation import gettext as _

        from integra.core import demo, records, scheduler, todos
        from integra.people import demo as people_demo
        from integra.people import tasks, timeline_texts
        from integra.people.models import DocumentKind, Person

        records.register(
            "person",
            lambda public_id: Person.objects.filter(public_id=public_id).exists(),
            url=lambda public_id: reverse("people:person_detail", args=[public_id]),
        )
        demo.register_loader(people_demo.load)
        timeline_texts.register()
        scheduler.register_daily("people.document_expiry", tasks.document_expiry_todos.enqueue)
        scheduler.register_daily("people.imports_forget", tasks.imports_forget.enqueue)

        def document_expiry(params: Mapping[str, object]) -> str:
            kind = dict(DocumentKind.choices).get(str(params.get("kind")), params.get("kind"))
            day = date.fromisoformat(str(params.get("valid_until")))
            return _("%(document)s of %(person)s expires on %(date)s.") % {
                "document": kind,
                "person": params.get("person", ""),
                "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
            }

        todos.register("document_expiry", document_expiry)
