"""`pact serve`: a local web page to edit a pact and watch its documents change.

Imported only by `pact serve`: Starlette, uvicorn and WeasyPrint stay out of the CLI.
"""
