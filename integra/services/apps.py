from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "integra.services"
    label = "services"
