"""Issue 11, bug 3: without --allow-local no local address is requested, however it is spelt,
whether it is the URL itself, a redirect hop, or what a name resolves to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from linkcheck_server import LOCAL_TARGETS, Hostile, run_check

from linkwatch import model
from linkwatch.addresses import is_local_host
from linkwatch.cli import main
from linkwatch.policy import Config, skip_reason

LOCAL_HOSTS = [
    "localhost",
    "LOCALHOST.",
    "app.localhost",
    "127.0.0.1",
    "2130706433",
    "0x7f000001",
    "0x7f.1",
    "0177.0.0.1",
    "127.1",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[64:ff9b::7f00:1]",
    "[2002:7f00:1::]",
    "0.0.0.0",
    "0",
    "[::]",
    "169.254.169.254",
    "[fe80::1]",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "[fc00::1]",
    "１２７.０.０.１",  # fullwidth digits: the HTTP client reads them as 127.0.0.1
]
PUBLIC_HOSTS = ["github.com", "8.8.8.8", "0x08080808", "[2606:4700:4700::1111]", "1.2.3.4.5"]
# Local forms the server really listens on: a request would show up in its log.
REACHABLE = ["localhost", "127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.1"]


@pytest.mark.parametrize("host", LOCAL_HOSTS)
def test_local_hosts_are_skipped(host: str) -> None:
    url = f"http://{host}:8000/page"
    assert skip_reason(url, Config(), allow_local=False) == model.SKIP_LOCAL
    assert skip_reason(url, Config(), allow_local=True) is None


@pytest.mark.parametrize("host", PUBLIC_HOSTS)
def test_public_hosts_are_not_local(host: str) -> None:
    assert not is_local_host(host)
    assert skip_reason(f"https://{host}/", Config(), allow_local=False) is None


@pytest.mark.parametrize("host", [*REACHABLE, "sneaky.test"])
def test_engine_never_requests_a_local_url(server: Hostile, host: str) -> None:
    # The engine checks by itself, not only through the command line's skip list; sneaky.test
    # is a name that resolves to 127.0.0.1, caught by the resolver.
    url = f"http://{host}:{server.port}/local-target"
    run = run_check(server, [url], allow_local=False, overrides={"sneaky.test": "127.0.0.1"})
    assert (run[url].verdict, run[url].error_class) == ("skipped", model.SKIP_LOCAL)
    assert server.log == []


@pytest.mark.parametrize("kind", sorted(LOCAL_TARGETS))
def test_redirect_to_a_local_address_is_not_followed(server: Hostile, kind: str) -> None:
    url = server.url(f"/to-local?to={kind}")
    public = (f"127.0.0.1:{server.port}",)  # this server plays a public site
    run = run_check(
        server, [url], allow_local=False, public=public, overrides={"sneaky.test": "127.0.0.1"}
    )
    outcome = run[url]
    assert (outcome.verdict, outcome.error_class) == ("broken", model.LOCAL_REDIRECT)
    assert outcome.final_url is not None and outcome.final_url.endswith("/local-target")
    assert server.hits["/to-local"] == 1 and server.hits["/local-target"] == 0


def test_redirect_to_local_is_followed_with_allow_local(server: Hostile) -> None:
    # The control for the test above: the same redirect does reach the server when allowed.
    url = server.url("/to-local?to=resolves-local")
    run = run_check(server, [url], allow_local=True, overrides={"sneaky.test": "127.0.0.1"})
    assert run[url].verdict == "ok"
    assert server.hits["/local-target"] == 1


def test_command_line_skips_local_urls_without_allow_local(server: Hostile, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    listed = [f"http://{host}:{server.port}/local-target" for host in REACHABLE]
    listed.append(f"http://[::ffff:127.0.0.1]:{server.port}/local-target")
    urls.write_text("".join(f"{url}\n" for url in listed))
    report = tmp_path / "report.json"
    argv = ["--urls", str(urls), "--no-progress", "--json", str(report), "--root", str(tmp_path)]
    assert main(argv) == 0
    results = json.loads(report.read_text())["results"]
    assert {(r["verdict"], r["error_class"]) for r in results} == {("skipped", model.SKIP_LOCAL)}
    assert len(results) == len(listed)
    assert server.log == []
