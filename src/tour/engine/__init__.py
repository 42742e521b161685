"""The UI-free engine: source, script model, loader, router, session."""
