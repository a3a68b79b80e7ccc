#!/usr/bin/env python3
"""Brings each package's PublicAPI.Unshipped.txt in line with its code, from the build's RS0016/RS0017 diagnostics.

Run after a deliberate public API change, then review the diff of src/*/PublicAPI.Unshipped.txt:
    python3 scripts/update-public-api.py
"""
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pattern = re.compile(r"^(?P<file>/\S+?)\(\d+,\d+\): (?:error|warning) (?P<id>RS001[67]): Symbol '(?P<symbol>.+?)' is (?:not part|part) of the declared")
result = subprocess.run(
    ["dotnet", "build", os.path.join(root, "VoiceContacts.sln"), "-c", "Release", "-p:SkipFrontendBuild=true", "-p:TreatWarningsAsErrors=false", "--no-incremental", "-v", "q"],
    capture_output=True, text=True)
changes = {}
for line in result.stdout.splitlines():
    match = pattern.match(line.strip())
    if not match:
        continue
    project = os.path.join(root, "src", os.path.relpath(match["file"], os.path.join(root, "src")).split(os.sep)[0])
    add, remove = changes.setdefault(project, (set(), set()))
    (add if match["id"] == "RS0016" else remove).add(match["symbol"])

for project, (add, remove) in sorted(changes.items()):
    path = os.path.join(project, "PublicAPI.Unshipped.txt")
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l and l != "#nullable enable"]
    lines = sorted((set(lines) - remove) | add, key=str.lower)
    with open(path, "w", encoding="utf-8") as f:
        f.write("#nullable enable\n" + "".join(l + "\n" for l in lines))
    print(f"{os.path.relpath(path, root)}: +{len(add)} -{len(remove)}")

sys.exit(0)
