"""Results and what people add to them: the frozen records, their JSON, the SQLite gradebook, the
instructor's adjustments and decisions, the tables, and the gradebook view every page reads."""
