-- DuckDB, not Postgres: one table's CSV, as Postgres's COPY wrote it ({csv}), into Parquet
-- ({parquet}) with its columns' types ({types}: name -> DuckDB type, as read; {columns}:
-- each read column, JSON cast to JSON or to a list of text). NULL is an empty unquoted
-- field, "" the empty text.
COPY (
    SELECT {columns}
    FROM read_csv({csv}, header = true, columns = {{{types}}},
                  allow_quoted_nulls = false, auto_detect = false)
) TO {parquet} (FORMAT parquet)
