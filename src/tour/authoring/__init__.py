"""Tools for authors of tours: `tour init` makes a starter tour from a plain text."""
