"""Each hostile case the issue lists, checked against a real local server."""

from __future__ import annotations

from dataclasses import replace

import pytest
from linkcheck_server import IDN_HOST, TEST_SETTINGS, Hostile, run_check

from linkwatch import model
from linkwatch.collect import from_markdown, group
from linkwatch.policy import Config, load_config, skip_reason

CASES = [
    # path, verdict, status, error_class
    ("/ok", "ok", 200, None),
    ("/404", "broken", 404, model.HTTP_STATUS),
    ("/410", "broken", 410, model.HTTP_STATUS),
    ("/500", "broken", 500, model.HTTP_STATUS),
    ("/500-then-200", "ok", 200, None),
    ("/503-retry-after", "ok", 200, None),
    ("/429-seconds", "ok", 200, None),
    ("/429-date", "ok", 200, None),
    ("/429-none", "ok", 200, None),
    ("/429-garbage", "ok", 200, None),
    ("/429-day", "unverifiable", 429, model.RATE_LIMITED),
    ("/429-forever", "unverifiable", 429, model.RATE_LIMITED),
    ("/r301", "redirected", 200, None),
    ("/r302", "ok", 200, None),
    ("/r307", "ok", 200, None),
    ("/r308", "redirected", 200, None),
    ("/chain1", "redirected", 200, None),
    ("/perm-to-404", "broken", 404, model.HTTP_STATUS),
    ("/loop-a", "broken", 302, model.REDIRECT_LOOP),
    ("/too-many", "broken", None, model.TOO_MANY_REDIRECTS),
    ("/login-redirect", "unverifiable", 200, model.LOGIN_REDIRECT),
    ("/no-location", "broken", 302, model.REDIRECT_NO_LOCATION),
    ("/cookie-redirect", "ok", 200, None),
    ("/head-405", "ok", 200, None),
    ("/head-404", "ok", 200, None),
    ("/head-403", "ok", 200, None),
    ("/head-hang", "ok", 200, None),
    ("/head-500", "ok", 200, None),
    ("/trickle", "ok", 200, None),
    ("/huge", "ok", 200, None),
    ("/gzip", "ok", 200, None),
    ("/cf", "unverifiable", 403, model.BOT_PROTECTION),
    ("/ua", "ok", 200, None),
    ("/999", "unverifiable", 999, model.BOT_PROTECTION),
    ("/401", "unverifiable", 401, model.AUTH_REQUIRED),
    ("/robots-page", "ok", 200, None),
    ("/pct/a%20b", "ok", 200, None),
    ("/pct/a%2Fb", "ok", 200, None),
    ("/pct/café", "ok", 200, None),
]


@pytest.mark.parametrize(("path", "verdict", "status", "error_class"), CASES)
def test_verdict(
    server: Hostile, path: str, verdict: str, status: int | None, error_class: str | None
) -> None:
    url = server.url(path)
    outcome = run_check(server, [url])[url]
    assert (outcome.verdict, outcome.status, outcome.error_class) == (verdict, status, error_class)


def test_permanent_redirect_suggests_target(server: Hostile) -> None:
    run = run_check(server, [server.url("/r301"), server.url("/chain1#part")])
    assert run[server.url("/r301")].final_url == server.url("/ok")
    # 301 then 308 are permanent, the 302 after them is not: suggest the URL after the 308.
    assert run[server.url("/chain1#part")].final_url == server.url("/sub/chain3#part")


def test_temporary_redirect_keeps_url_and_reports_where_it_ended(server: Hostile) -> None:
    url = server.url("/r302")
    assert run_check(server, [url])[url].final_url == server.url("/ok")


def test_retry_after_seconds_is_waited(server: Hostile) -> None:
    url = server.url("/429-seconds")
    run = run_check(server, [url])
    assert 3.0 in run.clock.sleeps
    assert server.hits["/429-seconds"] == 2


def test_retry_after_date_is_waited(server: Hostile) -> None:
    url = server.url("/429-date")
    run = run_check(server, [url])
    assert any(25 <= s <= 31 for s in run.clock.sleeps), run.clock.sleeps


def test_retry_after_over_cap_is_not_waited(server: Hostile) -> None:
    url = server.url("/429-day")
    run = run_check(server, [url])
    assert not any(s > 120 for s in run.clock.sleeps)
    assert server.hits["/429-day"] == 1


