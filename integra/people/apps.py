from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "integra.people"
    label = "people"
