"""Build hook: every wheel carries the web UI, or the build fails saying how to get it.

The UI (`src/eventatlas/web/static/`) is built by npm from `web/` and is not in git, so a
wheel built from a clean clone would silently ship without it. Before packaging, `build_py`
builds it with npm when it is missing (a clean clone with Node.js), and stops the build with
an error when it cannot. Editable installs (`pip install -e .`) serve the UI from the source
tree and are not held up: `make web` builds it for them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
WEB_SOURCE = ROOT / "web"
WEB_INDEX = ROOT / "src" / "eventatlas" / "web" / "static" / "index.html"
# Set to build without trying npm (CI checks, machines without Node.js): fail if not built.
NO_NPM_ENV = "EVENTATLAS_NO_WEB_BUILD"
MISSING = (f"eventatlas: the web UI is not built ({WEB_INDEX.relative_to(ROOT)} is missing) "
           "and a wheel without it would serve no map. Build it first with `make web` "
           "(needs Node.js and npm), then build the wheel again.")


def build_web_ui() -> None:
    npm = shutil.which("npm")
    if npm is None or os.environ.get(NO_NPM_ENV) or not WEB_SOURCE.is_dir():
        return
    for command in (["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                    ["run", "build"]):
        subprocess.run([npm, *command], cwd=WEB_SOURCE, check=True)


class BuildPyWithWebUI(build_py):
    def run(self) -> None:
        if not getattr(self, "editable_mode", False) and not WEB_INDEX.is_file():
            build_web_ui()
            if not WEB_INDEX.is_file():
                raise SystemExit(MISSING)
        super().run()


setup(cmdclass={"build_py": BuildPyWithWebUI})
