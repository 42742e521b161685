"""The terminal app (Textual)."""
