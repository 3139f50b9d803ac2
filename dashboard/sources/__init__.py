"""Files and collections in: decoding, extraction, article splitting and metadata."""
