"""Arabic news analysis: ingest articles, find entities, capability figures and stance, store and chart them."""
__version__ = "0.1.0"
