"""Knowledge bundles: a folder packed for the fleet, checked and unpacked into a robot's private folder.

The rule between a robot's own folder and fleet publishes is "the newest version wins": a local version is
as new as its newest file (an edit saved now beats any earlier publish), a fleet version as new as its
publish. The status of every robot shows which source serves.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from robot_guide.contracts.fleet import MAX_BUNDLE_BYTES, MAX_BUNDLE_FILES, KnowledgeBundle, KnowledgeFile
from robot_guide.knowledge.loader import KNOWLEDGE_SUFFIXES, knowledge_files
from robot_guide.knowledge.yaml_file import MAX_FILE_BYTES

# A bare file name: no folders, no hidden files, nothing a shell or a path join could misread.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
KEEP_VERSIONS = 3  # unpacked bundles kept on a robot: the serving one and a few before it
HOLDERS = 3  # robots that re-offer the served bundle to robots that start later


class BundleError(ValueError):
    """A bundle that cannot be used; the message says why."""


def content_hash(files: tuple[KnowledgeFile, ...]) -> str:
    """sha256 over names and bytes, as the loader hashes a folder: its first 12 digits are the version."""
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.name):
        digest.update(file.name.encode() + b"\0" + file.text.encode("utf-8") + b"\0")
    return digest.hexdigest()


def read_files(folder: Path) -> tuple[KnowledgeFile, ...]:
    """The folder's knowledge files as text; raises BundleError for a file that cannot travel."""
    files = []
    for path in knowledge_files(folder):
        raw = path.read_bytes()
        try:
            files.append(KnowledgeFile(path.name, raw.decode("utf-8")))
        except UnicodeDecodeError:
            raise BundleError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    return tuple(files)


def make_bundle(
    folder: Path, bundle_id: str, author: str, host: str, created: float, targets: tuple[str, ...] = ()
) -> KnowledgeBundle:
    """Pack a folder (validate it first: this only reads it)."""
    files = read_files(folder)
    digest = content_hash(files)
    bundle = KnowledgeBundle(bundle_id, digest[:12], digest, files, author, host, created, targets)
    size = len(bundle.to_json().encode("utf-8"))
    if size > MAX_BUNDLE_BYTES:
        raise BundleError(
            f"{folder}: the bundle is {size / 1e6:.1f} MB, over the fleet limit of "
            f"{MAX_BUNDLE_BYTES / 1e6:.1f} MB; split the knowledge or move large text out of it"
        )
    return bundle


def bundle_problems(bundle: KnowledgeBundle) -> list[str]:
    """What is wrong with a received bundle's envelope (the knowledge itself is checked by the loader)."""
    problems = []
    if not bundle.files:
        problems.append("the bundle holds no knowledge files")
    if len(bundle.files) > MAX_BUNDLE_FILES:
        problems.append(f"more than {MAX_BUNDLE_FILES} files")
    names = [file.name for file in bundle.files]
    if len(set(names)) != len(names):
        problems.append("a file name appears twice")
    for name in names:
        if not _SAFE_NAME.match(name) or Path(name).suffix not in KNOWLEDGE_SUFFIXES:
            problems.append(f"file name {name[:60]!r} is not a bare *.yaml name")
    for file in bundle.files:
        if len(file.text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
            problems.append(f"{file.name[:60]}: larger than {MAX_FILE_BYTES} bytes")
    if not problems and content_hash(bundle.files) != bundle.content_hash:
        problems.append("content hash does not match the files (damaged or altered on the way)")
    if not problems and bundle.content_hash[:12] != bundle.version:
        problems.append("version does not match the content hash")
    return problems


def unpack(bundle: KnowledgeBundle, root: Path) -> Path:
    """Write a checked bundle to root/<version>/ (a private folder) and return it; older ones are pruned."""
    problems = bundle_problems(bundle)
    if problems:
        raise BundleError("; ".join(problems))
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = root / bundle.version
    if not target.is_dir():
        # Written beside and renamed, so a half-written folder is never loaded.
        staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=root))
        for file in bundle.files:
            (staging / file.name).write_bytes(file.text.encode("utf-8"))
        staging.rename(target)
    _prune(root, keep=target)
    return target


def _prune(root: Path, keep: Path) -> None:
    folders = sorted(
        (p for p in root.iterdir() if p.is_dir() and p != keep), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in folders[KEEP_VERSIONS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def local_created(folder: Path) -> float:
    """How new a local folder's version is: the time its newest knowledge file was saved (0 if unknown)."""
    try:
        return max((path.stat().st_mtime for path in knowledge_files(folder)), default=0.0)
    except OSError:
        return 0.0


def is_holder(robot: str, fleet: Iterable[str], holders: int = HOLDERS) -> bool:
    """Whether `robot` is one of the robots (the `holders` lowest names of those it hears, itself included)
    that keep offering the served bundle: a few copies for late joiners instead of one per robot."""
    return robot in sorted({robot, *fleet})[:holders]


def newer_than_serving(candidate_created: float, serving_created: float) -> bool:
    """The fleet rule: a version replaces the serving one only if it was made later."""
    return candidate_created > serving_created
