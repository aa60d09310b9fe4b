"""The small, fixed HTML vocabulary templates may produce (docs/templates.md).

Both writers understand exactly this; anything else is refused with the
template's name rather than silently dropped by one writer and kept by the other.
"""

from __future__ import annotations

from lxml import etree

from generator.documents import qr
from generator.signing.fields import SIGNER, parse_field_name
from generator.errors import TemplateError
from generator.documents.rendered import Rendered

HEAD = {
    "html": {"lang"},
    "head": set(),
    "meta": {"charset", "name", "content"},
    "title": set(),
    "link": {"rel", "href"},
}

# tag → classes allowed on it ("" = no class)
BLOCKS: dict[str, set[str]] = {
    "body": {""},
    "h1": {""},
    "h2": {""},
    "p": {
        "", "document-id", "parent", "issuer", "nation", "motto", "number", "dateline",
        "subject", "basis", "item", "center", "field", "sign-unit", "sign-title", "sign-role",
        "sign-space", "sign-name", "recipients-head", "recipient", "qr", "closing",
    },
    "hr": {"short"},
    "table": {"national-header", "signature-grid", "form", "data", "closing"},
    "colgroup": {""},
    "thead": {""},
    "col": {""},
    "tr": {"", "section"},
    "th": {""},
    "td": {"", "issuer", "nation", "signature", "center", "number", "section", "text", "fields",
           "recipients"},
    "textarea": {"", "large"},
}
INLINE: dict[str, set[str]] = {
    "strong": {""},
    "em": {""},
    "span": {"ruled", "id"},
    "br": {""},
    "input": {"short", "date", "number"},
    "select": {""},
    "option": {""},
    "img": {"qr"},
}
ATTRIBUTES = {"class", "colspan"}
# Attributes a tag takes beyond those: form fields' names and titles (what a PDF reader
# and Word show the clerk: the item's number and label), the QR image's source
# (checked below) and its text alternative, column widths.
# A signing space's id marks where its member's signature fields go (checked below).
TAG_ATTRIBUTES = {"input": {"type", "name", "title"}, "textarea": {"name", "title"}, "select": {"name", "title"},
                  "option": {"value"}, "col": {"width"}, "img": {"src", "alt"}, "p": {"id"}}
META_NAMES = {"description", "author", "keywords", "document-id"}


def parse(rendered: Rendered) -> etree._Element:
    """The checked element tree of a rendered document."""
    import lxml.html  # only when a document is written: a rebuild with nothing to do skips it

    root = lxml.html.document_fromstring(rendered.html)
    problems = [f"{_where(el)}: {msg}" for el, msg in _problems(root)]
    if problems:
        raise TemplateError(
            f"Mẫu {rendered.template} tạo ra HTML ngoài bộ thẻ cho phép (docs/templates.md):\n  "
            + "\n  ".join(problems)
        )
    return root


def _where(element: etree._Element) -> str:
    line = element.sourceline
    return f"dòng {line} của HTML" if line else "HTML"


def _field_name_problems(element: etree._Element, names: set[str]):
    """A form field needs a name, and one name means one field in both PDF and DOCX."""
    name = element.get("name")
    if not name:
        yield element, f"<{element.tag}> thiếu thuộc tính name"
    elif name in names:
        yield element, f"tên trường '{name}' bị trùng"
    names.add(name or "")


def _signing_space_problems(element: etree._Element, spaces: set[str]):
    """An id names a member's signing space, once, on the space itself."""
    space = element.get("id")
    name = parse_field_name(space)
    if element.get("class") != "sign-space" or name is None or name.role != SIGNER:
        yield element, ("id chỉ dùng để đánh dấu chỗ ký: "
                        "<p class=\"sign-space\" id=\"{{ block.signing_space }}\">")
    elif space in spaces:
        yield element, f"chỗ ký '{space}' bị trùng"
    spaces.add(space)


def _problems(root: etree._Element):
    names: set[str] = set()
    spaces: set[str] = set()
    head = root.find("head")
    in_head = set(head.iter()) if head is not None else set()  # lxml keeps one proxy per element
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions carry no content
        tag = element.tag
        if tag in HEAD and (tag != "html" or element is root) and (element in in_head or tag == "html"):
            extra = set(element.attrib) - HEAD[tag]
            if extra:
                yield element, f"<{tag}> không nhận thuộc tính {', '.join(sorted(extra))}"
            if tag == "meta" and element.get("name") not in (None, *META_NAMES):
                yield element, f"<meta name=\"{element.get('name')}\"> không được hỗ trợ"
            continue
        allowed = BLOCKS.get(tag) or INLINE.get(tag)
        if allowed is None:
            yield element, f"thẻ <{tag}> không có trong bộ thẻ"
            continue
        cls = element.get("class", "")
        if cls not in allowed:
            yield element, f"<{tag} class=\"{cls}\"> không có trong bộ thẻ"
        extra = set(element.attrib) - ATTRIBUTES - TAG_ATTRIBUTES.get(tag, set())
        if extra:
            yield element, f"<{tag}> không nhận thuộc tính {', '.join(sorted(extra))}"
        if tag == "input" and element.get("type") != "text":
            yield element, "<input> chỉ dùng type=\"text\""
        if tag in {"input", "textarea", "select"}:
            yield from _field_name_problems(element, names)
        if element.get("id") is not None:
            yield from _signing_space_problems(element, spaces)
        if tag == "img" and qr.png_from_data_uri(element.get("src", "")) is None:
            yield element, "<img> chỉ nhận ảnh mã QR do pact tạo: src=\"{{ doc.qr }}\""
