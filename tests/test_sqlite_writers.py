"""SQLite's writers take turns through mrejesho.sqlite_writers: every write of many threads
and processes lands, none fails on a busy database, and a transaction that ends in an error
hands the turn on."""
import multiprocessing
import sqlite3
import threading

import pytest

from mrejesho import sqlite_writers

WRITES = 40


def _write(path: str, writer: str, count: int) -> None:
    connection = sqlite3.connect(path, factory=sqlite_writers.Connection, isolation_level=None,
                                 timeout=0.05)  # a short busy timeout: waiting is the lock's job
    for number in range(count):
        connection.begin_write()
        connection.execute("INSERT INTO note (writer, number) VALUES (?, ?)", (writer, number))
        connection.commit()
    connection.close()


@pytest.fixture
def database(tmp_path):
    path = str(tmp_path / "writers.db")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE note (writer TEXT, number INTEGER)")
    connection.commit()
    connection.close()
    return path


def test_threads_and_processes_all_write_without_busy_errors(database):
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write, args=(database, f"p{n}", WRITES))
                 for n in range(2)]
    threads = [threading.Thread(target=_write, args=(database, f"t{n}", WRITES))
               for n in range(4)]
    for worker in (*processes, *threads):
        worker.start()
    for worker in (*processes, *threads):
        worker.join(60)
    assert [p.exitcode for p in processes] == [0, 0]
    connection = sqlite3.connect(database)
    counted = dict(connection.execute("SELECT writer, count(*) FROM note GROUP BY writer"))
    assert counted == {name: WRITES for name in ("p0", "p1", "t0", "t1", "t2", "t3")}


def test_a_failed_transaction_hands_the_turn_on(database):
    failing = sqlite3.connect(database, factory=sqlite_writers.Connection, isolation_level=None)
    failing.begin_write()
    with pytest.raises(sqlite3.OperationalError):
        failing.execute("INSERT INTO missing_table VALUES (1)")
    failing.rollback()
    done = threading.Event()
    threading.Thread(target=lambda: (_write(database, "next", 1), done.set())).start()
    assert done.wait(10), "the next writer never got its turn"
    failing.close()
