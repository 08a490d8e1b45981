from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "integra.plans"
    label = "plans"

    def ready(self) -> None:
        from django.urls import reverse

        from integra.core import demo, records, scheduler
        from integra.plans import alert_texts, tasks, timeline_texts
        from integra.plans import demo as plans_demo

        alert_texts.register()
        timeline_texts.register()
        records.register(
            "caseload",
            lambda whose: whose == "mine",
            url=lambda whose: reverse("plans:caseload") + "?whose=mine",
        )
        scheduler.register_daily("plans.alerts", tasks.plan_alerts.enqueue)
        demo.register_loader(plans_demo.load)
