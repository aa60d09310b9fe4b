"""Writers turn a rendered, checked document into a file format."""
