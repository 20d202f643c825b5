import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DEBUG"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_from_environment(name: str, **env: str) -> str:
    """The value cop/settings.py reads for ``name`` in a fresh process with ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    script = (
        f"import json; from cop import settings; print(json.dumps(settings.{name}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_operator_settings_are_read_from_the_environment():
    assert settings_from_environment("NOTIFICATION_BATCH", NOTIFICATION_BATCH="7") == 7
    assert (
        settings_from_environment("CPD_IMPORT_MAX_BYTES", CPD_IMPORT_MAX_BYTES="1000")
        == 1000
    )
    vat = settings_from_environment("PROVIDER_VAT_NUMBER", PROVIDER_VAT_NUMBER="GB1")
    assert vat == "GB1"


def test_a_number_setting_that_is_not_a_number_stops_the_start():
    result = run_manage("check", BOOKING_HOLD_MINUTES="half an hour")
    assert result.returncode != 0
    assert "BOOKING_HOLD_MINUTES must be a whole number" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        ALLOWED_HOSTS="cop.example.org",
        SITE_URL="https://cop.example.org",
        INVOICE_PAYMENT_INSTRUCTIONS="Pay to Example Bank, 12-34-56 87654321",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_invoices_would_print_demo_bank_details():
    result = run_manage(
        "check",
        "--deploy",
        SECRET_KEY="a" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        ALLOWED_HOSTS="cop.example.org",
        SITE_URL="https://cop.example.org",
        INVOICE_PAYMENT_INSTRUCTIONS="",
    )
    assert "cop.W001" in result.stdout + result.stderr


def test_debug_off_without_secret_key_refuses_to_start():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def setting(name: str, **env: str) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    result = run_manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_site_url_follows_the_port_the_demo_is_served_on():
    """`make run PORT=8131`: emails and certificate QR codes point to 8131."""
    assert setting("SITE_URL", PORT="8131") == "http://127.0.0.1:8131"
    assert setting("SITE_URL", PORT="8131", SITE_URL="https://cop.example.org") == (
        "https://cop.example.org"
    )


def test_without_redis_no_broker_warning_is_printed():
    code = "from cop.celery import app; app.connection()"
    result = run_manage("shell", "--no-imports", "-c", code)
    assert "No hostname was supplied" not in result.stdout + result.stderr


def test_memory_email_url_sends_nowhere():
    assert setting("EMAIL_BACKEND", EMAIL_URL="memory:") == (
        "django.core.mail.backends.locmem.EmailBackend"
    )
