from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "integra.services"
    label = "services"
    verbose_name = _("Partners and referrals")

    def ready(self) -> None:
        from django.urls import reverse

        from integra.core import demo, records
        from integra.services import demo as services_demo
        from integra.services import notice_texts, selectors

        notice_texts.register()
        demo.register_loader(services_demo.load)
        records.register(
            "referral",
            selectors.referral_exists,
            url=lambda public_id: reverse("services:referral", args=[public_id]),
        )
        records.register(
            "volunteer",
            selectors.volunteer_exists,
            url=lambda public_id: reverse("services:volunteer_detail", args=[public_id]),
        )
