"""Making the output's folders, and a placement hint for the file system.

Pretty URLs give every post, page, term and listing page a folder of its own: about
1,500 folders per 1,000 posts, all made in a few parents (`posts/`, `tags/`, `page/`).
ext4 places a new folder in its parent's block group, and a new inode there costs a
scan past every inode of the group freed in the last minutes when the file system has
no journal (the kernel will not reuse those yet): measured on the machine mlblog is
benchmarked on, after `rm -r public`, each folder or file of the next build cost
~1 ms of kernel time, a first build's writer ~2.3 s in all. A folder marked as the
top of a hierarchy (`chattr +T`, FS_TOPDIR_FL; ext4's documented hint that its
subfolders are unrelated) has its subfolders spread over block groups the way ext4
spreads top-level folders, where nothing was just freed: ~0.5 s. A first build marks
each folder of the staging folder that receives a folder. Elsewhere (other file
systems, other systems) marking does nothing, and it changes nothing anyone reads.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

_GETFLAGS, _SETFLAGS = 0x80086601, 0x40086602  # FS_IOC_GETFLAGS / FS_IOC_SETFLAGS (64-bit)
_TOPDIR = 0x00020000  # FS_TOPDIR_FL
_SPREADS = sys.platform == "linux" and struct.calcsize("l") == 8


class Folders:
    """Makes folders inside `root` (which exists), each once; `spread`: mark each folder
    that receives a subfolder first (see the module's docstring). Safe to share between
    threads: a folder made or marked twice is no harm."""

    def __init__(self, root: Path, spread: bool) -> None:
        self._known = {root}
        self._marked: set[Path] = set()
        self._spread = spread and _SPREADS

    def make(self, folder: Path) -> None:
        if folder in self._known:
            return
        parent = folder.parent
        self.make(parent)
        if self._spread and parent not in self._marked:
            mark_top(parent)
            self._marked.add(parent)
        folder.mkdir(exist_ok=True)
        self._known.add(folder)


def mark_top(folder: Path) -> None:
    """Set FS_TOPDIR_FL on folder where the file system keeps it; nothing elsewhere."""
    import fcntl

    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        flags = struct.unpack("l", fcntl.ioctl(descriptor, _GETFLAGS, struct.pack("l", 0)))[0]
        if not flags & _TOPDIR:
            fcntl.ioctl(descriptor, _SETFLAGS, struct.pack("l", flags | _TOPDIR))
    except OSError:  # no such flags here (tmpfs, overlayfs …), or not ours to set
        pass
    finally:
        os.close(descriptor)
