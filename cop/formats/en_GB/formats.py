"""British formats with 24-hour times, as the rest of the site shows them.

Django looks in this package first (FORMAT_MODULE_PATH), then in ``cop.formats.en``,
then in its own locale modules, so start from Django's en_GB values (input formats
included: the admin's split date and time widgets parse with them) and override
only the display formats.
"""

from django.conf.locale.en_GB.formats import *  # noqa: F403

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# The admin's time box shows the first of these: no seconds.
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
