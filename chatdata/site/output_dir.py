"""Where a build may write: its ``--out`` folder, its staging folders and the README image.

A build replaces its output folder as a whole, so it writes only where that loses nothing: an
absent or empty folder, or a site an earlier build wrote and nobody changed since. Every build
leaves a manifest in the site, :data:`MARKER`, with the SHA-256 of each file it wrote; a file
the manifest does not list, or one whose bytes changed, makes the next build refuse.

The site is assembled in a staging folder beside the destination (``.site-build-*``) and the
old site is moved aside (``.site-old-*``) only while the new one takes its place. Both carry
:data:`STAGING_MARKER` with the process that made them, so a later build can tell a folder
abandoned by a killed build from one a running build still uses, and never touches anything
else.

The README image is a PNG that carries a ``tEXt`` chunk ``Software: chatdata site build``;
an existing file without that chunk is never overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import struct
import tempfile
import zlib
from pathlib import Path

import psutil

#: The manifest a build writes into the site it publishes.
MARKER = ".chatdata-site"
MARKER_FORMAT = "chatdata-site/1"
#: Names the staging folder and the retired old site, beside the destination.
STAGING_PREFIX, RETIRED_PREFIX = ".site-build-", ".site-old-"
#: Who made a staging folder (process id and start time), inside that folder.
STAGING_MARKER = ".chatdata-staging"
#: Where the new site is assembled inside its staging folder.
STAGED_SITE = "site"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_MARK = b"Software\0chatdata site build"

PACKAGE = Path(__file__).resolve().parents[1]
#: The checkout the package runs from, if it runs from one.
PROJECT_ROOT = PACKAGE.parent if (PACKAGE.parent / "pyproject.toml").is_file() else None


class Refused(Exception):
    """The build will not write where it was asked to, and touched nothing.

    The message is one line naming what is wrong and where.
    """


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entries(site: Path):
    """Every file and link under ``site`` (links not followed), as (path, relative name)."""
    for folder, dirs, files in os.walk(site):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder, name)
            yield path, path.relative_to(site).as_posix()


def site_manifest(site: Path) -> dict[str, str]:
    """The SHA-256 of every file of ``site`` but the marker, by path relative to the site."""
    return {
        name: _sha256(path) for path, name in sorted(_entries(site), key=lambda e: e[1])
        if name != MARKER and path.is_file() and not path.is_symlink()
    }  # fmt: skip


def mark_site(site: Path) -> Path:
    """Write the manifest that lets a later build replace ``site``; returns its path."""
    marker = Path(site) / MARKER
    manifest = {"format": MARKER_FORMAT, "files": site_manifest(site)}
    marker.write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return marker


def _manifest(site: Path) -> dict[str, str] | None:
    try:
        manifest = json.loads((site / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != MARKER_FORMAT:
        return None
    files = manifest.get("files")
    return files if isinstance(files, dict) else None


def not_ours(site: Path) -> str | None:
    """Why replacing the existing folder ``site`` would lose something, or None if it would not.

    Nothing would be lost if the folder is empty, or if every file in it is one a build wrote
    (listed in its manifest with these bytes).
    """
    site = Path(site)
    entries = sorted(_entries(site), key=lambda e: e[1])
    if not entries:
        return None
    manifest = _manifest(site)
    if manifest is None:
        first = entries[0][1]
        return f"{site} holds files no chatdata build wrote (no {MARKER} manifest), e.g. {first}"
    for path, name in entries:
        if name == MARKER:
            continue
        if path.is_symlink() or not path.is_file() or name not in manifest:
            return f"{path} was not written by a chatdata build"
        if _sha256(path) != manifest[name]:
            return f"{path} changed since the build wrote it"
    return None


def _inside(path: Path, folder: Path) -> bool:
    """True if ``path`` is ``folder`` or lies inside it."""
    return path == folder or folder in path.parents


def _first_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_out(
    out: Path,
    notebooks: Path,
    cache_folder: Path | None = None,
    readme_image: Path | None = None,
) -> Path:
    """Refuse an output folder whose replacement could lose anything; returns it resolved.

    Parameters
    ----------
    out : Path
        The site folder the build will replace.
    notebooks : Path
        The folder of notebooks being published.
    cache_folder : Path, optional
        The build cache.
    readme_image : Path, optional
        Where the README image will be written.

    Raises
    ------
    Refused
        When ``out`` is a file, a git repository or inside one's ``.git``, holds the notebooks,
        the cache, the project or the working folder, lies inside the cache or the package, or
        holds files a build did not write; or when the README image would land inside the
        site or overwrite a file the build did not write.
    """
    given = out
    out = Path(out).expanduser().resolve()
    where = f"--out {given}"
    if out.exists() and not out.is_dir():
        raise Refused(f"{where}: {out} is a file, not a folder")
    existing = _first_existing(out.parent)
    if not existing.is_dir():
        raise Refused(f"{where}: {existing} is a file, not a folder")
    if ".git" in out.parts:
        raise Refused(f"{where}: {out} is inside a git repository's .git folder")
    if os.path.lexists(out / ".git"):
        raise Refused(f"{where}: {out} holds a git repository ({out / '.git'})")
    protected = [(Path(notebooks), "the notebooks"), (Path.cwd(), "the folder you work in")]
    if PROJECT_ROOT is not None:
        protected.append((PROJECT_ROOT, "the chatdata project"))
    if cache_folder is not None:
        protected.append((Path(cache_folder), "the build cache"))
    for path, what in protected:
        path = path.expanduser().resolve()
        if _inside(path, out):
            raise Refused(f"{where}: {out} holds {what} ({path})")
    inside = [(PACKAGE, "the chatdata package")]
    if cache_folder is not None:
        inside.append((Path(cache_folder).expanduser().resolve(), "the build cache"))
    for folder, what in inside:
        if _inside(out, folder):
            raise Refused(f"{where}: {out} is inside {what} ({folder})")
    if out.is_dir():
        problem = not_ours(out)
        if problem is not None:
            raise Refused(f"{where}: {problem}")
    if readme_image is not None:
        check_readme_image(readme_image, out)
    return out


def mark_png(png: bytes) -> bytes:
    """``png`` with the chunk that says this build wrote it, right after the header chunk."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    (length,) = struct.unpack(">I", png[8:12])
    end_of_header = 8 + 12 + length
    chunk = struct.pack(">I", len(PNG_MARK)) + b"tEXt" + PNG_MARK
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + PNG_MARK))
    return png[:end_of_header] + chunk + png[end_of_header:]