def test_retry_after_applies_to_whole_host(server: Hostile) -> None:
    limited, other = server.url("/429-seconds"), server.url("/ok")
    config = Config(settings=replace(TEST_SETTINGS, per_host=1))
    run_check(server, [limited, other], config)
    times = {path: t for method, path, t in server.log if path == "/ok"}
    first_429 = next(t for method, path, t in server.log if path == "/429-seconds")
    # /ok was queued behind the 429 on the same host, so it waited out the Retry-After too.
    assert times["/ok"] >= first_429 + 3.0


def test_503_retry_after_waits(server: Hostile) -> None:
    url = server.url("/503-retry-after")
    assert 7.0 in run_check(server, [url]).clock.sleeps


def test_backoff_grows_for_5xx(server: Hostile) -> None:
    url = server.url("/500")
    run = run_check(server, [url])
    assert len(run.clock.sleeps) == 2 and run.clock.sleeps[1] > run.clock.sleeps[0]
    assert server.hits["/500"] >= 3


def test_head_first_then_get_only_when_needed(server: Hostile) -> None:
    run_check(server, [server.url("/ok"), server.url("/head-405")])
    assert server.requests_to("/ok") == ["HEAD"]
    assert server.requests_to("/head-405") == ["HEAD", "GET"]


def test_browser_like_user_agent(server: Hostile) -> None:
    run_check(server, [server.url("/ok")])
    agent = server.user_agents[0].lower()
    assert agent.startswith("mozilla/5.0") and not any(w in agent for w in ("python", "aiohttp"))


def test_slow_headers_time_out(server: Hostile) -> None:
    url = server.url("/slow-headers")
    config = Config(settings=replace(TEST_SETTINGS, timeout=0.3, head_timeout=0.2, retries=1))
    outcome = run_check(server, [url], config)[url]
    assert (outcome.verdict, outcome.error_class) == ("broken", model.TIMEOUT)


def test_deadline_bounds_a_url(server: Hostile) -> None:
    url = server.url("/slow-headers")
    config = Config(settings=replace(TEST_SETTINGS, timeout=5, head_timeout=0.2, deadline=0.5))
    outcome = run_check(server, [url], config)[url]
    assert (outcome.verdict, outcome.error_class) == ("broken", model.TIMEOUT)


def test_huge_body_is_not_downloaded(server: Hostile) -> None:
    run_check(server, [server.url("/huge")])
    assert server.huge_bytes_sent < 64 * 1024 * 1024  # far below the 1 GiB offered


def test_reset_connection(server: Hostile) -> None:
    url = f"http://127.0.0.1:{server.reset_port}/"
    outcome = run_check(server, [url])[url]
    assert (outcome.verdict, outcome.error_class) == ("broken", model.RESET)


def test_closed_port(server: Hostile) -> None:
    url = f"http://127.0.0.1:{server.closed_port}/"
    outcome = run_check(server, [url])[url]
    assert (outcome.verdict, outcome.error_class) == ("broken", model.REFUSED)


def test_invalid_host_fails_fast_as_dns(server: Hostile) -> None:
    url = "http://does-not-exist.invalid/page"
    run = run_check(server, [url])
    assert (run[url].verdict, run[url].error_class) == ("broken", model.DNS)
    assert run.clock.sleeps == []  # not retried


def test_self_signed_tls(server: Hostile) -> None:
    if not server.tls_port:
        pytest.skip("neither the openssl CLI nor a certificate could be made")
    url = f"https://127.0.0.1:{server.tls_port}/ok"
    outcome = run_check(server, [url])[url]
    assert (outcome.verdict, outcome.error_class) == ("broken", model.TLS)


def test_robots_txt_is_not_fetched(server: Hostile) -> None:
    run_check(server, [server.url("/robots-page")])
    assert server.hits["/robots.txt"] == 0


def test_duplicate_urls_one_request(server: Hostile) -> None:
    url = server.url("/dup")
    text = f"[a]({url}) and {url}.\n\nAgain <{url}> and [b]({url}#section)\n"
    sources = group(from_markdown(text, "docs/x.md"))
    assert sources[url] == ["docs/x.md:1", "docs/x.md:3"]
    run = run_check(server, list(sources))
    assert server.hits["/dup"] == 1
    assert {o.verdict for o in run.outcomes.values()} == {"ok"}


