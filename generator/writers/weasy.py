"""WeasyPrint for the PDF writer, loaded without searching for its C libraries.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject by trying several names for
each (the Linux, macOS and Windows spellings), and cffi hands every name to
ctypes.util.find_library, which on Linux runs ldconfig, gcc and ld for it: sixteen
misses here, 0.25 s of every start — a third of the import. While WeasyPrint loads,
find_library answers "not found" at once, so cffi goes on to the names dlopen takes
as they are ('libpango-1.0.so.0', 'libpango-1.0.dylib', 'libpango-1.0-0.dll'): the
same libraries, found the way the system loader finds them.

Everything the writers use of WeasyPrint is imported from here.
"""

from __future__ import annotations

import contextlib
import ctypes.util
from collections.abc import Iterator


@contextlib.contextmanager
def _libraries_opened_by_name() -> Iterator[None]:
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


with _libraries_opened_by_name():
    from weasyprint import CSS, HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

__all__ = ["CSS", "HTML", "Attachment", "FontConfiguration", "FatalURLFetchingError", "URLFetcher",
           "URLFetcherResponse"]
