from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "quartier.surveys"
    label = "surveys"
    verbose_name = _("Umfragen")

    def ready(self) -> None:
        from quartier.core.privacy import register_personal_data
        from quartier.surveys.privacy import export_survey_answers

        register_personal_data(
            "surveys", export=export_survey_answers, models=["surveys.SurveyResponse", "surveys.Answer"]
        )
