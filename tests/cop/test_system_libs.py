"""scripts/check_system_libs.py: one message naming every missing package."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_system_libs.py"


@pytest.fixture
def check():
    spec = importlib.util.spec_from_file_location("check_system_libs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_packages_are_named_in_one_install_line(check, monkeypatch, capsys):
    monkeypatch.setattr(check.sys, "platform", "linux")
    monkeypatch.setattr(
        check, "missing_packages", lambda: ["libharfbuzz-subset0", "fonts-dejavu-core"]
    )
    assert check.main([]) == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install -y libharfbuzz-subset0 fonts-dejavu-core" in err


def test_the_subsetter_is_among_the_libraries_checked(check):
    assert "libharfbuzz-subset0" in {package for _lib, package in check.LIBRARIES}


def test_skipped_browser_tests_are_announced_only_for_the_tests(
    check, monkeypatch, capsys
):
    monkeypatch.setattr(check.sys, "platform", "linux")
    monkeypatch.setattr(check, "missing_packages", lambda: [])
    monkeypatch.setattr(check.shutil, "which", lambda name: None)
    assert check.main([]) == 0
    assert capsys.readouterr().out == ""
    assert check.main(["--for-tests"]) == 0
    assert "sudo apt-get install -y chromium" in capsys.readouterr().out
