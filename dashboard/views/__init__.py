"""Views of the stored corpus: pandas aggregates, pure Altair chart builders and downloads."""
