"""Bad input is a 422 naming the field, never a 500: bounded ids, amounts and dates in the
schema, NUL and lone surrogates refused at the edge, nesting and body size capped."""

from __future__ import annotations

BIG = 2**31


def campaign(**kw):
    body = {
        "kind": "holiday_relief",
        "name": "两节送温暖",
        "year": 2017,
        "budget_fen": 1_000_000,
        "eligibility": {"rule": "hardship_households"},
        "amount_rule": {"rule": "flat", "fen": 50_000},
    }
    body.update(kw)
    return body


def fields(r) -> list[str]:
    return [e["field"] for e in r.json().get("errors", [])]


async def test_an_id_of_2_to_the_31_in_a_path_is_422(client, tenant, tenant_headers):
    for path in (f"campaigns/{BIG}", f"hardship-households/{BIG}", f"complaints/{BIG}", f"pairing/programmes/{BIG}"):
        r = await client.get(f"/api/v1/t/{tenant.slug}/{path}", headers=tenant_headers)
        assert r.status_code == 422, (path, r.status_code, r.text)


async def test_an_id_of_2_to_the_31_in_a_body_is_422(client, tenant, tenant_headers):
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/hardship-households",
        json={
            "member_id": BIG,
            "household_size": 1,
            "reasons": ["illness"],
            "income_per_head_fen": 1,
            "bank_account": "6228000011112222",
        },
        headers=tenant_headers,
    )
    assert r.status_code == 422, r.text
    assert "member_id" in fields(r)


async def test_a_nul_in_a_name_is_422_naming_the_field(client, tenant, tenant_headers):
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/campaigns", json=campaign(name="两节\x00送温暖"), headers=tenant_headers
    )
    assert r.status_code == 422, r.text
    assert fields(r) == ["name"]


async def test_a_lone_surrogate_is_422_naming_the_field(client, tenant, tenant_headers):
    raw = (
        b'{"kind":"holiday_relief","name":"a\\ud800b","year":2017,"budget_fen":1,'
        b'"eligibility":{"rule":"hardship_households"},"amount_rule":{"rule":"flat","fen":1}}'
    )
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/campaigns",
        content=raw,
        headers={**tenant_headers, "content-type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert fields(r) == ["name"]


async def test_a_nul_in_a_query_parameter_is_422(client, tenant, tenant_headers):
    r = await client.get(f"/api/v1/t/{tenant.slug}/complaints", params={"status": "a\x00b"}, headers=tenant_headers)
    assert r.status_code == 422 and fields(r) == ["status"], r.text
    r = await client.get(f"/api/v1/t/{tenant.slug}/complaints/by-ref/a%00b", headers=tenant_headers)
    assert r.status_code == 422 and fields(r) == ["ref"], r.text


async def test_json_nested_5000_levels_is_refused_not_500(client, tenant, tenant_headers):
    raw = b'{"name":' + b"[" * 5000 + b"]" * 5000 + b"}"
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/campaigns",
        content=raw,
        headers={**tenant_headers, "content-type": "application/json"},
    )
    assert r.status_code in (400, 422), r.text


async def test_money_as_a_numeric_string_is_refused(client, tenant, tenant_headers):
    r = await client.post(f"/api/v1/t/{tenant.slug}/campaigns", json=campaign(budget_fen="100"), headers=tenant_headers)
    assert r.status_code == 422, r.text
    assert "budget_fen" in fields(r)


async def test_a_budget_of_2_to_the_63_is_refused(client, tenant, tenant_headers):
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/campaigns", json=campaign(budget_fen=2**63 - 1), headers=tenant_headers
    )
    assert r.status_code == 422, r.text
    assert "budget_fen" in fields(r)


async def test_a_date_in_year_107_is_refused(client, tenant, tenant_headers):
    for start, days in (("0107-01-01", 3), ("2017-01-03", 10**9), ("9999-12-30", 5)):
        r = await client.get(
            f"/api/v1/t/{tenant.slug}/calendar/deadline",
            params={"start": start, "working_days": days},
            headers=tenant_headers,
        )
        assert r.status_code == 422, (start, days, r.text)
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/pairing/programmes",
        json={"name": "名师带高徒", "scope_org_id": 1, "term_start": "0107-03-01", "term_end": "2018-02-28"},
        headers=tenant_headers,
    )
    assert r.status_code == 422 and fields(r) == ["term_start"], r.text


async def test_recovered_yuan_nan_infinity_and_1e300_are_refused(client, tenant, tenant_headers):
    for bad in (b"NaN", b"Infinity", b"1e300", b'"NaN"', b'"1e300"'):
        r = await client.post(
            f"/api/v1/t/{tenant.slug}/acceptance-forms/1/resolve",
            content=b'{"resolution":"ok","recovered_yuan":' + bad + b"}",
            headers={**tenant_headers, "content-type": "application/json"},
        )
        assert r.status_code in (404, 422), (bad, r.status_code, r.text)


async def test_expires_in_days_of_2_to_the_63_is_422(client, admin_headers):
    r = await client.post(
        "/api/v1/platform/tokens", json={"role": "platform_admin", "expires_in_days": 2**63}, headers=admin_headers
    )
    assert r.status_code == 422, r.text
    assert "expires_in_days" in fields(r)