def is_marked_png(data: bytes) -> bool:
    """True if ``data`` is a PNG holding the chunk :func:`mark_png` adds (with a valid CRC)."""
    if not data.startswith(PNG_SIGNATURE):
        return False
    offset = len(PNG_SIGNATURE)
    while offset + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length] or b"\0" * 4)
        if kind == b"tEXt" and body == PNG_MARK:
            return crc == zlib.crc32(kind + body)
        if kind in (b"IDAT", b"IEND"):
            return False
        offset += 12 + length
    return False


def check_readme_image(target: Path, out: Path | None = None) -> None:
    """Refuse a README image path inside the site, or one holding a file the build did not write.

    Raises
    ------
    Refused
        When ``target`` lies inside ``out``, is a folder, or exists and is not a PNG
        that carries this build's mark.
    """
    where = f"--readme-image {target}"
    path = Path(target).expanduser().resolve()
    if out is not None and _inside(path, Path(out).resolve()):
        raise Refused(f"{where}: {path} is inside the site folder, which each build replaces")
    if not os.path.lexists(path):
        existing = _first_existing(path.parent)
        if not existing.is_dir():
            raise Refused(f"{where}: {existing} is a file, not a folder")
        return
    if path.is_dir():
        raise Refused(f"{where}: {path} is a folder")
    with open(path, "rb") as stream:
        head = stream.read(1 << 16)
    if not is_marked_png(head):
        raise Refused(f"{where}: {path} exists and is not a PNG a chatdata build wrote")


def write_png(target: Path, png: bytes) -> bool:
    """Write the marked ``png`` to ``target`` (whole or not at all); False if it held it already.

    Raises
    ------
    Refused
        When ``target`` holds a file the build did not write.
    """
    target = Path(target)
    png = mark_png(png)
    if target.is_file() and target.read_bytes() == png:
        return False
    check_readme_image(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".partial",
                                       dir=target.parent)  # fmt: skip
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(png)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return True


def _started(pid: int) -> float | None:
    try:
        return psutil.Process(pid).create_time()
    except (psutil.Error, OSError):
        return None


def new_staging(parent: Path, prefix: str = STAGING_PREFIX) -> Path:
    """A fresh staging folder in ``parent``, marked as this process's."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    owner = {"pid": os.getpid(), "started": _started(os.getpid())}
    (folder / STAGING_MARKER).write_text(json.dumps(owner), encoding="utf-8")
    return folder


def remove_staging(folder: Path) -> None:
    """Remove a staging folder, its marker last (so an interrupted removal stays recognisable)."""
    folder = Path(folder)
    for entry in folder.iterdir():
        if entry.name == STAGING_MARKER:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    (folder / STAGING_MARKER).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()


def _abandoned(folder: Path) -> bool:
    """True if ``folder`` is a staging folder of a build process that no longer runs."""
    try:
        owner = json.loads((folder / STAGING_MARKER).read_text(encoding="utf-8"))
        pid, started = int(owner["pid"]), owner.get("started")
    except (OSError, ValueError, KeyError, TypeError):
        return False  # not ours, or not recognisably ours: leave it alone
    now = _started(pid)
    if now is None:
        return True
    return started is not None and abs(now - float(started)) > 1.0  # the pid was reused


def remove_abandoned(parent: Path) -> list[Path]:
    """Remove staging folders in ``parent`` left by killed builds; returns those removed."""
    removed = []
    for prefix in (STAGING_PREFIX, RETIRED_PREFIX):
        for folder in sorted(Path(parent).glob(f"{prefix}*")):
            if folder.is_dir() and not folder.is_symlink() and _abandoned(folder):
                remove_staging(folder)
                removed.append(folder)
    return removed


def swap_in(built: Path, out: Path) -> None:
    """Put the finished site ``built`` at ``out``, keeping the old one until the new is in place.

    Raises
    ------
    Refused
        When ``out`` now holds files a build did not write (added while this one ran).
    """
    if out.exists():
        problem = not_ours(out) if out.is_dir() else f"{out} is a file"
        if problem is not None:
            raise Refused(f"--out {out}: {problem}")
        retired = new_staging(out.parent, RETIRED_PREFIX)
        out.rename(retired / STAGED_SITE)
        built.rename(out)
        remove_staging(retired)
    else:
        built.rename(out)
