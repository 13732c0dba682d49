"""Private files of the data folder: the generated secret key and the SQLite database.

Imported by the settings, so it must not import Django. Both files hold what only Synergie may
read (the key signs sessions; the database holds institutions' confidential plans), so they are
created readable by their owner only, from their first byte on.
"""

import os
import secrets
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def make_private_dir(path: Path) -> None:
    """Create the data folder readable by its owner only (an existing folder is left as it is:
    its owner may have shared it on purpose)."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)


def create_private_file(path: Path) -> bool:
    """Create `path` empty with mode 0600 if it does not exist; True if this call created it.

    O_EXCL makes creation and mode one step: no moment where the file exists with the umask's
    wider mode. An existing file is left alone.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    # The umask may have narrowed the mode further (never widened it); say exactly 0600.
    os.chmod(path, PRIVATE_FILE_MODE)
    return True


def read_or_create_secret(path: Path, *, nbytes: int = 50) -> str:
    """The secret stored in `path`, generated on first use.

    Several processes may start at once on a new install (web and worker): each writes its
    candidate to its own temporary file, created 0600 with O_EXCL, and publishes it with
    os.link, which fails if the name exists. So the first link wins, every process reads the
    winner's complete key, and no reader ever sees a half-written or world-readable file.
    """
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    make_private_dir(path.parent)
    candidate = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}.tmp")
    fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(nbytes))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(candidate, path)
        except FileExistsError:
            pass  # another process published its key first: use that one
    finally:
        candidate.unlink(missing_ok=True)
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    value = path.read_text().strip()
    if not value:
        raise RuntimeError(f"{path} is empty: delete it to generate a new secret key")
    return value
