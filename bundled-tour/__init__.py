"""The bundled tour: dialogue script, source text, lessons and golden transcripts (data only)."""
