"""Digital signatures: signature fields, `pact sign`, the checker."""
