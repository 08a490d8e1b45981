from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "integra.monitoring"
    label = "monitoring"
