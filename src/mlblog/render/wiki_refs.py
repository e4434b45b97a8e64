"""Wiki references as render records them (`[[Note#Heading|label]]`, `![[a.png]]`): light to
import, for the build that resolves them from the cache without loading a parser."""

from __future__ import annotations

from mlblog.content.slugs import heading_id

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico")
# The other files Obsidian keeps in a vault and links to: `[[paper.pdf]]` is the file.
# (Only these: a note's name may hold a dot, as Dendron's `ml.attention` does.)
FILE_SUFFIXES = (".pdf", ".mp3", ".wav", ".m4a", ".ogg", ".flac", ".mp4", ".webm", ".mov", ".mkv")
# Files a Markdown link leads to beside a note (slides, a paper, data, code, a recording),
# which the build copies beside the page (render.references) and an import into the
# bundle (importers.assets): any other link is a page's address.
LINKED_FILE_SUFFIXES = (
    *FILE_SUFFIXES,
    ".csv",
    ".tsv",
    ".json",
    ".jsonl",
    ".txt",
    ".zip",
    ".gz",
    ".tgz",
    ".bz2",
    ".xz",
    ".7z",
    ".py",
    ".m",
    ".r",
    ".sh",
    ".yaml",
    ".yml",
    ".tex",
    ".bib",
    ".pptx",
    ".ppt",
    ".docx",
    ".doc",
    ".xlsx",
    ".xls",
    ".key",
    ".npy",
    ".pt",
    ".onnx",
)


def is_wiki(reference: str) -> bool:
    """Whether a recorded link or asset is a wiki reference: `[[Note#Heading]]`, a link to a
    file `[[paper.pdf]]` or an embedded image `![[a.png]]`."""
    return reference.startswith(("[[", "![[")) and reference.endswith("]]")


def wiki_name(reference: str) -> str:
    """The name a recorded wiki reference gives: `![[a.png]]` → `a.png`."""
    return reference[reference.index("[[") + 2 : -2].strip()


def wiki_target(reference: str) -> tuple[str, str]:
    """(note or file name, heading id or "") of a recorded `[[Note#Heading]]` (or
    `[[Note#Heading|label]]`)."""
    name, _, heading = reference[2:-2].partition("|")[0].partition("#")
    return name.strip(), heading_of(heading)


def wiki_label(reference: str) -> tuple[str, str]:
    """(the reference as named, its label): a link to a note is recorded with the text
    after its `|`, which is the note in Dendron's order (`[[label|note]]`)."""
    named, _, label = reference[2:-2].partition("|")
    return f"[[{named}]]", label


def heading_of(heading: str) -> str:
    """The id our headings get for Obsidian's heading part; a block reference
    (`#^b1`, which mlblog has no ids for) links to the note itself."""
    heading = heading.strip()
    return "" if not heading or heading.startswith("^") else heading_id(heading)
