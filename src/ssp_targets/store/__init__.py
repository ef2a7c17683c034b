"""Stage 4, the store: every figure ever loaded, in one SQLite file (sqlite holds
:class:`~ssp_targets.Store`; schema, encoding, queries, loading and transactions are its
parts)."""
