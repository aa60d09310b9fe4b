"""WeasyPrint for the PDF writer, loaded without searching for its C libraries.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject by trying several names for
each (the Linux, macOS and Windows spellings), and cffi hands every name to
ctypes.util.find_library, which on Linux runs ldconfig, gcc and ld for it: sixteen
misses here, 0.25 s of every start — a third of the import. While WeasyPrint loads,
find_library answers "not found" at once, so cffi goes on to the names dlopen takes
as they are ('libpango-1.0.so.0', 'libpango-1.0.dylib', 'libpango-1.0-0.dll'): the
same libraries, found the way the system loader finds them.

Once loaded, the C types WeasyPrint asks cffi for as it goes ('PangoRectangle *',
'hb_codepoint_t[57]') are made without cffi's C parser, which takes 3 ms or more for
each: nine in a process's first PDF (80 ms), and one for every new array length of a
font subset after that (thirty or more a packet, in every PDF worker).

Everything the writers use of WeasyPrint is imported from here.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import re
from collections.abc import Iterator

from cffi import model


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


class _SimpleTypes(dict):
    """cffi's table of the C types it has parsed, which also makes the simple ones
    WeasyPrint asks for (a declared or primitive type as a pointer or an array:
    'PangoRectangle *', 'FcChar8 **', 'char[]', 'hb_codepoint_t[57]') from cffi's own
    model of the declarations, as cffi does once its C parser has read them. Anything
    else is left to the parser."""

    SIMPLE = re.compile(r"(?P<name>[A-Za-z_]\w*(?: [A-Za-z_]\w*)*) *(?P<suffix>\*{1,2}|\[\d*\])")

    def __init__(self, ffi, parsed: dict):
        super().__init__(parsed)
        self.ffi = ffi

    def __missing__(self, cdecl: str):
        match = self.SIMPLE.fullmatch(cdecl) if isinstance(cdecl, str) else None
        item = self._declared(match["name"]) if match else None
        if item is None:
            raise KeyError(cdecl)  # cffi parses it (and says what is wrong with it)
        suffix = match["suffix"]
        if suffix.startswith("*"):
            for _ in suffix:
                item = model.PointerType(item)
        else:
            item = model.ArrayType(item, int(suffix[1:-1]) if suffix != "[]" else None)
        with self.ffi._lock:  # as cffi holds it to make a type
            self[cdecl] = known = (self.ffi._get_cached_btype(item), False)
        return known

    def _declared(self, name: str) -> model.BaseType | None:
        if name in model.PrimitiveType.ALL_PRIMITIVE_TYPES:
            return model.PrimitiveType(name)
        typedef = self.ffi._parser._declarations.get(f"typedef {name}")
        return typedef[0] if typedef else None


def _simple_types_without_parsing() -> None:
    from weasyprint.text.ffi import ffi

    if not isinstance(ffi._parsed_types, _SimpleTypes):
        ffi._parsed_types = _SimpleTypes(ffi, ffi._parsed_types)


_simple_types_without_parsing()

__all__ = ["CSS", "HTML", "Attachment", "FontConfiguration", "FatalURLFetchingError", "URLFetcher",
           "URLFetcherResponse"]
