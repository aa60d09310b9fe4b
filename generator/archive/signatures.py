"""Digital signatures in a returned PDF: who signed and whether the signature covers
the whole file (pyHanko). Trust in the signer's certificate is not judged here: the
register records what the file says, for a person to check later."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import SignatureCoverageLevel


@dataclass(frozen=True)
class DigitalSignature:
    signer: str  # the signer certificate's subject, e.g. "Common Name: Nguyễn Văn A, ..."
    covers_whole_file: bool  # False: bytes were added after signing


def digital_signatures(content: bytes) -> list[DigitalSignature]:
    """The signatures embedded in a PDF, in the file's order; none for an unsigned
    file, or one pyHanko cannot read (the file is still archived, unsigned)."""
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        found = []
        for signature in reader.embedded_signatures:
            signature.compute_integrity_info()
            found.append(DigitalSignature(
                signer=signature.signer_cert.subject.human_friendly,
                covers_whole_file=signature.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE,
            ))
        return found
    except (PdfError, ValueError, KeyError, TypeError):
        return []
