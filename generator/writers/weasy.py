"""WeasyPrint for the PDF writer, loaded without searching for its C libraries.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject by trying several names for
each (the Linux, macOS and Windows spellings), and cffi hands every name to
ctypes.util.find_library, which on Linux runs ldconfig, gcc and ld for it: sixteen
misses here, 0.25 s of every start — a third of the import. While WeasyPrint loads,
find_library answers "not found" at once, so cffi goes on to the names dlopen takes
as they are ('libpango-1.0.so.0', 'libpango-1.0.dylib', 'libpango-1.0-0.dll'): the
same libraries, found the way the system loader finds them.

Once loaded, the C arrays WeasyPrint makes to subset fonts ('hb_codepoint_t[57]') are
typed without cffi's C parser, which takes 2 ms for every new length: thirty or more
per packet, in every PDF worker.

Everything the writers use of WeasyPrint is imported from here.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import re
from collections.abc import Iterator

from cffi import CDefError


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


class _ArrayTypes(dict):
    """cffi's table of the C types it has parsed, which knows every fixed-length array
    of a known type without parsing: the array type is made from its item's pointer type
    as cffi's own model does (ArrayType.build_backend_type)."""

    ARRAY = re.compile(r"(?P<item>[A-Za-z_][A-Za-z0-9_ ]*)\[(?P<length>\d+)\]")

    def __init__(self, ffi, parsed: dict):
        super().__init__(parsed)
        self.ffi = ffi

    def __missing__(self, cdecl: str):
        match = self.ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if match is None:
            raise KeyError(cdecl)  # cffi parses it, as usual
        try:
            pointer = self.ffi.typeof(f"{match['item'].strip()} *")
        except CDefError:
            raise KeyError(cdecl) from None  # cffi parses it and says what is wrong
        self[cdecl] = array = (self.ffi._backend.new_array_type(pointer, int(match["length"])), False)
        return array


def _array_types_without_parsing() -> None:
    from weasyprint.text.ffi import ffi

    if not isinstance(ffi._parsed_types, _ArrayTypes):
        ffi._parsed_types = _ArrayTypes(ffi, ffi._parsed_types)


_array_types_without_parsing()

__all__ = ["CSS", "HTML", "Attachment", "FontConfiguration", "FatalURLFetchingError", "URLFetcher",
           "URLFetcherResponse"]
