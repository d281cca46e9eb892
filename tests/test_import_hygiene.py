"""Layering: only postmortem.tui imports Textual, and the CLI imports it only to open the TUI.

Checked twice: statically (module-level imports, by walking each file's AST) and dynamically
(what a fresh interpreter has loaded after the fast commands run).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "postmortem"
LAYERS = ["model", "markdown", "store", "cli", "tui"]
# What each layer may import from the package (imports point one way).
ALLOWED = {
    "model": {"model", "errors"},
    "markdown": {"model", "markdown", "errors"},
    "store": {"model", "markdown", "store", "errors"},
    "cli": {"model", "markdown", "store", "cli", "errors", "tui"},
    "tui": {"model", "markdown", "store", "tui", "errors"},
}


def _module_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in tree.body:  # module level only: imports inside functions are deferred
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _all_imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", ["model", "markdown", "store"])
def test_headless_layers_never_import_textual(layer: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in _files(layer)
        for name in _all_imports(path)
        if name.split(".")[0] == "textual"
    ]
    assert offenders == []


def test_cli_imports_textual_only_inside_functions() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in _files("cli")
        for name in _module_level_imports(path)
        if name.split(".")[0] == "textual" or name.startswith("postmortem.tui")
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", LAYERS)
def test_imports_point_one_way(layer: str) -> None:
    offenders = []
    for path in _files(layer):
        for name in _all_imports(path):
            parts = name.split(".")
            inside = parts[0] == "postmortem" and len(parts) > 1 and parts[1] in LAYERS
            if inside and parts[1] not in ALLOWED[layer]:
                offenders.append(f"{path.relative_to(PACKAGE)}: {name}")
    assert offenders == []


def _loaded_after(code: str) -> set[str]:
    probe = (
        f"{code}\nimport sys, json\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_headless_packages_load_without_textual_or_git() -> None:
    loaded = _loaded_after(
        "import postmortem.model, postmortem.markdown, postmortem.cli, "
        "postmortem.cli.format_commands"
    )
    assert "textual" not in loaded
    assert "git" not in loaded
    assert "jinja2" not in loaded


def test_version_and_validate_load_neither_textual_nor_git(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "docs" / "examples" / "payments-outage.md"
    code = (
        "from postmortem.cli import main\n"
        "try:\n"
        f"    main(['validate', {str(example)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    loaded = _loaded_after(code)
    assert "textual" not in loaded
    assert "git" not in loaded
    assert "jinja2" not in loaded
    assert "click" not in loaded  # answered by postmortem.cli.fast
    # The example's front matter is as the renderer writes it: read without PyYAML.
    assert "yaml" not in loaded
