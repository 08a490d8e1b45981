from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_indicators(sender: AppConfig, **kwargs: Any) -> None:
    from integra.monitoring.services import dashboards, indicators, reports

    indicators.builtin_indicators_sync()
    dashboards.builtin_dashboards_sync()
    reports.ratifications_ensure()


class MonitoringConfig(AppConfig):
    name = "integra.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        from integra.core import demo, scheduler
        from integra.monitoring import demo as monitoring_demo
        from integra.monitoring import demo_funding, demo_practices, demo_surveys, tasks

        post_migrate.connect(_sync_indicators, sender=self)
        scheduler.register_daily("monitoring.refresh", tasks.refresh_statistics.enqueue)
        scheduler.register_daily("monitoring.funding_alerts", tasks.funding_alerts.enqueue)
        demo.register_loader(demo_funding.load)
        demo.register_loader(demo_practices.load)
        demo.register_loader(demo_surveys.load)
        demo.register_loader(monitoring_demo.load, late=True)
