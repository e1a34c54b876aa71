from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "quartier.accounts"
    label = "accounts"
    verbose_name = _("Konten")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from quartier.accounts import services
        from quartier.core.privacy import register_exporter

        authenticator_added.connect(services.record_second_factor_on_setup, dispatch_uid="quartier-mfa-setup")
        register_exporter("account", services.export_account)