def test_per_host_cap(server: Hostile) -> None:
    urls = [server.url(f"/conc/{i}") for i in range(100)]
    run = run_check(server, urls)
    assert {o.verdict for o in run.outcomes.values()} == {"ok"}
    assert server.max_inflight["conc"] == 2


def test_min_interval_spaces_requests(server: Hostile) -> None:
    urls = [server.url(f"/conc/{i}") for i in range(5)]
    config = Config(settings=replace(TEST_SETTINGS, min_interval=2.0))
    run = run_check(server, urls, config)
    # Five request starts two seconds apart: the (fake) clock must have moved at least 8 s.
    assert run.clock.now - 1000.0 >= 8.0
    assert all(s <= 2.0 for s in run.clock.sleeps)


def test_skipped_urls_are_never_requested() -> None:
    config = Config()
    for url in (
        "mailto:someone@example.org",
        "data:text/plain,hi",
        "http://localhost:8000/",
        "http://127.0.0.1/x",
        "https://www.example.com/",
        "tel:+123",
        "http://foo.example/",
        "javascript:void(0)",
        "http://[::1]/",
    ):
        assert skip_reason(url, config, allow_local=False) is not None, url
    assert skip_reason("http://127.0.0.1:9/x", config, allow_local=True) is None
    assert skip_reason("https://github.com/", config, allow_local=False) is None


def test_trailing_punctuation_in_markdown(server: Hostile) -> None:
    text = (
        f"See {server.url('/ok')}. Also ({server.url('/ok2')}), "
        f"[wiki]({server.url('/wiki/Foo_(bar)')}) and **{server.url('/dup')}**!\n"
    )
    urls = list(group(from_markdown(text, "docs/x.md")))
    assert urls == [server.url(p) for p in ("/ok", "/ok2", "/wiki/Foo_(bar)", "/dup")]
    run = run_check(server, urls)
    assert {o.verdict for o in run.outcomes.values()} == {"ok"}


def test_internationalised_host_and_path(server: Hostile) -> None:
    url = f"http://bücher.test:{server.port}/straße"
    run = run_check(server, [url], overrides={IDN_HOST: "127.0.0.1"})
    assert run[url].verdict == "ok"
    assert server.hosts_seen[0].startswith(IDN_HOST)


def test_host_override_accept_status(server: Hostile, tmp_path: object) -> None:
    config = Config(settings=TEST_SETTINGS, hosts={"127.0.0.1": {"accept": [404]}})
    url = server.url("/404")
    assert run_check(server, [url], config)[url].verdict == "ok"


def test_host_override_get_only(server: Hostile) -> None:
    config = Config(settings=TEST_SETTINGS, hosts={"127.0.0.1": {"get_only": True}})
    run_check(server, [server.url("/ok")], config)
    assert server.requests_to("/ok") == ["GET"]


def test_host_override_longer_timeout(server: Hostile) -> None:
    url = server.url("/slowish")
    short = Config(settings=replace(TEST_SETTINGS, timeout=0.2, head_timeout=0.1, retries=0))
    assert run_check(server, [url], short)[url].verdict == "broken"
    longer = Config(settings=short.settings, hosts={"127.0.0.1": {"timeout": 3.0}})
    server.reset()
    longer = replace(longer, settings=replace(longer.settings, head_timeout=3.0))
    assert run_check(server, [url], longer)[url].verdict == "ok"


def test_host_override_skip_from_toml(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "hosts.toml"  # type: ignore[operator]
    path.write_text('[defaults]\nper_host = 3\n[hosts."slow.org"]\nskip = true\n')
    config = load_config(path)
    assert config.settings.per_host == 3
    assert skip_reason("https://docs.slow.org/x", config, allow_local=False) == model.SKIP_CONFIG


def test_bad_config_names_the_key(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "hosts.toml"  # type: ignore[operator]
    path.write_text('[hosts."a.org"]\ntimeuot = 3\n')
    with pytest.raises(ValueError, match="timeuot"):
        load_config(path)


def test_shipped_config_loads() -> None:
    assert load_config().settings.per_host == 2


def test_every_head_404_is_confirmed_with_get(server: Hostile) -> None:
    # A HEAD answer alone never makes a URL broken, even on a host whose HEAD 404s were right.
    urls = [server.url(f"/missing/{i}") for i in range(6)]
    run = run_check(server, urls)
    assert {o.verdict for o in run.outcomes.values()} == {"broken"}
    for i in range(6):
        assert server.requests_to(f"/missing/{i}") == ["HEAD", "GET"]
