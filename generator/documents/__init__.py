"""What a pact's documents are and how each becomes checked HTML."""
