from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "quartier.accounts"
    label = "accounts"
    verbose_name = _("Konten")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from quartier.accounts import privacy, services
        from quartier.core.privacy import register_personal_data

        authenticator_added.connect(services.record_second_factor_on_setup, dispatch_uid="quartier-mfa-setup")
        register_personal_data(
            "account",
            export=privacy.export_account,
            erase=privacy.erase_account,
            models=["accounts.User", "account.EmailAddress", "mfa.Authenticator", "places.District", "admin.LogEntry"],
            # Last: the other erasers find visitor records through the confirmed addresses.
            order=1000,
        )
