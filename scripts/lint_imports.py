"""Run import-linter on the contracts in pyproject.toml, skipping apps not created yet.

import-linter refuses a root package or an independence module that does not
exist. docs/architecture.md names apps that land later (portal, staff,
expenses, community, practice, evaluation), so this leaves out the ones that
have no package yet and runs ``lint-imports`` on the rest. Layers name them
as optional "(app)" layers, which import-linter accepts as they are.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def exists(module: str) -> bool:
    top = module.split(".")[0]
    return (ROOT / top / "__init__.py").is_file()


def ini_value(value: object) -> str:
    if isinstance(value, list):
        return "".join(f"\n    {item}" for item in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def config_for_existing_apps() -> str:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    config = pyproject["tool"]["importlinter"]
    contracts = config.pop("contracts")
    config["root_packages"] = [p for p in config["root_packages"] if exists(p)]
    lines = ["[importlinter]"]
    lines += [f"{key} = {ini_value(value)}" for key, value in config.items()]
    for contract in contracts:
        if contract["type"] == "independence":
            contract["modules"] = [m for m in contract["modules"] if exists(m)]
        lines.append(f"\n[importlinter:contract:{contract.pop('id')}]")
        lines += [f"{key} = {ini_value(value)}" for key, value in contract.items()]
    return "\n".join(lines) + "\n"


def main() -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write(config_for_existing_apps())
    lint_imports = Path(sys.executable).with_name("lint-imports")
    try:
        return subprocess.call(
            [str(lint_imports), "--no-logo", "--no-cache", config.name], cwd=ROOT
        )
    finally:
        Path(config.name).unlink()


if __name__ == "__main__":
    sys.exit(main())
