"""Plain ``en`` (a browser asking for English) gets the same British formats."""

from cop.formats.en_GB.formats import *  # noqa: F403
