"""What the web server's threads must not do at the same time.

WeasyPrint (Pango, HarfBuzz, fontconfig) and pdfium are not thread-safe: two threads
writing or reading PDFs at once crash the process (a segfault, or GLib aborting),
which the clerk sees as a reset connection. The preview thread, the downloads, the
reports' summary and the archive's QR scan all write or read PDFs, so each holds
RENDER_LOCK while it does.
"""

from __future__ import annotations

import threading

RENDER_LOCK = threading.Lock()
