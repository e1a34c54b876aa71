from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "quartier.news"
    label = "news"
    verbose_name = _("Aktuelles")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.news import bounces, hooks
        from quartier.news.privacy import erase_news, export_news

        register_personal_data(
            "news",
            export=export_news,
            erase=erase_news,
            models=[
                "news.Post",
                "news.PostChange",
                "news.Subscription",
                "news.SubscriptionRequest",
                "news.Consent",
                "news.Campaign",
                "news.CampaignChange",
                "news.CampaignRecipient",
            ],
        )
        hooks.register()
        bounces.connect()
