"""German: "Di, 1. Dezember 2026, 15:00 Uhr". Names not set here come from Django's ``de``."""

DATE_FORMAT = "j. F Y"
TIME_FORMAT = r"H:i \U\h\r"
DATETIME_FORMAT = r"D, j. F Y, H:i \U\h\r"
MONTH_DAY_FORMAT = "D, j. F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "D, d.m.Y, H:i"
