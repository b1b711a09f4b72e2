# Moroccan usage: "06 دجنبر 2022", Western digits. Month names come from locale/ar (Moroccan names).
DATE_FORMAT = "d F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d F Y، H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "d F"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"  # narrow no-break space: 655 000 stays one number in RTL text
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
