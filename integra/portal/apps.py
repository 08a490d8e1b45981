from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "integra.portal"
    label = "portal"
    verbose_name = _("Migrants' portal")

    def ready(self) -> None:
        from django.urls import reverse

        from integra.core import demo, records
        from integra.portal import demo as portal_demo
        from integra.portal import demo_articles, notice_texts
        from integra.portal.selectors import mine

        notice_texts.register()
        demo.register_loader(demo_articles.load)
        demo.register_loader(portal_demo.load)
        records.register(
            "conversation",
            mine.conversation_exists,
            url=lambda public_id: reverse("portal_staff:person", args=[public_id]),
        )
