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
