"""What the web server's threads must not do at the same time.

WeasyPrint (Pango, HarfBuzz, fontconfig) and pdfium are not thread-safe: two threads
writing or reading PDFs at once crash the process (a segfault, or GLib aborting),
which the clerk sees as a reset connection. The preview thread, the downloads and the
reports' summary all write or read PDFs, so each holds RENDER_LOCK while it does.
(The archive reads its PDFs in child processes: archive/sandbox.py.)
"""

from __future__ import annotations

import threading

RENDER_LOCK = threading.Lock()
