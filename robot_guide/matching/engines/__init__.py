"""Sentence-embedding engines behind matching.embedder.Embedder: each loads its bundled weights offline."""
