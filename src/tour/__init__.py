"""tour: a chatbot-style guided tour, in the terminal, over one historical text."""

__version__ = "0.1.0"
