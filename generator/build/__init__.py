"""Building packets: one pact, batches, worker pools, and what may be kept."""
