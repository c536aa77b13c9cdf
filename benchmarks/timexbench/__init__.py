"""TimeML temporal-expression benchmark: reader, gold value ranges, scoring, engine adapters."""
