"""Say which Debian/Ubuntu package to install when WeasyPrint cannot load.

WeasyPrint needs Pango (and through it HarfBuzz and fontconfig) from the
system; without them its import fails with an obscure OSError.
"""

import sys

try:
    import weasyprint  # noqa: F401
except OSError as error:
    print(
        "WeasyPrint could not load a system library it needs:\n"
        f"  {error}\n"
        "Install them with:\n"
        "  sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 "
        "libharfbuzz0b libfontconfig1 fonts-dejavu-core\n"
        "(On macOS: brew install pango.)",
        file=sys.stderr,
    )
    sys.exit(1)
