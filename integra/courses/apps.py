from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "integra.courses"
    label = "courses"
    verbose_name = _("Courses and exams")

    def ready(self) -> None:
        from django.urls import reverse

        from integra.core import demo, records
        from integra.courses import demo as courses_demo
        from integra.courses import notice_texts, selectors

        notice_texts.register()
        demo.register_loader(courses_demo.load)
        records.register(
            "course",
            selectors.course_exists,
            url=lambda public_id: reverse("courses:course", args=[public_id]),
        )
