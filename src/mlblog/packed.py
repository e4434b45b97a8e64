"""Large text kept LZ4-compressed in memory between the stages of a build.

A site's whole HTML and pages are what made a 10,000-post build need gigabytes; packed,
a page is ~4.4 times smaller. LZ4 (the `lz4` package) was chosen over zlib for speed:
on the 1,000-post bench site's 43 MB of pages, zlib at level 1 took 0.40 s to pack and
0.14 s to unpack (~1 s of a cold build's CPU with the posts' HTML), LZ4 0.05 s and 0.04 s,
for packed pages 25 % larger. Packing is deterministic, so packed values compare and hash
like the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import lz4.block

# Stands for a page a first build has handed to its output writer for good
# (mlblog.staging): the build keeps its name, not its bytes.
SENT = b"mlblog: sent to the output writer"


def pack(text: str) -> bytes:
    return pack_bytes(text.encode("utf-8", "surrogatepass"))


def unpack(data: bytes) -> str:
    return unpack_bytes(data).decode("utf-8", "surrogatepass")


def pack_bytes(data: bytes) -> bytes:
    return lz4.block.compress(data)  # type: ignore[no-any-return]


def unpack_bytes(data: bytes) -> bytes:
    return lz4.block.decompress(data)  # type: ignore[no-any-return]


class PackedFiles(Mapping[str, bytes]):
    """File name → bytes, stored packed (`.packed`) and unpacked on each access."""

    def __init__(self, packed: Mapping[str, bytes]) -> None:
        self.packed = packed

    def __getitem__(self, name: str) -> bytes:
        return unpack_bytes(self.packed[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)

    def __contains__(self, name: object) -> bool:
        return name in self.packed