async def test_a_token_id_of_2_to_the_31_is_422(client, admin_headers):
    r = await client.delete(f"/api/v1/platform/tokens/{BIG}", headers=admin_headers)
    assert r.status_code == 422, r.text


async def test_an_overlong_tenant_name_is_422(client, admin_headers):
    r = await client.post(
        "/api/v1/platform/tenants",
        json={"slug": "overlong", "name_zh": "长" * 5000, "name_en": "x", "modules": []},
        headers=admin_headers,
    )
    assert r.status_code == 422, r.text
    assert "name_zh" in fields(r)


async def test_orgs_routes_hold_too_before_their_types_land(client, tenant, tenant_headers):
    """orgs has no bounded types yet: the edge and the last line of defence hold for it."""
    base = f"/api/v1/t/{tenant.slug}"
    r = await client.get(f"{base}/orgs/{BIG}", headers=tenant_headers)
    assert r.status_code == 422, r.text
    r = await client.get(f"{base}/orgs", params={"parent": 2**40}, headers=tenant_headers)
    assert r.status_code == 422, r.text
    r = await client.post(f"{base}/orgs", json={"name": "长" * 500, "type": "enterprise_union"}, headers=tenant_headers)
    assert r.status_code == 422, r.text
    r = await client.post(f"{base}/orgs", json={"name": "a\x00b", "type": "enterprise_union"}, headers=tenant_headers)
    assert r.status_code == 422 and fields(r) == ["name"], r.text


async def test_a_body_past_10_mb_is_413(client, tenant, tenant_headers):
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/campaigns",
        content=b'{"name":"' + b"x" * 11_000_000 + b'"}',
        headers={**tenant_headers, "content-type": "application/json"},
    )
    assert r.status_code == 413, r.text[:300]


def test_each_bound_msgspec_refuses_is_said_in_both_languages():
    """msgspec's words for a bound of `server.infra.types` become the catalogue's (`edge.bound`)."""
    from server.infra.edge import bound

    said = {
        "Expected `int` >= 1": ("不能小于1", "must be at least 1"),
        "Expected `int` > 0": ("不能小于1", "must be at least 1"),
        "Expected `int` <= 100": ("不能大于100", "must be at most 100"),
        "Expected `int` < 5": ("不能大于4", "must be at most 4"),
        "Expected `str` of length <= 200": ("不超过200个字符", "must be at most 200 characters"),
        "Expected `str` of length >= 1": ("不能为空", "must not be empty"),
        "Expected `str` of length >= 6": ("至少6个字符", "must be at least 6 characters"),
        "Expected `array` of length <= 100": ("最多100项", "must hold at most 100 items"),
        "Expected `array` of length >= 1": ("至少1项", "must hold at least 1 item(s)"),
    }
    for message, (zh, en) in said.items():
        found = bound(message)
        assert found is not None, message
        assert (found[0].render("zh-CN", found[1]), found[0].render("en", found[1])) == (zh, en)
    assert bound("Expected `int`, got `str`") is None  # a wrong type is not a bound: Litestar says it


async def test_a_text_past_its_length_is_422_naming_it_in_the_clients_language(client, tenant, tenant_headers):
    """Every request string has a maxLength (tests/test_api_docs.py); past it, the answer names the
    field in the client's language: a query parameter, a body field and a path's tenant slug."""
    base = f"/api/v1/t/{tenant.slug}"
    zh, en = tenant_headers | {"Accept-Language": "zh-CN"}, tenant_headers | {"Accept-Language": "en"}
    r = await client.get(f"{base}/members", params={"q": "张" * 101}, headers=zh)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [{"field": "q", "message": "不超过100个字符"}]
    r = await client.get(f"{base}/members", params={"cursor": "x" * 33}, headers=en)
    assert r.status_code == 422 and r.json()["errors"] == [
        {"field": "cursor", "message": "must be at most 32 characters"}
    ]
    r = await client.put(f"{base}/bot", json={"token": "1" * 201}, headers=en)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [{"field": "token", "message": "must be at most 200 characters"}]
    r = await client.put(f"{base}/bot", json={"token": "1" * 201}, headers=zh)
    assert r.json()["errors"] == [{"field": "token", "message": "不超过200个字符"}]
    r = await client.get(f"/api/v1/t/{'a' * 33}/members", headers=en)
    assert r.status_code == 422 and r.json()["errors"] == [
        {"field": "tenant", "message": "must be at most 32 characters"}
    ]


async def test_an_id_in_a_path_is_refused_as_its_parameter_declares(client, tenant, tenant_headers):
    """The path's id is an `Id` (1 … 2³¹−1): the refusal says so, 0 included."""
    headers = tenant_headers | {"Accept-Language": "en"}
    for bad in (0, BIG):
        r = await client.get(f"/api/v1/t/{tenant.slug}/campaigns/{bad}", headers=headers)
        assert r.status_code == 422, r.text
        assert r.json()["errors"] == [{"field": "campaign_id", "message": "must be between 1 and 2147483647"}]
