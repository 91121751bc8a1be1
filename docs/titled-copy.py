#!/usr/bin/python3
# titled-copy.py: copy plain markdown pages of docs/ for gi-docgen
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: titled-copy.py OUTPUT-DIR PAGE.md...
#
# The pages read on their own in the source tree start with "# Title" and
# link to each other as "other.md".  gi-docgen takes a page's title from a
# "Title:" header and renders other.md as other.html, so each copy gets the
# header and its links to sibling pages are pointed at the .html.

import os
import re
import sys

output_dir = sys.argv[1]
for page in sys.argv[2:]:
    with open(page, encoding='utf-8') as f:
        text = f.read()
    match = re.match(r'#\s+(.+)\n', text)
    title = match.group(1).strip() if match else os.path.basename(page)[:-3]
    text = re.sub(r'\]\(([A-Za-z0-9_-]+)\.md(#[^)]*)?\)', r'](\1.html\2)', text)
    with open(os.path.join(output_dir, os.path.basename(page)), 'w', encoding='utf-8') as f:
        f.write('Title: %s\n\n%s' % (title, text))
