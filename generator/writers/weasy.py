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

Both reach into what is not public (how cffi opens a library, its table of parsed
types), so each checks what it relies on: a cffi that opens only what find_library
finds makes WeasyPrint's import fail under the first, which is then done again the
usual way; a cffi whose table or model is not as expected is left to parse.

Everything the writers use of WeasyPrint is imported from here.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import re
import sys
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


def _import_weasyprint() -> None:
    """WeasyPrint imported with its libraries opened by name; if this cffi cannot open
    them so, the half-imported modules are dropped and WeasyPrint is imported as it
    imports itself. The message WeasyPrint prints when its libraries fail is held back
    on the first try: the second would print it again, if it came to that."""
    try:
        with _libraries_opened_by_name(), contextlib.redirect_stdout(io.StringIO()):
            import weasyprint.text.ffi  # noqa: F401 - where WeasyPrint opens its libraries
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]


_import_weasyprint()
from weasyprint import CSS, HTML, Attachment  # noqa: E402 - imported above, the fast way when it can
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402


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

    @staticmethod
    def usable(ffi) -> bool:
        """Whether this cffi has, as expected, what the table relies on: its parsed
        types as a plain dict, its lock, its type cache and the parser's declarations,
        and the model's pointer, array and primitive types."""
        return (type(getattr(ffi, "_parsed_types", None)) is dict and hasattr(ffi, "_lock")
                and callable(getattr(ffi, "_get_cached_btype", None))
                and isinstance(getattr(getattr(ffi, "_parser", None), "_declarations", None), dict)
                and isinstance(getattr(getattr(model, "PrimitiveType", None), "ALL_PRIMITIVE_TYPES", None), dict)
                and all(hasattr(model, name) for name in ("PointerType", "ArrayType")))

    def _declared(self, name: str) -> model.BaseType | None:
        if name in model.PrimitiveType.ALL_PRIMITIVE_TYPES:
            return model.PrimitiveType(name)
        typedef = self.ffi._parser._declarations.get(f"typedef {name}")
        return typedef[0] if typedef else None


def _simple_types_without_parsing() -> None:
    from weasyprint.text.ffi import ffi

    if _SimpleTypes.usable(ffi):  # else cffi parses each type itself, its public path
        ffi._parsed_types = _SimpleTypes(ffi, ffi._parsed_types)


_simple_types_without_parsing()

__all__ = ["CSS", "HTML", "Attachment", "FontConfiguration", "FatalURLFetchingError", "URLFetcher",
           "URLFetcherResponse"]
