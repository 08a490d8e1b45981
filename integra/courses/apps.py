from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "integra.courses"
    label = "courses"
