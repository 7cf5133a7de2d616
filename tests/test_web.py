"""The web service: every endpoint against the CLI's JSON, the page's forms, and hostile input
over HTTP (only 4xx answers, and the server keeps serving)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import EXAMPLES, examples, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("starlette")
pytest.importorskip("multipart")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

with warnings.catch_warnings():  # the test client's advice to move to another HTTP client
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient

from keirules.web import app  # noqa: E402

NBOX = EXAMPLES / "honda-n-box-jf5.yaml"
ON = "2026-06-01"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


def _spec(path: Path) -> dict[str, Any]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value)
            for key, value in data.items()}


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = run_cli(capsys, *args)
    assert code in (0, 1, 3), err
    return json.loads(out)


def _without_source(report: dict[str, Any]) -> dict[str, Any]:
    return {**report, "vehicle": {**report["vehicle"], "source": None}}


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml"))[:6], ids=lambda p: p.stem)
def test_check_is_the_cli_report(client: TestClient, capsys: pytest.CaptureFixture[str],
                                 example: Path) -> None:
    expected = _cli_json(capsys, "check", str(example), "--format", "json", "--on", ON)
    answer = client.post("/v1/check", json={"spec_yaml": example.read_text(encoding="utf-8"),
                                            "ruleset": "jp-kei", "on": ON})
    assert answer.status_code == 200
    assert _without_source(answer.json()) == _without_source(expected)


def test_compare_timeline_routes_diff_list_show_schema_features(
        client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    spec = NBOX.read_text(encoding="utf-8")
    matrix = client.post("/v1/compare", json={"specs": [_spec(NBOX)],
                                              "rulesets": ["jp-kei@1990", "jp-kei@1998"],
                                              "on": ON})
    assert matrix.status_code == 200
    assert [c["verdict"] for c in matrix.json()["cells"]] == ["fail", "pass"]
    timeline = client.post("/v1/timeline", json={"spec_yaml": spec, "family": "jp-kei"})
    assert _without_source(timeline.json()) == _without_source(
        _cli_json(capsys, "timeline", str(NBOX), "--format", "json"))
    routes = client.post("/v1/routes", json={"spec_yaml": spec, "market": "US", "on": ON})
    expected = _cli_json(capsys, "routes", str(NBOX), "--market", "US", "--on", ON,
                         "--format", "json")
    assert _without_source(routes.json()) == _without_source(expected)
    diff = client.get("/v1/diff", params={"from": "jp-kei@1990", "to": "jp-kei@1998"})
    assert diff.json() == _cli_json(capsys, "diff", "jp-kei@1990", "jp-kei@1998", "--format",
                                    "json")
    assert client.get("/v1/rulesets").json() == _cli_json(capsys, "list", "--format", "json")
    shown = client.get("/v1/rulesets/jp-kei@1998")
    assert shown.json() == _cli_json(capsys, "show", "jp-kei@1998", "--format", "json")
    assert client.get("/v1/schema/vehicle").json() == _cli_json(capsys, "schema", "vehicle")
    assert client.get("/v1/features").json() == _cli_json(capsys, "features", "--format",
                                                          "json")
    assert client.get("/healthz").json()["status"] == "ok"


def test_openapi_names_every_endpoint(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    for path in ("/v1/check", "/v1/compare", "/v1/timeline", "/v1/routes", "/v1/rulesets",
                 "/v1/rulesets/{name}", "/v1/diff", "/v1/schema/{kind}", "/v1/features",
                 "/healthz"):
        assert path in document["paths"]
    assert "VehicleSpec" in document["components"]["schemas"]
    docs = client.get("/docs").text
    assert "POST /v1/check" in docs and "<script src" not in docs


def test_ruleset_yaml_in_the_body_may_extend_only_registered_rule_sets(
        client: TestClient) -> None:
    text = ("family: mine\nversion: '1'\ntitle: Mine\njurisdiction: JP\nstatus: what_if\n"
            "effective_from: 2020-01-01\nextends: jp-kei@1998\nsources: {s: {title: S}}\n"
            "rules:\n  - {id: width, field: width, max: 1.60 m}\n")
    edge = {"name": "Wide", "width": "1.55 m"}
    answer = client.post("/v1/check", json={"spec": edge, "ruleset_yaml": text})
    assert answer.status_code == 200
    assert answer.json()["ruleset"]["name"] == "mine@1"
    widths = [r for r in answer.json()["results"] if r["rule"] == "width"]
    assert widths[0]["status"] == "pass"
    for target in ("../../rulesets/jp-kei/1998.yaml", "/etc/passwd", "jp-kei"):
        refused = client.post("/v1/check", json={
            "spec": edge, "ruleset_yaml": text.replace("jp-kei@1998", target)})
        assert refused.status_code == 422
        assert refused.json()["error"]["field"] == "extends"


def test_errors_are_the_cli_s_paragraph_as_data(client: TestClient) -> None:
    answer = client.post("/v1/check", json={"spec": {"name": "x", "length": "3,4 m"}})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["field"] == "length"
    assert "3,4 m" in error["value"]
    assert set(error) == {"message", "field", "line", "value", "expected"}
    pasted = client.post("/v1/check", json={"spec_yaml": "name: x\nlength: 33 95 mm\n"})
    assert pasted.status_code == 422 and pasted.json()["error"]["line"] == 2


HOSTILE_BODIES: list[Any] = [
    b"", b"{", b"[]", b"null", b"\xff\xfe", b'{"spec": {"name": "a"}, "spec": {}}',
    b'{"spec": NaN}', b"[" * 5000, b'{"spec": {"name": "\\ud800"}}',
    {"spec": "not a mapping"}, {"spec": {"name": "x", "length": "9**9**9 m"}},
    {"spec": {"name": "x", "length": "1e999999999 m"}}, {"spec": {"name": "x", "lenght": "1 m"}},
    {"spec": {"name": "x", "manufactured": "2023-02-30"}}, {"spec": {"name": "x"}, "on": "x"},
    {"spec": {"name": "x"}, "on": "1799-12-31"}, {"spec": {"name": "x"}, "nope": 1},
    {"spec": {"name": "x"}, "ruleset": 5}, {"spec": {"name": "x"}, "ruleset_yaml": "a: [b"},
    {"spec_yaml": "!!python/object:os.system {}"}, {"spec_yaml": "a: &a [*a, *a]\n" * 10},
    {"spec": {"name": "x", "features": {"headlamp": True}}},
]
PATHS = ["../../etc/passwd", "/etc/passwd", "rulesets/jp-kei/1998.yaml", "..\\..\\x.yaml",
         "jp-kei@../../x", "C:\\Windows\\win.ini", "./jp-kei", "%2e%2e%2fetc", "jp-kei/1998"]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
@pytest.mark.parametrize("path", ["/v1/check", "/v1/compare", "/v1/timeline", "/v1/routes"])
def test_hostile_bodies_get_4xx(client: TestClient, path: str, body: Any) -> None:
    if isinstance(body, bytes):
        answer = client.post(path, content=body, headers={"content-type": "application/json"})
    else:
        answer = client.post(path, json=body)
    assert 400 <= answer.status_code < 500, answer.text
    assert set(answer.json()["error"]) == {"message", "field", "line", "value", "expected"}
    assert "Traceback" not in answer.text


@pytest.mark.parametrize("name", PATHS)
def test_paths_in_every_field_that_names_a_rule_set_or_market(client: TestClient,
                                                               name: str) -> None:
    spec = {"name": "x", "manufactured": "1990"}
    answers = [
        client.post("/v1/check", json={"spec": spec, "ruleset": name}),
        client.post("/v1/compare", json={"specs": [spec], "rulesets": [name]}),
        client.post("/v1/timeline", json={"spec": spec, "family": name}),
        client.post("/v1/routes", json={"spec": spec, "market": name}),
        client.post("/v1/routes", json={"spec": spec, "markets": ["US", name]}),
        client.post("/v1/routes", json={"spec": spec, "market": "US", "state": name}),
        client.get("/v1/diff", params={"from": name, "to": "jp-kei@1998"}),
        client.get(f"/v1/rulesets/{quote(name, safe='')}"),
    ]
    for answer in answers:
        assert 400 <= answer.status_code < 500, (answer.request.url, answer.text)
    assert client.get("/healthz").status_code == 200  # still serving


def test_oversized_and_slow_bodies(client: TestClient) -> None:
    big = client.post("/v1/check", content=b" " * ((1 << 20) + 1),
                      headers={"content-type": "application/json"})
    assert big.status_code == 413
    chunked = client.post("/v1/check", content=iter([b" " * (1 << 19)] * 3),
                          headers={"content-type": "application/json"})
    assert chunked.status_code == 413
    assert client.get("/healthz").status_code == 200


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(["spec", "ruleset", "on", "specs",
                                                       "rulesets", "market", "state", "name",
                                                       "length", "family", "spec_yaml"]),
                                      inner, max_size=5), max_leaves=12),
       st.sampled_from(["/v1/check", "/v1/compare", "/v1/timeline", "/v1/routes"]))
def test_any_json_body_gets_an_answer_below_500(client: TestClient, body: Any,
                                                path: str) -> None:
    answer = client.post(path, json=body)
    assert answer.status_code < 500, answer.text


def test_page_check_form_shows_the_report_and_errors_by_field(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'name="length__unit"' in page.text and "<script" not in page.text
    done = client.post("/check", data={"name": "Edge", "length": "3400", "length__unit": "mm",
                                       "width": "1.48", "width__unit": "m", "height": "2000",
                                       "height__unit": "mm", "displacement": "0.66",
                                       "displacement__unit": "L", "ruleset": "jp-kei@1998"})
    assert done.status_code == 200
    assert "jp-kei@1998" in done.text and "3400" in done.text
    broken = client.post("/check", data={"name": "Edge", "length": "3,4", "length__unit": "m"})
    assert broken.status_code == 422
    assert 'id="length-error"' in broken.text and 'aria-invalid="true"' in broken.text
    upload = client.post("/check", data={"ruleset": "jp-kei"},
                         files={"spec_file": ("nbox.yaml", NBOX.read_bytes(), "text/yaml")})
    assert upload.status_code == 200 and "Honda N-Box" in upload.text


def test_page_compare_and_routes(client: TestClient) -> None:
    spec = NBOX.read_text(encoding="utf-8")
    compared = client.post("/compare", data={"specs_yaml": spec + "\n---\n" + spec,
                                             "rulesets": ["jp-kei@1990", "jp-kei@1998"]})
    assert compared.status_code == 200 and "jp-kei@1990" in compared.text
    routed = client.post("/routes", data={"spec_yaml": spec, "market": "US"})
    assert routed.status_code == 200 and "import-25-year" in routed.text
    assert client.get("/routes").status_code == 200


def test_page_error_in_pasted_yaml_is_by_the_text_box_not_the_form_field(
        client: TestClient) -> None:
    broken = client.post("/check", data={"spec_yaml": "name: x\nlength: 33 95 mm\n"})
    assert broken.status_code == 422
    assert 'id="spec_yaml-error"' in broken.text and "line 2" in broken.text
    assert 'id="length-error"' not in broken.text  # the empty length box is not at fault
    assert 'href="#f-spec_yaml"' in broken.text


def test_page_compare_keeps_every_rule_set_chosen_and_offers_one_date(
        client: TestClient) -> None:
    spec = NBOX.read_text(encoding="utf-8")
    compared = client.post("/compare", data={"specs_yaml": spec,
                                             "rulesets": ["jp-kei@1990", "jp-kei@1998"]})
    for name in ("jp-kei@1990", "jp-kei@1998"):
        assert f'<option value="{name}" selected>' in compared.text
    assert 'name="on_manufactured"' not in compared.text  # compare takes one date for all
    assert compared.text.index('class="result"') < compared.text.index("<form")


def test_served_connections_turn_nagle_off() -> None:
    """Connections accepted from serve's listener get TCP_NODELAY (uvicorn's own listener for
    --workers N does not, and each keep-alive answer then waits ~40 ms on a delayed ACK)."""
    import asyncio
    import socket

    from keirules.web.serve import listener

    sock = listener("127.0.0.1", 0)
    assert sock.proto == socket.IPPROTO_TCP
    seen: list[int] = []

    async def main() -> None:
        async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            peer = writer.get_extra_info("socket")
            seen.append(peer.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accepted, sock=sock)
        _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.01)
        writer.close()
        server.close()
        await server.wait_closed()

    asyncio.run(main())
    assert seen and seen[0] != 0


def test_serve_on_a_taken_port_is_one_paragraph(capsys: pytest.CaptureFixture[str]) -> None:
    from keirules.web.serve import listener

    taken = listener("127.0.0.1", 0)
    taken.listen()
    try:
        code, _, err = run_cli(capsys, "serve", "--port", str(taken.getsockname()[1]))
    finally:
        taken.close()
    assert code == 2
    assert "cannot listen on 127.0.0.1:" in err and "Traceback" not in err


def test_pretty_json_on_request(client: TestClient) -> None:
    compact = client.get("/healthz").text
    pretty = client.get("/healthz?pretty").text
    assert compact.startswith('{"status":"ok","version":') and compact.endswith("}\n")
    assert pretty.startswith('{\n  "status": "ok"') and json.loads(pretty) == json.loads(compact)


def test_startup_warms_the_catalog_and_serves() -> None:
    with TestClient(app) as started:  # runs the lifespan: catalog loaded before any request
        assert started.get("/healthz").status_code == 200
        answer = started.post("/v1/check", json={"spec": {"name": "x", "length": "3.40 m"}})
        assert answer.status_code == 200


def test_errors_do_not_show_where_the_server_keeps_its_files() -> None:
    from keirules.errors import RuleSetError
    from keirules.markets import builtin_markets_dir
    from keirules.web.errors import error_body
    from keirules.web.page import home

    where = str(builtin_markets_dir() / "us" / "TX.yaml")
    exc = RuleSetError("names no route of the market.", file=where, line=92, field="routes")
    body = error_body(exc)["error"]
    assert body["message"].startswith("markets/us/TX.yaml, line 92")
    assert str(builtin_markets_dir()) not in home(error=exc)
