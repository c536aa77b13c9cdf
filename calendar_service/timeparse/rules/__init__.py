"""Rule families: one module per pattern family, each with its `RULES` and `EXAMPLES`."""
