#!/usr/bin/env python3
"""Makes a synthetic corpus of N endpoint pages from real ones, for the scaling benchmark.

    python3 bench/synth.py SRC OUT N

Page i is page (i mod n) of SRC (its `.md` pages in path order; the overrides file is left
out) in copy k = i div n. Copy k renames, consistently on each page:

- every field and parameter: `channel.id` -> `t{k}_channel.t{k}_id`, in item heads, in
  `Enum: same as` references and in `{placeholders}` of the endpoint path;
- the path gains a segment `r{k}` before its last literal segment, and its parameters are
  renamed as the fields are:
  `/v1/projects/{project_id}/conversations/{conversation_id}:inject-message` ->
  `/v1/projects/{t{k}_project_id}/r{k}/conversations/{t{k}_conversation_id}:inject-message`,
  so that every copy shares its custom verbs and last segments with the others, and method
  names must be told apart by the path segment that differs (as the naming rules do for
  real APIs that serve one resource under several parents);
- the folder (`app` -> `t{k}-app`), so every copy has its own modules.

Objects therefore unify within a copy (as in the real API) and never across copies; enums
with the same values still unify across copies. The output is deterministic: the same
arguments give the same bytes.
"""

import os
import re
import shutil
import sys

# Not anchored at line starts: a collapsed page has everything on one line.
ITEM_HEAD = re.compile(r"((?:^|\s)- `)([^`\s]+)(` \()", re.MULTILINE)
SAME_AS = re.compile(r"(same as `)([^`]+)(`)")
ENDPOINT = re.compile(r"(Endpoint: [A-Z]+ )(\S+)")
VERSION = re.compile(r"^[vV][0-9.]+$")


def field(name, tag):
    return ".".join(f"{tag}_{part}" for part in name.split("."))


def placeholders(text, tag):
    """Renames the `{param}` placeholders of one `/`-separated piece of a path."""
    return re.sub(r"\{([^}]*)\}", lambda m: "{" + field(m.group(1), tag) + "}", text)


def endpoint_path(path, tag, copy):
    if not path.startswith("/"):
        # A webhook page names its payload instead of a path.
        return f"{tag}{path}"
    pieces = [placeholders(piece, tag) for piece in path.split("/")]
    literals = [i for i, piece in enumerate(pieces) if piece and not piece.startswith("{") and not VERSION.match(piece)]
    at = literals[-1] if literals else len(pieces)
    return "/".join(pieces[:at] + [f"r{copy}"] + pieces[at:])


def rename_page(text, tag, copy):
    text = ENDPOINT.sub(lambda m: m.group(1) + endpoint_path(m.group(2), tag, copy), text, count=1)
    text = ITEM_HEAD.sub(lambda m: m.group(1) + field(m.group(2), tag) + m.group(3), text)
    return SAME_AS.sub(lambda m: m.group(1) + field(m.group(2), tag) + m.group(3), text)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    source, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pages = []
    for root, _, files in os.walk(source):
        for name in files:
            if name.endswith(".md"):
                path = os.path.join(root, name)
                pages.append(os.path.relpath(path, source).replace(os.sep, "/"))
    pages.sort()
    if not pages:
        sys.exit(f"{source}: no .md pages")
    texts = {}
    for page in pages:
        with open(os.path.join(source, page), encoding="utf-8") as handle:
            texts[page] = handle.read()
    if os.path.exists(out):
        shutil.rmtree(out)
    for index in range(count):
        copy, page = divmod(index, len(pages))
        page = pages[page]
        tag = f"t{copy}"
        folder, _, name = page.rpartition("/")
        target = os.path.join(out, f"{tag}-{folder}" if folder else tag, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(rename_page(texts[page], tag, copy))


if __name__ == "__main__":
    main()
