"""The background mean embedding of each model per language, shipped with the code (see
benchmarks/background_mean.py): what every embedding of that model and language shares."""

from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def background_path(model_name: str) -> Path:
    return DATA_DIR / f"{model_name.replace('/', '-')}-means.npz"


def background_means(model_name: str) -> dict[str, np.ndarray] | None:
    path = background_path(model_name)
    if not path.exists():
        return None
    with np.load(path) as data:
        return {language: data[language] for language in data.files}
