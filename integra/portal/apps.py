from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "integra.portal"
    label = "portal"
