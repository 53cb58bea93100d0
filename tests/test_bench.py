"""The benchmark's own logic, without load: reading what the Lua scripts print, the table,
the wrk command line and the exactly-once checks' verdicts. (The benchmark itself is run by
`make bench`, never by the test suite.)"""
import math

import pytest

from bench import wrk
from bench.checks import Check
from bench.report import Row, table

WRK_OUTPUT = """Running 12s test @ http://127.0.0.1:40000
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.12ms    3.01ms  40.00ms   80.00%
  20000 requests in 10.00s, 2.00MB read
BENCH_JSON {"sent":20001,"answered":20000,"ok":19990,"non2xx":10,"bad":13,"finished":2500,\
"stopped":2,"seconds":10,"threads":2,"latency_us":{"p50":6500,"p95":15250,"p99":30000,"max":40000,\
"mean":7120.5},"errors":{"connect":0,"read":1,"write":0,"timeout":1}}
Requests/sec:   1999.00
"""


def outcome(**changes) -> wrk.Outcome:
    return wrk.Outcome(**{**vars(wrk.parse(WRK_OUTPUT)), **changes})


def test_parse_reads_counters_window_and_percentiles_in_ms():
    result = wrk.parse(WRK_OUTPUT)
    assert (result.answered, result.ok, result.non2xx, result.finished) == (20000, 19990, 10, 2500)
    assert (result.p50, result.p95, result.p99) == (6.5, 15.25, 30.0)
    assert result.per_second == 2000
    assert result.finished_per_second == 250
    # Socket errors, plus answers with 2xx that the script did not expect (bad minus non-2xx).
    assert result.errors == 2 + 3
    assert result.cut_threads == 0
    assert result.unanswered == 1


def test_parse_counts_threads_that_wrk_cut_off():
    text = WRK_OUTPUT.replace('"stopped":2', '"stopped":1')
    assert wrk.parse(text).cut_threads == 1


def test_parse_without_answers_gives_no_percentiles_and_no_rate():
    text = ('BENCH_JSON {"sent":0,"answered":0,"ok":0,"non2xx":0,"bad":0,"finished":0,"stopped":1,'
            '"seconds":0,"threads":1,"latency_us":{"p50":null},"errors":{"connect":3}}')
    result = wrk.parse(text)
    assert math.isnan(result.p50) and math.isnan(result.p99)
    assert result.per_second == 0
    assert result.errors == 3


def test_parse_without_the_json_line_says_so():
    with pytest.raises(ValueError, match="BENCH_JSON"):
        wrk.parse("wrk: connection refused\n")


def test_table_has_one_aligned_line_per_row_with_the_ratio_to_its_ceiling():
    bare = Row("sqlite", "bare Flask POST (-t2 -c32)", outcome(), 2000)
    sms = Row("sqlite", "inbound SMS filing a complaint", outcome(answered=5000), 2000)
    session = Row("postgresql", "USSD session", outcome(), 4000, unit="sessions")
    lines = table([bare, sms, session]).splitlines()
    assert lines[0].split()[:3] == ["backend", "path", "req/s"]
    assert set(lines[1]) == {"-"}
    assert len({len(line) for line in lines}) == 1  # every line as wide as the header
    assert lines[2].split()[-2:] == ["10/5", "1.00"]
    assert lines[3].endswith("0.25")  # 500 req/s against a 2,000 req/s ceiling
    assert "250.0" in lines[4].split()  # sessions/s only where a unit is named
    assert lines[4].endswith("0.50")
    assert "250.0" not in lines[2].split()


def test_table_shows_a_dash_for_missing_percentiles():
    empty = outcome(answered=0, seconds=0, p50=math.nan, p95=math.nan, p99=math.nan)
    line = table([Row("sqlite", "dashboard", empty, 2000)]).splitlines()[2]
    assert line.split()[3:6] == ["-", "-", "-"]


def test_row_as_json_carries_the_figures():
    data = Row("sqlite", "USSD session", outcome(), 4000, unit="sessions").as_dict()
    assert data["requests_per_s"] == 2000 and data["units_per_s"] == 250
    assert data["ratio_to_bare"] == 0.5
    assert (data["p50_ms"], data["non2xx"], data["errors"]) == (6.5, 10, 5)


def test_wrk_command_passes_the_settings_and_a_longer_safety_limit():
    argv = wrk.command("sms.lua", "http://127.0.0.1:1", wrk.Load(2, 32, 10),
                       {"token": "t", "run": "m"}, {"Cookie": "session=abc"})
    assert argv[argv.index("-t") + 1] == "2" and argv[argv.index("-c") + 1] == "32"
    assert argv[argv.index("-d") + 1] == f"{10 + wrk.SAFETY_SECONDS}s"
    assert argv[argv.index("-H") + 1] == "Cookie: session=abc"
    assert argv[argv.index("-s") + 1].endswith("bench/lua/sms.lua")
    url = argv.index("http://127.0.0.1:1")
    assert argv[url + 1] == "--"
    assert set(argv[url + 2:]) == {"token=t", "run=m", "seconds=10"}


def test_every_lua_script_named_by_the_benchmark_exists():
    from bench.__main__ import STAFF, WEBHOOKS

    for script in ["bare.lua", "common.lua", *(s.script for s in (*WEBHOOKS, STAFF))]:
        assert (wrk.LUA / script).is_file(), script


@pytest.mark.parametrize(("expected", "found", "passed"), [(3, 3, True), (3, 4, False),
                                                          (0, 1, False)])
def test_a_check_passes_only_on_equal_counts(expected, found, passed):
    check = Check("sqlite", "SMS: feedback rows = 200 answers", expected, found)
    assert check.passed is passed
    assert check.line().startswith("ok" if passed else "MISMATCH")
