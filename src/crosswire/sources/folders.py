"""What a folder input holds: the files under it that are read as pages, and those that are not.

A folder is walked recursively; its members come out sorted by path. Hidden entries and a page's
resources (a saved page's images, scripts and styles) are left out quietly. Whatever else cannot
be read is a member with the reason, which becomes one InputFailure, so nothing under a folder is
lost without a word:
- a symlink to outside the folder, unless `follow_links`: a folder given is that folder, not
  whatever its links reach (another user's files, /etc, a device);
- a broken symlink;
- anything that is not a regular file (a named pipe, a socket, a device): opening a named pipe
  blocks until someone writes to it, and a device may never end;
- a sub-folder that cannot be listed (permission denied). The folder given itself failing to list
  is the folder's failure, an InputError.

A symlink to a file inside the folder is read; one to a folder inside it is skipped (its files are
read where they are, once).
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from crosswire.errors import InputError

log = logging.getLogger(__name__)

# Folder members that are a page's resources, never a page: skipped without a failure (a saved
# page's `_files/` folder is full of them). Everything else in a folder is read and sniffed.
# fmt: off
NON_PAGE_SUFFIXES = frozenset((
    ".css", ".js", ".mjs", ".map", ".json", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif",
    ".svg", ".ico", ".bmp", ".tif", ".tiff", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3",
    ".mp4", ".m4a", ".webm", ".ogg", ".wav", ".avi", ".mov", ".pdf", ".zip", ".tar", ".tgz",
    ".bz2", ".xz", ".7z", ".rar", ".exe", ".dll", ".so", ".pyc", ".db", ".sqlite",
))
# fmt: on
OUTSIDE_LINK = "symlink to outside the folder; --follow-links to follow it"
BROKEN_LINK = "broken symlink (what it points to does not exist)"


@dataclass(frozen=True, slots=True)
class FolderMember:
    """A file under a folder, by its path relative to the folder; `refusal` says why it is not
    read (None: read it)."""

    relative: Path
    refusal: str | None = None


def not_regular_text(mode: int) -> str:
    """The refusal of a path that is not a regular file, naming what it is."""
    kinds = (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    kind = next((name for test, name in kinds if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def folder_members(folder: Path, *, follow_links: bool = False) -> list[FolderMember]:
    """The members of a folder (recursive), sorted by path; InputError when the folder itself
    cannot be listed."""
    walk = _Walk(folder, follow_links)
    walk.run()
    if walk.resources:
        log.info("%s: skipped %d page resource file(s)", folder, walk.resources)
    return sorted(walk.members, key=lambda member: member.relative.parts)


class _Walk:
    """One walk of a folder: what it found, and the real folders already walked (so that links
    that loop are walked once)."""

    def __init__(self, folder: Path, follow_links: bool) -> None:
        self.folder = folder
        self.root = folder.resolve()
        self.follow_links = follow_links
        self.members: list[FolderMember] = []
        self.resources = 0
        self.walked = {self.root}
        self.pending: list[Path] = [Path()]  # folders to list, relative to the folder

    def run(self) -> None:
        while self.pending:
            relative = self.pending.pop()
            try:
                with os.scandir(self.folder / relative) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as error:
                reason = f"cannot read folder ({_os_reason(error)})"
                if relative == Path():
                    raise InputError(reason) from error
                self.members.append(FolderMember(relative, reason))
                continue
            for entry in entries:
                if not entry.name.startswith("."):
                    self._visit(entry, relative / entry.name)

    def _visit(self, entry: os.DirEntry[str], relative: Path) -> None:
        try:
            if entry.is_symlink():
                self._visit_link(entry, relative)
            elif entry.is_dir(follow_symlinks=False):
                self._descend(Path(entry.path).resolve(), relative)
            else:
                self._add_file(relative, entry.stat(follow_symlinks=False).st_mode)
        except OSError as error:
            self.members.append(FolderMember(relative, f"cannot read ({_os_reason(error)})"))

    def _visit_link(self, entry: os.DirEntry[str], relative: Path) -> None:
        target = Path(entry.path).resolve()
        inside = target.is_relative_to(self.root)
        if entry.is_dir():
            if not inside and self.follow_links:
                self._descend(target, relative)
            elif not inside:
                self.members.append(FolderMember(relative, OUTSIDE_LINK))
            return  # a link to a folder inside: its files are read where they are
        if _is_resource(relative):
            self.resources += 1
        elif not target.exists():
            self.members.append(FolderMember(relative, BROKEN_LINK))
        elif not inside and not self.follow_links:
            self.members.append(FolderMember(relative, OUTSIDE_LINK))
        else:
            self._add_file(relative, target.stat().st_mode)

    def _descend(self, real: Path, relative: Path) -> None:
        if real not in self.walked:
            self.walked.add(real)
            self.pending.append(relative)

    def _add_file(self, relative: Path, mode: int) -> None:
        if _is_resource(relative):
            self.resources += 1
        elif stat.S_ISREG(mode):
            self.members.append(FolderMember(relative))
        else:
            self.members.append(FolderMember(relative, not_regular_text(mode)))


def _is_resource(relative: Path) -> bool:
    return relative.suffix.lower() in NON_PAGE_SUFFIXES


def _os_reason(error: OSError) -> str:
    """An OSError in words: "permission denied", "no such file or directory"."""
    return (error.strerror or str(error)).lower()
