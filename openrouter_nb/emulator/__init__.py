"""An offline emulator of the OpenRouter API (for now: the bundled real catalog)."""
