"""Date and time formats per language (``FORMAT_MODULE_PATH``). Templates use the names
(``|date:"DATETIME_FORMAT"``, ``|time``), never a pattern of their own, so English pages read
"Tue 1 December 2026, 15:00" and German ones "Di, 1. Dezember 2026, 15:00 Uhr"."""
