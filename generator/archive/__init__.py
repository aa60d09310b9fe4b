"""The archive of returned files: identify, store content-addressed, register in a
hash chain, report status, verify, export (DESIGN.md, "Archive")."""
