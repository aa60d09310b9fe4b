"""The pact file: its schema, cross-entry rules, loading, and document ids."""
