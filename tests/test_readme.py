"""The README's Python example runs as written (from the repository root)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README shows the library"
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_readme_commands_name_real_files() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in set(re.findall(r"examples/[\w.-]+\.yaml", text)):
        assert (ROOT / name).is_file(), name


def test_installed_package_is_under_test() -> None:
    """CI sets KEIRULES_EXPECT_INSTALLED: the tests must import the wheel, not src/."""
    if not os.environ.get("KEIRULES_EXPECT_INSTALLED"):
        pytest.skip("only meaningful where the package was installed non-editable (CI)")
    import keirules
    from keirules.rulesets import builtin_dir

    package = Path(keirules.__file__).resolve().parent
    assert "site-packages" in package.parts
    assert builtin_dir() == package / "builtin_rulesets"
    assert (builtin_dir() / "jp-kei" / "1998.yaml").is_file()


def _console_examples(text: str) -> list[tuple[str, list[str], str | None]]:
    """(command, the output lines shown, the exit status shown by a following 'echo $?')."""
    examples: list[tuple[str, list[str], str | None]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        lines = block.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            if not line.startswith("$ "):
                continue
            command = line[2:]
            while command.endswith("\\") and index < len(lines):
                command = command[:-1] + lines[index].strip()
                index += 1
            shown: list[str] = []
            while index < len(lines) and not lines[index].startswith("$ "):
                shown.append(lines[index].rstrip())
                index += 1
            if command.startswith("echo $?"):
                if examples:
                    previous = examples[-1]
                    examples[-1] = (previous[0], previous[1], shown[0].strip())
                continue
            if command.startswith("keirules "):
                examples.append((command, shown, None))
    return examples


def test_readme_console_examples_match_what_keirules_prints() -> None:
    """Every line the README shows under a command is in what it prints at 80 columns, in
    order ('...' stands for lines left out); a shown 'echo $?' is its exit status."""
    import subprocess
    import sys

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = _console_examples(text)
    assert len(examples) >= 5
    for command, shown, status in examples:
        script = f"{sys.executable} -m keirules {command[len('keirules '):]}"
        result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True,
                                text=True, timeout=120, check=False,
                                env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"})
        printed = [line.rstrip() for line in result.stdout.splitlines()]
        position = 0
        for line in shown:
            if line.strip() in ("", "..."):
                continue
            while position < len(printed) and printed[position] != line:
                position += 1
            assert position < len(printed), f"{command}: not printed: {line!r}"
            position += 1
        if status is not None:
            assert str(result.returncode) == status, command
