"""Where the Hub token comes from, in huggingface_hub's order: `HF_TOKEN` (or the legacy
`HUGGING_FACE_HUB_TOKEN`), then the file `hf auth login` writes: `HF_TOKEN_PATH`, else
`$HF_HOME/token`, `HF_HOME` defaulting to `$XDG_CACHE_HOME/huggingface` or
`~/.cache/huggingface` (huggingface_hub `constants.py` and `utils/_auth.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def discover(env: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The token and the name of its source (never the token itself), or (None, None)."""
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        if env.get(name, "").strip():
            return env[name].strip(), name
    path, source = token_path(env)
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None, None
    return (token, f"{source} ({path})") if token else (None, None)


def token_path(env: Mapping[str, str]) -> tuple[Path, str]:
    """The token file huggingface_hub would read, and how it was named."""
    if env.get("HF_TOKEN_PATH"):
        return Path(env["HF_TOKEN_PATH"]).expanduser(), "HF_TOKEN_PATH"
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser() / "token", "HF_HOME"
    cache = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path("~/.cache")
    return (cache / "huggingface" / "token").expanduser(), "token file"
