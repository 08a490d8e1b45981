from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "integra.plans"
    label = "plans"

    def ready(self) -> None:
        from integra.core import demo, scheduler
        from integra.plans import alert_texts, tasks
        from integra.plans import demo as plans_demo

        alert_texts.register()
        scheduler.register_daily("plans.alerts", tasks.plan_alerts.enqueue)
        demo.register_loader(plans_demo.load)
