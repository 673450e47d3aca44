#!/usr/bin/env python3
"""Trunk post-build hook: pins the page's inline scripts in the Content-Security-Policy by their
SHA-256 hashes instead of allowing 'unsafe-inline' for scripts. Run by trunk (Trunk.toml
[[hooks]]) on the staging directory ($TRUNK_STAGING_DIR); fails the build if the policy is not
found, so an unprotected page is never produced."""
import base64
import hashlib
import os
import re
import sys

path = os.path.join(os.environ.get("TRUNK_STAGING_DIR", "dist"), "index.html")
html = open(path, encoding="utf-8").read()
scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
hashes = " ".join(
    "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
    for s in scripts
)
new, n = re.subn(r"script-src 'self' 'unsafe-inline'", "script-src 'self' " + hashes, html)
if n != 1:
    sys.exit("csp_hash.py: the Content-Security-Policy's script-src was not found in index.html")
open(path, "w", encoding="utf-8").write(new)
print(f"csp_hash.py: {len(scripts)} inline script(s) pinned by hash")
