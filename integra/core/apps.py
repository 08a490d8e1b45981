from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "integra.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from integra.core import records, scheduler, services, sms, tasks
        from integra.core.models import Organisation

        services.use_emailer(tasks.notification_emails.enqueue)
        sms.use_queue(tasks.send_sms.enqueue)
        scheduler.register_daily(
            "core.notification_emails", tasks.notification_emails_retry.enqueue
        )

        records.register(
            "organisation", lambda code: Organisation.objects.filter(code=code).exists()
        )
