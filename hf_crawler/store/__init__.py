"""The database: opening it (embedded or given), migrations, the writer lease, and every
read and write the crawler makes, each a named statement of `sql/`."""
