from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "integra.placement"
    label = "placement"
