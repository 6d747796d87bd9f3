#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every file README.md and docs/*.md link to exists in the repository and is tracked by git
(a file that .gitignore hides exists here but not in a clone). Usage: check_links.py SOURCE_DIR"""
import re
import subprocess
import sys
from pathlib import Path

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def linked_files(md: Path, root: Path):
    in_code = False
    for number, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue  # a web address, mail, or an anchor in this page
            path = (md.parent / target.split("#", 1)[0]).resolve()
            yield number, target, path


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    try:
        tracked = set(
            subprocess.run(["git", "-C", str(root), "ls-files", "-z"], check=True, capture_output=True)
            .stdout.decode()
            .split("\0")
        )
    except (OSError, subprocess.CalledProcessError):
        tracked = None  # not a git checkout: existence only
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    problems, checked = [], 0
    for md in pages:
        for number, target, path in linked_files(md, root):
            checked += 1
            where = f"{md.relative_to(root)}:{number}: link to {target}"
            if not path.exists():
                problems.append(f"{where}: no such file")
                continue
            if not path.is_relative_to(root):
                problems.append(f"{where}: outside the repository")
                continue
            rel = path.relative_to(root).as_posix()
            if tracked is not None and path.is_file() and rel not in tracked:
                problems.append(f"{where}: {rel} is not tracked by git (does .gitignore hide it?)")
            if tracked is not None and path.is_dir() and not any(t.startswith(rel + "/") for t in tracked):
                problems.append(f"{where}: no tracked file under {rel}/")
    for p in problems:
        print(p)
    print(f"{checked} links in {len(pages)} pages, {len(problems)} broken")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
