#!/usr/bin/env python3
"""Copies the README's Java examples into a source folder, one file per example.

An example is a ```java block whose first line is `// File: NAME.java`; its text is written,
unchanged, to OUT/NAME.java. Fails if a Java block has no such line (every Java example in the
README is a program that is compiled and run) or if there is none at all.
"""
import pathlib
import re
import sys

readme, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
text = readme.read_text(encoding="utf-8")
blocks = re.findall(r"^```java\n// File: (\w+\.java)\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
if not blocks or len(blocks) != text.count("\n```java\n"):
    sys.exit(f"{readme}: every ```java block must start with '// File: NAME.java' (a complete program)")
out.mkdir(parents=True, exist_ok=True)
for name, body in blocks:
    (out / name).write_text(body, encoding="utf-8")
    print(f"README example: {name}")
