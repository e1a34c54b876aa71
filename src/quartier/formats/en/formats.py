"""English: "Tue 1 December 2026, 15:00", day before month (British, as the town writes it),
never "11/28/2026". Names not set here come from Django's ``en``."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "D j F Y, H:i"
MONTH_DAY_FORMAT = "D j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "D j M Y, H:i"
