from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementConfig(AppConfig):
    name = "integra.placement"
    label = "placement"
    verbose_name = _("Work and placement")

    def ready(self) -> None:
        from integra.core import demo
        from integra.placement import demo as placement_demo

        demo.register_loader(placement_demo.load)
