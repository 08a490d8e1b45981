from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "integra.services"
    label = "services"
    verbose_name = _("Partners and referrals")

    def ready(self) -> None:
        from django.urls import reverse

        from integra.core import records
        from integra.services import notice_texts, selectors

        notice_texts.register()
        records.register(
            "referral",
            selectors.referral_exists,
            url=lambda public_id: reverse("services:referral", args=[public_id]),
        )
