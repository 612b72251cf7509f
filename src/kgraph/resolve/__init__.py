"""Identity across articles: when article nodes are one real-world actor or event
(:mod:`kgraph.resolve.rules`) and the identity graph that keeps it in the store
(:mod:`kgraph.resolve.identity`)."""
