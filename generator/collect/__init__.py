"""`pact collect`: returned report forms become the cluster's summary."""
