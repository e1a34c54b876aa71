from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "quartier.surveys"
    label = "surveys"
    verbose_name = _("Umfragen")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.surveys import hooks, privacy

        register_personal_data(
            "surveys",
            export=privacy.export_survey_answers,
            erase=privacy.erase_survey_answers,
            models=["surveys.SurveyResponse", "surveys.Answer"],
        )
        register_personal_data(
            "surveys_created",
            export=privacy.export_surveys_created,
            erase=privacy.erase_surveys_created,
            models=["surveys.Survey"],
        )
        hooks.register()
