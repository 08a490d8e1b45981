from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "integra.protection"
    label = "protection"
