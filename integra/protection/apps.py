from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "integra.protection"
    label = "protection"
    verbose_name = _("Protection of migrant workers")

    def ready(self) -> None:
        from integra.core import demo, scheduler
        from integra.protection import (
            demo_agencies,
            demo_complaints,
            demo_counselling,
            demo_incidents,
            demo_inspections,
            notice_texts_complaints,
            tasks_agencies,
        )

        notice_texts_complaints.register()
        demo.register_loader(demo_agencies.load)
        demo.register_loader(demo_complaints.load)
        demo.register_loader(demo_inspections.load)
        demo.register_loader(demo_incidents.load)
        # After the portal's loader: the demo migrant books an appointment herself.
        demo.register_loader(demo_counselling.load, late=True)
        scheduler.register_daily(
            "protection.licences_expire", tasks_agencies.licences_expire.enqueue
        )
