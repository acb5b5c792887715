"""SCIM 2.0 provisioning as the big providers send it: create, find, page, replace, each PATCH form, leave,
delete, groups, and errors as SCIM error bodies."""

import itertools
import json

import pytest

from tests.conftest import body, header
from tests.functions.conftest import SCIM_TOKEN as TOKEN

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
TORGET = "urn:torget:params:scim:schemas:extension:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def user(user_name, given, family, **extra):
    enterprise = extra.pop("enterprise", None)
    own = extra.pop("torget", None)
    return {"schemas": [USER, *([ENTERPRISE] if enterprise else []), *([TORGET] if own else [])],
            "userName": user_name, "name": {"givenName": given, "familyName": family},
            "emails": [{"value": user_name, "type": "work", "primary": True}], "active": True,
            **({ENTERPRISE: enterprise} if enterprise else {}), **({TORGET: own} if own else {}), **extra}


def created(scim, payload):
    response = scim("POST", "/Users", payload)
    assert response.status_code == 201, response.body
    return body(response)


def scim_error(response, status, scim_type=None):
    assert response.status_code == status, response.body
    assert header(response, "content-type").startswith("application/scim+json")
    error = body(response)
    assert error["schemas"] == [ERROR] and error["status"] == str(status) and error["detail"]
    assert error.get("scimType") == scim_type
    return error


def test_a_provisioned_person_is_in_the_directory_before_their_first_login(scim, people):
    sara = people("sara.nilsson", "Sara Nilsson")
    made = created(scim, user("lena.berg@fjallvind.se", "Lena", "Berg", title="Tekniker", externalId="0f1e-lena",
                              phoneNumbers=[{"value": "+46 70 111 22 33", "type": "work"}],
                              addresses=[{"type": "work", "formatted": "Storliden"}],
                              enterprise={"department": "Drift", "employeeNumber": "1042"},
                              torget={"startDate": "2026-12-01"}))
    assert made["id"] == "lena.berg" and made["meta"]["version"] == 'W/"1"'
    assert made["meta"]["location"].endswith("/api/scim/v2/Users/lena.berg")
    assert [p["id"] for p in body(sara.get("/api/people?q=lena"))["people"]] == ["lena.berg"]
    profile = body(sara.get("/api/people/lena.berg"))
    assert (profile["name"], profile["title"], profile["department"], profile["office"], profile["phone"]) == (
        "Lena Berg", "Tekniker", "Drift", "Storliden", "+46 70 111 22 33")


def test_providers_find_people_by_username_external_id_and_email_and_page_through_everyone(scim):
    for n in range(5):
        created(scim, user(f"p{n}@x.se", f"P{n}", "Test", externalId=f"ext-{n}"))
    for query in ('userName eq "P3@X.SE"', 'externalId eq "ext-3"', 'emails.value eq "p3@x.se"',
                  'emails[type eq "work" and value eq "p3@x.se"]'):
        found = body(scim("GET", f"/Users?filter={query}"))
        assert found["totalResults"] == 1 and found["Resources"][0]["userName"] == "p3@x.se", query
    assert body(scim("GET", '/Users?filter=externalId eq "EXT-3"'))["totalResults"] == 0  # externalId is exact
    page = body(scim("GET", "/Users?startIndex=2&count=2"))
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert [r["userName"] for r in page["Resources"]] == ["p1@x.se", "p2@x.se"]
    found = body(scim("GET", '/Users?filter=name.givenName sw "p" and (userName co "3" or userName co "4")'))
    assert sorted(r["userName"] for r in found["Resources"]) == ["p3@x.se", "p4@x.se"]
    assert body(scim("GET", "/Users?count=0"))["Resources"] == []


