"""pact: the paperwork of emulation-pact signing ceremonies, from one YAML file."""

__version__ = "0.1.0"
