"""Bulk-loading feedback rows for scale tests and benchmarks: plain tuples through the
driver (COPY on PostgreSQL, executemany on SQLite), no ORM objects, no per-row SQL."""
from __future__ import annotations

from collections.abc import Iterable, Sequence


def insert_feedback(db, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert rows (tuples in `columns` order) into feedback, then refresh planner statistics."""
    names = ", ".join(columns)
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        if db.engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY feedback ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            # The app's SQLite connections leave transactions to the code (unit_of_work):
            # without this BEGIN every row would be a transaction of its own.
            cursor.execute("BEGIN")
            cursor.executemany(f"INSERT INTO feedback ({names}) VALUES ({marks})", rows)
        connection.commit()
        # Fresh statistics, as autovacuum would gather: the planner needs them after a bulk load.
        cursor.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()
