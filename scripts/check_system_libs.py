"""Check the system packages `make run` and `make test` rely on, before anything runs.

WeasyPrint loads Pango, HarfBuzz (and its subsetter), fontconfig and GObject
from the system (see weasyprint/text/ffi.py); without them its import fails
with an obscure OSError, and without HarfBuzz's subsetter it warns and falls
back to slower font subsetting. Fonts come from fontconfig. Everything missing
is named in one message with the Debian/Ubuntu packages that provide it.

Browser tests need Debian's Chromium; without it they are skipped, and with
``--for-tests`` (as `make test` runs it) this says so (it is not an error).
"""

from __future__ import annotations

import ctypes
import glob
import shutil
import sys

# (shared object WeasyPrint opens, Debian package that provides it)
LIBRARIES = [
    ("libgobject-2.0.so.0", "libglib2.0-0"),
    ("libpango-1.0.so.0", "libpango-1.0-0"),
    ("libpangoft2-1.0.so.0", "libpangoft2-1.0-0"),
    ("libharfbuzz.so.0", "libharfbuzz0b"),
    ("libharfbuzz-subset.so.0", "libharfbuzz-subset0"),
    ("libfontconfig.so.1", "libfontconfig1"),
]
FONT_PACKAGE = "fonts-dejavu-core"
CHROMIUM = "/usr/bin/chromium"


def missing_packages() -> list[str]:
    missing = []
    for soname, package in LIBRARIES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    if not glob.glob("/usr/share/fonts/**/*.ttf", recursive=True):
        missing.append(FONT_PACKAGE)
    return missing


def main(argv: list[str] | None = None) -> int:
    for_tests = "--for-tests" in (sys.argv[1:] if argv is None else argv)
    if sys.platform != "linux":
        return 0  # macOS: `brew install pango`; the import below still checks.
    missing = missing_packages()
    if missing:
        print(
            "Some system packages are missing (PDF certificates and invoices need "
            "them):\n  " + ", ".join(missing) + "\nInstall them with:\n"
            "  sudo apt-get install -y " + " ".join(missing),
            file=sys.stderr,
        )
        return 1
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        print(f"WeasyPrint could not load a system library: {error}", file=sys.stderr)
        return 1
    if for_tests and not shutil.which(CHROMIUM):
        print(
            "Note: the browser tests (tests/e2e) will be skipped: Debian's Chromium "
            f"is not at {CHROMIUM}. To run them: sudo apt-get install -y chromium"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
