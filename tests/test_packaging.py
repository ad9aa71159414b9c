"""The wheel a user installs, built as from a clean clone: it carries the web UI, or the build
fails saying how to get it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATIC = Path("src/eventatlas/web/static")


def clean_clone(target: Path, with_web_ui: bool) -> Path:
    """The files git would give a clone (tracked and new, not ignored), plus the built UI
    when asked, as `make web` leaves it."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in listed.splitlines():
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    if with_web_ui:
        shutil.copytree(ROOT / STATIC, target / STATIC)
    return target


def build_wheel(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
               "--no-build-isolation", "--disable-pip-version-check", "-w", str(out)]
    env = {"PATH": "/usr/bin:/bin", "EVENTATLAS_NO_WEB_BUILD": "1", "HOME": str(out)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.slow
def test_wheel_carries_the_web_ui(tmp_path):
    if not (ROOT / STATIC / "index.html").is_file():
        pytest.skip("the web UI is not built in this checkout (make web)")
    source = clean_clone(tmp_path / "clone", with_web_ui=True)
    built = build_wheel(source, tmp_path / "dist")
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("eventatlas-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"eventatlas/web/static/index.html", "eventatlas/web/static/app.js",
            "eventatlas/cli.py", "eventatlas/py.typed"} <= names


@pytest.mark.slow
def test_wheel_build_without_the_web_ui_fails_loudly(tmp_path):
    source = clean_clone(tmp_path / "clone", with_web_ui=False)
    built = build_wheel(source, tmp_path / "dist")
    assert built.returncode != 0
    assert "the web UI is not built" in built.stdout + built.stderr
    assert "make web" in built.stdout + built.stderr
    assert not list((tmp_path / "dist").glob("*.whl"))


def test_models_status_says_how_to_get_what_is_missing(tmp_path):
    import os

    env = {**os.environ, "EVENTATLAS_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "eventatlas.cli", "models", "status"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ok ") and "spaCy model" in lines[0]
    assert lines[1].startswith("MISSING") and "eventatlas models fetch" in lines[1]
    assert lines[2].startswith("MISSING") and "eventatlas gazetteer build" in lines[2]
