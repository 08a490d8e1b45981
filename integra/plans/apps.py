from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "integra.plans"
    label = "plans"