def test_replace_and_every_patch_form_the_big_providers_send(scim, people):
    sara = people("sara.nilsson", "Sara Nilsson")
    boss = created(scim, user("karin@x.se", "Karin", "Ek"))
    made = created(scim, user("lena@x.se", "Lena", "Berg"))
    path = f"/Users/{made['id']}"
    # A path-less replace with an object (one provider sends every change so).
    changed = body(scim("PATCH", path, {"schemas": [PATCH], "Operations": [
        {"op": "Replace", "value": {"displayName": "Lena B. Berg", "title": "Driftchef", "name.givenName": "Lena B."}}]}))
    assert (changed["displayName"], changed["title"], changed["name"]["givenName"]) == ("Lena B. Berg", "Driftchef", "Lena B.")
    assert changed["meta"]["version"] == 'W/"2"'
    # A filtered path that matches nothing adds the value; the manager sent as a bare id.
    changed = body(scim("PATCH", path, {"schemas": [PATCH], "Operations": [
        {"op": "Add", "path": 'phoneNumbers[type eq "mobile"].value', "value": "+46 70 000 00 00"},
        {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": boss["id"]},
        {"op": "replace", "path": f"{ENTERPRISE}:department", "value": "Drift"}]}))
    assert changed["phoneNumbers"] == [{"type": "mobile", "value": "+46 70 000 00 00"}]
    assert changed[ENTERPRISE]["manager"]["value"] == "karin" and changed[ENTERPRISE]["manager"]["displayName"] == "Karin Ek"
    assert body(sara.get("/api/people/lena"))["department"] == "Drift"
    changed = body(scim("PATCH", path, {"schemas": [PATCH], "Operations": [
        {"op": "remove", "path": 'phoneNumbers[type eq "mobile"]'}, {"op": "remove", "path": "title"}]}))
    assert changed.get("phoneNumbers", []) == [] and "title" not in changed
    # PUT replaces the whole resource; If-Match with an old ETag is refused.
    stale = scim("PUT", path, user("lena@x.se", "Lena", "Berg"), **{"if-match": 'W/"1"'})
    scim_error(stale, 412)
    replaced = scim("PUT", path, user("lena@x.se", "Lena", "Berg", title="Tekniker"), **{"if-match": changed["meta"]["version"]})
    assert replaced.status_code == 200 and header(replaced, "etag") == 'W/"5"'
    assert ENTERPRISE not in body(replaced)  # what PUT leaves out is gone


def test_active_false_as_a_string_ends_sessions_refuses_login_and_keeps_what_they_wrote(scim, login, people, client):
    made = created(scim, user("sara.nilsson@x.se", "Sara", "Nilsson", externalId="sara.nilsson"))
    assert made["id"] == "sara.nilsson"
    sara = login("sara.nilsson")  # the demo provider's subject is the externalId
    assert body(sara.get("/api/me"))["name"] == "Sara Nilsson"
    karin = people("karin.ek", "Karin Ek")
    posted = sara.send("POST", "/api/posts", json.dumps({"text": "Hej allihop"}))
    assert posted.status_code == 201, posted.body
    left = scim("PATCH", "/Users/sara.nilsson", {"schemas": [PATCH], "Operations": [
        {"op": "Replace", "path": "active", "value": "False"}]})
    assert left.status_code == 200 and body(left)["active"] is False
    assert sara.get("/api/me").status_code == 401  # the session ended at once
    assert body(karin.get("/api/people?q=sara"))["people"] == []  # out of search and mentions
    assert "Sara Nilsson" not in [p["name"] for p in body(karin.get("/api/people"))["people"]]
    profile = body(karin.get("/api/people/sara.nilsson"))
    assert profile["active"] is False and profile["name"] == "Sara Nilsson"
    feed = body(karin.get("/api/feed"))["items"]
    assert any(item.get("text", "").startswith("Hej allihop") or "Hej allihop" in json.dumps(item) for item in feed)
    started = client.http.get("/api/auth/login")
    from tests.conftest import authorize_at_provider

    code, state = authorize_at_provider(header(started, "location"), "sara.nilsson")
    refused = client.http.get(f"/api/auth/callback?code={code}&state={state}",
                              headers={"cookie": f"torget_login={state}", "accept": "text/html"})
    assert refused.status_code == 403 and "slutat" in refused.body.decode()


def test_delete_leaves_the_person_gone_from_the_directory_and_their_username_free(scim, people):
    made = created(scim, user("tove@x.se", "Tove", "Ek"))
    assert scim("DELETE", f"/Users/{made['id']}").status_code == 204
    scim_error(scim("GET", f"/Users/{made['id']}"), 404)
    assert body(scim("GET", '/Users?filter=userName eq "tove@x.se"'))["totalResults"] == 0
    again = created(scim, user("tove@x.se", "Tove", "Ek"))
    assert again["id"] == "tove-2"  # the first Tove's id stays with what she wrote
    admin = people("karin.ek", "Karin Ek", ("employee", "admin"))
    trail = [(e["action"], e["target"], e["actor"]["id"]) for e in body(admin.get("/api/audit"))["entries"]]
    assert ("person.provisioned", "person:tove", "scim") in trail and ("person.deprovisioned", "person:tove", "scim") in trail


def test_a_manager_cycle_and_self_management_are_refused(scim):
    chain = [created(scim, user(f"level{n}@x.se", f"Level{n}", "Chain"))["id"] for n in range(6)]
    for above, below in itertools.pairwise(chain):
        response = scim("PATCH", f"/Users/{below}", {"schemas": [PATCH], "Operations": [
            {"op": "add", "path": f"{ENTERPRISE}:manager", "value": {"value": above}}]})
        assert response.status_code == 200, response.body
    cycle = scim("PATCH", f"/Users/{chain[0]}", {"schemas": [PATCH], "Operations": [
        {"op": "add", "path": f"{ENTERPRISE}:manager", "value": chain[5]}]})
    assert "cycle" in scim_error(cycle, 400, "invalidValue")["detail"]
    own = scim("PATCH", f"/Users/{chain[2]}", {"schemas": [PATCH], "Operations": [
        {"op": "add", "path": f"{ENTERPRISE}:manager", "value": chain[2]}]})
    scim_error(own, 400, "invalidValue")


def test_groups_add_and_remove_members_in_the_forms_providers_send(scim):
    ids = [created(scim, user(f"g{n}@x.se", f"G{n}", "Member"))["id"] for n in range(4)]
    group = scim("POST", "/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                     "displayName": "Ledningsgruppen", "members": [{"value": ids[0]}]})
    assert group.status_code == 201, group.body
    group_id = body(group)["id"]
    path = f"/Groups/{group_id}"
    scim("PATCH", path, {"schemas": [PATCH], "Operations": [
        {"op": "Add", "path": "members", "value": [{"value": ids[1]}, {"value": ids[2]}]}]})
    scim("PATCH", path, {"schemas": [PATCH], "Operations": [{"op": "Remove", "path": f'members[value eq "{ids[1]}"]'}]})
    scim("PATCH", path, {"schemas": [PATCH], "Operations": [
        {"op": "remove", "path": "members", "value": [{"value": ids[0]}]},
        {"op": "replace", "value": {"displayName": "Ledningen"}}]})
    got = body(scim("GET", path))
    assert got["displayName"] == "Ledningen" and [m["value"] for m in got["members"]] == [ids[2]]
    assert "members" not in body(scim("GET", f"{path}?excludedAttributes=members"))
    assert body(scim("GET", f"/Users/{ids[2]}"))["groups"] == [{"value": group_id, "display": "Ledningen"}]
    assert body(scim("GET", '/Groups?filter=displayName eq "ledningen"'))["totalResults"] == 1
    unknown = scim("PATCH", path, {"schemas": [PATCH], "Operations": [{"op": "add", "path": "members",
                                                                       "value": [{"value": "nobody"}]}]})
    scim_error(unknown, 400, "invalidValue")


@pytest.mark.parametrize("payload, status, scim_type", [
    ({"schemas": [USER], "userName": "x@x.se", "favouriteColour": "blue"}, 400, "invalidSyntax"),
    ({"schemas": [USER], "userName": 42}, 400, "invalidValue"),
    ({"schemas": [USER]}, 400, "invalidValue"),
    ({"schemas": [USER], "userName": "x@x.se", "active": "maybe"}, 400, "invalidValue"),
    ({"schemas": [USER], "userName": "x@x.se", TORGET: {"startDate": "2026-02-30"}}, 400, "invalidValue"),
    ({"schemas": ["urn:example:Thing"], "userName": "x@x.se"}, 400, "invalidSyntax"),
])
def test_bad_bodies_get_scim_errors(scim, payload, status, scim_type):
    scim_error(scim("POST", "/Users", payload), status, scim_type)


def test_bad_requests_are_scim_errors_never_500(scim):
    created(scim, user("dup@x.se", "Dup", "One"))
    scim_error(scim("POST", "/Users", user("DUP@x.se", "Dup", "Two")), 409, "uniqueness")
    scim_error(scim("GET", '/Users?filter=userName eq'), 400, "invalidFilter")
    scim_error(scim("GET", '/Users?filter=userName xx "a"'), 400, "invalidFilter")
    scim_error(scim("PATCH", "/Users/dup", {"schemas": [PATCH], "Operations": [
        {"op": "replace", "path": "favouriteColour", "value": "x"}]}), 400, "invalidPath")
    scim_error(scim("PATCH", "/Users/dup", {"schemas": [PATCH], "Operations": [{"op": "remove"}]}), 400, "noTarget")
    scim_error(scim("POST", "/Users", b"{not json"), 400)
    scim_error(scim("POST", "/Users", b"{" + b'"a":"' + b"x" * 600_000 + b'"}'), 413)
    scim_error(scim("GET", "/Users/nobody"), 404)


def test_the_token_is_the_only_way_in_and_wrong_tokens_are_slowed(scim, people):
    sara = people("sara.nilsson", "Sara Nilsson")
    scim_error(scim("GET", "/Users", token="wrong-token"), 401)
    assert sara.get("/api/scim/v2/Users").status_code == 401  # a session cannot call SCIM
    assert sara.client.http.get("/api/me", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 401
    statuses = [scim("GET", "/Users", token=f"wrong-{n}").status_code for n in range(11)]
    assert statuses == [401] * 8 + [429] * 3  # ten refusals a minute from one address, two of them above
    assert scim("GET", "/Users").status_code == 200  # the right token still works


def test_discovery_documents_describe_what_torget_takes(scim):
    config = body(scim("GET", "/ServiceProviderConfig"))
    assert config["patch"]["supported"] and config["filter"]["supported"] and config["etag"]["supported"]
    assert not config["bulk"]["supported"]
    kinds = body(scim("GET", "/ResourceTypes"))
    assert {r["id"] for r in kinds["Resources"]} == {"User", "Group"}
    schemas = {s["id"]: s for s in body(scim("GET", "/Schemas"))["Resources"]}
    assert {USER, ENTERPRISE, TORGET} <= set(schemas)
    assert "manager" in [a["name"] for a in schemas[ENTERPRISE]["attributes"]]
    assert body(scim("GET", f"/Schemas/{TORGET}"))["attributes"][0]["name"] == "startDate"


def test_the_org_chart_opens_a_level_at_a_time_and_departments_and_offices_list_their_people(scim, people, dynamodb_calls):
    sara = people("sara.nilsson", "Sara Nilsson")
    boss = created(scim, user("boss@x.se", "Bodil", "Chef", title="VD", enterprise={"department": "Ledning"}))
    for n, (given, department, office) in enumerate([("Anna", "Drift", "Storliden"), ("Bo", "Drift", "Umeå"),
                                                     ("Cia", "IT", "Umeå")]):
        created(scim, user(f"p{n}@x.se", given, "Test", addresses=[{"type": "work", "formatted": office}],
                           enterprise={"department": department, "manager": {"value": boss["id"]}}))
    dynamodb_calls.clear()
    top = body(sara.get("/api/org"))
    assert [(p["name"], p["reports"]) for p in top["people"]] == [("Bodil Chef", 3)]
    assert (dynamodb_calls["Query"], dynamodb_calls["BatchGetItem"]) == (1, 1)
    team = body(sara.get(f"/api/org?manager={boss['id']}"))
    assert [p["name"] for p in team["people"]] == ["Anna Test", "Bo Test", "Cia Test"]
    profile = body(sara.get(f"/api/people/{boss['id']}"))
    assert [p["name"] for p in profile["reports"]] == ["Anna Test", "Bo Test", "Cia Test"]
    assert body(sara.get("/api/people/p0"))["manager"]["name"] == "Bodil Chef"
    places = body(sara.get("/api/departments"))
    assert places["departments"] == [{"name": "Drift", "people": 2}, {"name": "IT", "people": 1},
                                     {"name": "Ledning", "people": 1}]
    assert places["offices"] == [{"name": "Storliden", "people": 1}, {"name": "Umeå", "people": 2}]
    assert [p["name"] for p in body(sara.get("/api/departments/drift"))["people"]] == ["Anna Test", "Bo Test"]
    assert [p["name"] for p in body(sara.get("/api/offices/Ume%C3%A5"))["people"]] == ["Bo Test", "Cia Test"]
    # Moving and leaving keep every list exact.
    scim("PATCH", "/Users/p1", {"schemas": [PATCH], "Operations": [
        {"op": "replace", "path": f"{ENTERPRISE}:department", "value": "IT"}]})
    scim("PATCH", "/Users/p2", {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]})
    assert body(sara.get("/api/departments"))["departments"] == [
        {"name": "Drift", "people": 1}, {"name": "IT", "people": 1}, {"name": "Ledning", "people": 1}]
    assert [p["name"] for p in body(sara.get(f"/api/org?manager={boss['id']}"))["people"]] == ["Anna Test", "Bo Test"]
    assert body(sara.get("/api/org"))["people"][0]["reports"] == 2
    assert sara.get("/api/departments/" + "x" * 81).status_code == 400
    assert sara.get("/api/org?manager=NOT%20AN%20ID").status_code == 400


def scim_routes():
    from app import app

    return [(path, method) for path, methods in sorted(app.routes.items()) if path.startswith("/api/scim/")
            for method in sorted(methods)]


@pytest.mark.parametrize("path, method", scim_routes())
def test_every_scim_route_answers_hostile_requests_with_a_scim_4xx_and_writes_nothing(scim, path, method, dynamodb_calls):
    import re

    from tests.functions.test_hardening import BAD_BODIES, BAD_IDS, writes

    url = path[len("/api/scim/v2"):]
    hostile = "{" in url or method in ("POST", "PUT", "PATCH")
    for bad in (BAD_IDS if "{" in url else [None]) if hostile else []:
        target = re.sub(r"\{\w+\}", bad, url) if bad else url
        datas = BAD_BODIES if method in ("POST", "PUT", "PATCH") else [b""]
        for data in datas[:8] if bad else datas:
            dynamodb_calls.clear()
            response = scim(method, target, data)
            assert 400 <= response.status_code < 500, (method, target, data[:40], response.status_code, response.body[:200])
            assert body(response)["schemas"] == [ERROR]
            assert "<script>" not in response.body.decode() and "passwd" not in response.body.decode()
            assert writes(dynamodb_calls) == 0, (method, target, data[:40])
    cookie_only = scim.client.http.request(method, path, body=b"{}", headers={
        "cookie": "torget_session=" + "x" * 43, "x-requested-with": "torget", "content-type": "application/json"})
    scim_error(cookie_only, 401)


def test_answers_are_valid_resources_for_scims_own_models(scim, people):
    """scim2-models (the tests' counterpart, never shipped) reads every kind of answer in its context."""
    from datetime import date

    from scim2_models import (
        URN,
        EnterpriseUser,
        Error,
        Extension,
        Group,
        ListResponse,
        ResourceType,
        Schema,
        ServiceProviderConfig,
        User,
    )
    from scim2_models import Context as Ctx

    class TorgetUser(Extension):
        __schema__ = URN(TORGET)
        start_date: date | None = None

    Person = User[EnterpriseUser | TorgetUser]
    boss = created(scim, user("boss@x.se", "Bodil", "Chef", enterprise={"department": "Ledning"}))
    made = created(scim, user("lena@x.se", "Lena", "Berg", title="Tekniker", torget={"startDate": "2026-12-01"},
                              enterprise={"department": "Drift", "manager": {"value": boss["id"]}}))
    parsed = Person.model_validate(made, scim_ctx=Ctx.RESOURCE_CREATION_RESPONSE)
    assert parsed[EnterpriseUser].manager.value == boss["id"] and parsed[TorgetUser].start_date == date(2026, 12, 1)
    assert parsed.meta.version == 'W/"1"' and parsed.id == "lena"
    listed = ListResponse[Person].model_validate(body(scim("GET", "/Users")), scim_ctx=Ctx.SEARCH_RESPONSE)
    assert listed.total_results == 2 and {r.user_name for r in listed.resources} == {"boss@x.se", "lena@x.se"}
    group = body(scim("POST", "/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                          "displayName": "Drift", "members": [{"value": "lena"}]}))
    assert Group.model_validate(group, scim_ctx=Ctx.RESOURCE_CREATION_RESPONSE).members[0].value == "lena"
    ServiceProviderConfig.model_validate(body(scim("GET", "/ServiceProviderConfig")), scim_ctx=Ctx.RESOURCE_QUERY_RESPONSE)
    for kind in body(scim("GET", "/ResourceTypes"))["Resources"]:
        ResourceType.model_validate(kind, scim_ctx=Ctx.RESOURCE_QUERY_RESPONSE)
    for schema in body(scim("GET", "/Schemas"))["Resources"]:
        Schema.model_validate(schema, scim_ctx=Ctx.RESOURCE_QUERY_RESPONSE)
    error = Error.model_validate(body(scim("GET", '/Users?filter=userName eq')))
    assert error.scim_type == "invalidFilter" and error.status == 400


def test_new_colleagues_and_anniversaries_of_the_month_and_a_person_may_opt_out(scim, people, client):
    from datetime import date

    from chalicelib import people as people_domain

    sara = people("sara.nilsson", "Sara Nilsson")
    today = date.today()
    this_month = today.replace(day=1).isoformat()
    for name, start in [("Nyanställd Ett", this_month), ("Nyanställd Två", this_month),
                        ("Gammal Räv", today.replace(year=today.year - 7, day=1).isoformat()),
                        ("Annan Månad", today.replace(year=today.year - 3, month=today.month % 12 + 1, day=1).isoformat())]:
        given, family = name.split()
        created(scim, user(f"{given.lower()}.{family.lower()}@x.se".replace("å", "a").replace("ä", "a"), given, family,
                           torget={"startDate": start}))
    got = body(sara.get("/api/moments"))
    assert got["month"] == today.strftime("%Y-%m")
    assert [p["name"] for p in got["newColleagues"]] == ["Nyanställd Två", "Nyanställd Ett"]
    assert [(p["name"], p["years"]) for p in got["anniversaries"]] == [("Gammal Räv", 7)]
    # One opts out on their own profile: gone from both lists, their profile unchanged.
    newcomer = people_domain.get_person("nyanstalld.ett")
    token = ("nyanstalld_ett" + "-" * 43)[:43]
    from chalicelib.store import sessions as session_store

    session_store.put_session(token, newcomer["id"], ["employee"], 3600, newcomer["name"])
    from tests.conftest import Session

    own = Session(client, token).send("PATCH", "/api/me", json.dumps({"moments": False}))
    assert own.status_code == 200, own.body
    assert [p["name"] for p in body(sara.get("/api/moments"))["newColleagues"]] == ["Nyanställd Två"]
    assert body(sara.get("/api/people/nyanstalld.ett"))["startDate"] == this_month
    assert Session(client, token).send("PATCH", "/api/me", json.dumps({"moments": "no"})).status_code == 400


def test_a_leavers_groups_go_to_their_manager_and_nobody_can_mention_them(scim, people):
    boss = created(scim, user("bodil@x.se", "Bodil", "Chef"))
    created(scim, user("sara.nilsson@x.se", "Sara", "Nilsson", externalId="sara.nilsson",
                       enterprise={"manager": {"value": boss["id"]}}))
    sara, karin = people("sara.nilsson", "Sara Nilsson"), people("karin.ek", "Karin Ek")
    group = body(sara.send("POST", "/api/groups", json.dumps({"name": "Bokcirkeln", "visibility": "open"})))
    left = scim("PATCH", "/Users/sara.nilsson", {"schemas": [PATCH], "Operations": [
        {"op": "replace", "path": "active", "value": False}]})
    assert left.status_code == 200, left.body
    members = {m["id"]: m["role"] for m in body(karin.get(f"/api/groups/{group['id']}/members"))["members"]}
    assert members[boss["id"]] == "owner" and members["sara.nilsson"] == "member"
    posted = body(karin.send("POST", "/api/posts", json.dumps({"text": "Tack för allt @sara.nilsson!"})))
    assert "<a" not in posted["html"] and "@sara.nilsson" in posted["html"]


def test_login_finds_the_provisioned_person_by_verified_email_when_so_configured(scim, login, settings_env):
    settings_env(DIRECTORY_MATCH="email")
    made = created(scim, {**user("snilsson", "Sara", "Nilsson-Berg", title="Driftchef", externalId="00u-opaque-okta-id"),
                          "emails": [{"value": "Sara.Nilsson@fjallvind.example", "type": "work"}]})
    assert made["id"] == "snilsson"
    sara = login("sara.nilsson")  # the demo provider's subject is sara.nilsson, its verified e-mail the same @fjallvind
    me = body(sara.get("/api/me"))
    assert (me["id"], me["name"], me["title"]) == ("snilsson", "Sara Nilsson-Berg", "Driftchef")  # the directory's
    settings_env(DIRECTORY_MATCH="subject")
    assert body(scim("GET", '/Users?filter=externalId eq "00u-opaque-okta-id"'))["Resources"][0]["id"] == "snilsson"
