"""SCIM 2.0 schemas (RFC 7643): the attributes Torget takes for Users and Groups, the checks a body passes,
and the discovery documents (/Schemas, /ResourceTypes, /ServiceProviderConfig) built from the same table.

A body is checked attribute by attribute against the table: an unknown attribute is 400 invalidSyntax, a
wrong type 400 invalidValue. Booleans sent as the strings "True"/"False" (as one big provider does) are
read as booleans. Read-only attributes in a body are ignored, as RFC 7643 §7 says.
"""

import copy
import re
from datetime import date, datetime

from chalicelib import scim_filter
from chalicelib.errors import ValidationFailed
from chalicelib.scim_filter import InvalidPath

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
TORGET = "urn:torget:params:scim:schemas:extension:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
MAX_STRING = 1024
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class InvalidValue(ValidationFailed):
    code = "invalidValue"


class InvalidSyntax(ValidationFailed):
    code = "invalidSyntax"


def _a(name, kind="string", multi=False, sub=(), mutability="readWrite", required=False, exact=False,
       unique="none", returned="default", text=""):
    kind = "complex" if sub else kind
    return {"name": name, "type": kind, "multiValued": multi, "description": text or name, "required": required,
            "caseExact": exact, "mutability": mutability, "returned": returned, "uniqueness": unique,
            **({"subAttributes": list(sub)} if sub else {}),
            **({"referenceTypes": ["User"]} if kind == "reference" else {})}


def _values(*extra):
    """The sub-attributes of a multi-valued attribute: value, display, type, primary."""
    return (_a("value"), _a("display"), _a("type"), _a("primary", "boolean"), *extra)


USER_ATTRIBUTES = [
    _a("userName", required=True, unique="server", text="Unique identifier, often the work e-mail"),
    _a("name", "complex", sub=(_a("formatted"), _a("familyName"), _a("givenName"), _a("middleName"),
                                _a("honorificPrefix"), _a("honorificSuffix"))),
    _a("displayName", text="The name shown across Torget"),
    _a("nickName"), _a("profileUrl", "reference"), _a("title"), _a("userType"),
    _a("preferredLanguage", text="sv or en chooses the person's interface language"),
    _a("locale"), _a("timezone"),
    _a("active", "boolean", text="false: the person has left; their sessions end and login is refused"),
    _a("password", mutability="writeOnly", returned="never", text="Accepted and never kept"),
    _a("emails", multi=True, sub=_values()),
    _a("phoneNumbers", multi=True, sub=_values()),
    _a("addresses", "complex", multi=True, sub=(
        _a("formatted", text="The office's name (work address)"), _a("streetAddress"), _a("locality"),
        _a("region"), _a("postalCode"), _a("country"), _a("type"), _a("primary", "boolean"))),
    _a("groups", "complex", multi=True, mutability="readOnly", sub=(_a("value", mutability="readOnly"),
                                                                    _a("display", mutability="readOnly"))),
    _a("roles", "complex", multi=True, sub=_values()),
]
ENTERPRISE_ATTRIBUTES = [
    _a("employeeNumber"), _a("costCenter"), _a("organization"), _a("division"), _a("department"),
    _a("manager", "complex", sub=(_a("value", text="The manager's id"), _a("$ref", "reference"),
                                  _a("displayName", mutability="readOnly"))),
]
TORGET_ATTRIBUTES = [
    _a("startDate", "dateTime", text="First day at the company (people moments: new colleagues, anniversaries)"),
]
GROUP_ATTRIBUTES = [
    _a("displayName", required=True),
    _a("members", "complex", multi=True, sub=(_a("value", mutability="immutable"), _a("display"),
                                              _a("$ref", "reference"), _a("type"))),
]
SCHEMAS = {
    USER: ("User", "A person in the company's directory", USER_ATTRIBUTES),
    ENTERPRISE: ("EnterpriseUser", "Enterprise user", ENTERPRISE_ATTRIBUTES),
    TORGET: ("TorgetUser", "What Torget keeps beyond the standard schemas", TORGET_ATTRIBUTES),
    GROUP: ("Group", "A directory group, used as an audience", GROUP_ATTRIBUTES),
}
RESOURCE_EXTENSIONS = {USER: (ENTERPRISE, TORGET), GROUP: ()}
READ_ONLY = {"id", "meta", "groups"}


def _find(attributes: list[dict], name: str) -> dict | None:
    return next((attribute for attribute in attributes if attribute["name"].lower() == name.lower()), None)


def _boolean(value, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise InvalidValue(f"{where}: must be true or false", field=where)


def _check_value(attribute: dict, value, where: str):
    kind = attribute["type"]
    if value is None:
        return None
    if kind == "boolean":
        return _boolean(value, where)
    if kind == "complex":
        if not isinstance(value, dict):
            raise InvalidValue(f"{where}: must be an object", field=where)
        return _check_object(attribute["subAttributes"], value, where)
    if kind == "dateTime":
        if not isinstance(value, str) or not DATE.match(value):
            raise InvalidValue(f"{where}: must be a date (YYYY-MM-DD or an xsd:dateTime)", field=where)
        try:
            (datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else date.fromisoformat(value))
        except ValueError:
            raise InvalidValue(f"{where}: not a real date", field=where)
        return value
    if not isinstance(value, str):
        raise InvalidValue(f"{where}: must be a string", field=where)
    if len(value) > MAX_STRING:
        raise InvalidValue(f"{where}: at most {MAX_STRING} characters", field=where)
    return value


def _check_object(attributes: list[dict], body: dict, where: str = "") -> dict:
    clean = {}
    for key, value in body.items():
        attribute = _find(attributes, key)
        path = f"{where}.{key}" if where else key
        if attribute is None:
            raise InvalidSyntax(f"{path}: not an attribute Torget knows", field=path)
        if attribute["mutability"] == "readOnly":
            continue
        if attribute["multiValued"]:
            if value is None:
                continue
            if not isinstance(value, list):
                value = [value]
            items = [_check_value(attribute, item, path) for item in value]
            clean[attribute["name"]] = [item for item in items if item is not None]
        else:
            checked = _check_value(attribute, value, path)
            if checked is not None:
                clean[attribute["name"]] = checked
    return clean


def check_resource(resource_schema: str, body: dict) -> dict:
    """The body with every attribute checked and named as the schema spells it; extensions as objects
    under their URIs. Raises InvalidSyntax or InvalidValue."""
    if not isinstance(body, dict):
        raise InvalidSyntax("The body must be a JSON object.")
    declared = body.get("schemas")
    allowed = {resource_schema, *RESOURCE_EXTENSIONS[resource_schema]}
    if declared is not None and (not isinstance(declared, list) or resource_schema not in declared
                                 or not set(declared) <= allowed):
        raise InvalidSyntax(f"schemas: must list {resource_schema} and only its extensions", field="schemas")
    core = {}
    extensions = {}
    for key, value in body.items():
        if key in READ_ONLY or key.lower() in ("id", "meta", "schemas"):
            continue
        uri = next((uri for uri in RESOURCE_EXTENSIONS[resource_schema] if key.lower() == uri.lower()), None)
        if uri:
            if not isinstance(value, dict):
                raise InvalidValue(f"{uri}: must be an object", field=uri)
            extensions[uri] = _check_object(SCHEMAS[uri][2], value, uri)
        elif key.lower() == "externalid":
            if (value is not None and not isinstance(value, str)) or (isinstance(value, str) and len(value) > MAX_STRING):
                raise InvalidValue("externalId: must be a string", field="externalId")
            if value:
                core["externalId"] = value
        else:
            core.update(_check_object(SCHEMAS[resource_schema][2], {key: value}))
    for attribute in SCHEMAS[resource_schema][2]:
        if attribute["required"] and not core.get(attribute["name"]):
            raise InvalidValue(f"{attribute['name']}: required", field=attribute["name"])
    core.pop("password", None)  # never kept
    return {**core, **{uri: value for uri, value in extensions.items() if value}}


def schema_documents(base: str) -> list[dict]:
    return [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"], "id": uri, "name": name,
             "description": text, "attributes": attributes,
             "meta": {"resourceType": "Schema", "location": f"{base}/Schemas/{uri}"}}
            for uri, (name, text, attributes) in SCHEMAS.items()]


def resource_types(base: str) -> list[dict]:
    def one(name, endpoint, schema, extensions):
        return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": name, "name": name,
                "endpoint": endpoint, "description": SCHEMAS[schema][1], "schema": schema,
                "schemaExtensions": [{"schema": uri, "required": False} for uri in extensions],
                "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/{name}"}}

    return [one("User", "/Users", USER, RESOURCE_EXTENSIONS[USER]), one("Group", "/Groups", GROUP, ())]


def service_provider_config(base: str, max_results: int) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": max_results},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": True},
        "authenticationSchemes": [{"type": "oauthbearertoken", "name": "Bearer token", "primary": True,
                                   "description": "The token Torget's operators give the provisioning service"}],
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base}/ServiceProviderConfig"},
    }


# --- PATCH (RFC 7644 §3.5.2), applied to a resource's JSON; the result is checked as a whole body is ---

MAX_OPERATIONS = 1000


class NoTarget(ValidationFailed):
    code = "noTarget"


def patch_operations(body: dict) -> list[tuple[str, str | None, object]]:
    """(op, path, value) of a PatchOp body; op lower-cased (one provider sends "Replace")."""
    if not isinstance(body, dict) or PATCH not in (body.get("schemas") or []):
        raise InvalidSyntax(f"schemas: must be [{PATCH}]", field="schemas")
    operations = body.get("Operations")
    if not isinstance(operations, list) or not operations:
        raise InvalidSyntax("Operations: a list of at least one operation", field="Operations")
    if len(operations) > MAX_OPERATIONS:
        raise InvalidSyntax(f"Operations: at most {MAX_OPERATIONS}", field="Operations")
    found = []
    for operation in operations:
        if not isinstance(operation, dict) or not isinstance(operation.get("op"), str):
            raise InvalidSyntax("Each operation needs an op: add, replace or remove", field="op")
        op = operation["op"].lower()
        if op not in ("add", "replace", "remove"):
            raise InvalidSyntax("op: add, replace or remove", field="op")
        path = operation.get("path")
        if path is not None and not isinstance(path, str):
            raise InvalidSyntax("path: must be a string", field="path")
        if op == "remove" and not path:
            raise NoTarget("A remove needs a path.", field="path")
        if op != "remove" and "value" not in operation:
            raise InvalidSyntax(f"{op}: needs a value", field="value")
        found.append((op, path or None, operation.get("value")))
    return found


def _locate(doc: dict, schema: str, name: str) -> tuple[dict, dict]:
    """(the object that holds the attribute, its definition): core first, then the extensions."""
    attribute = _find(SCHEMAS[schema][2], name)
    if attribute:
        return doc, attribute
    for uri in RESOURCE_EXTENSIONS[schema]:
        attribute = _find(SCHEMAS[uri][2], name)
        if attribute:
            holder = next((value for key, value in doc.items() if key.lower() == uri.lower()), None)
            if holder is None:
                holder = doc[uri] = {}
            return holder, attribute
    if name.lower() == "externalid":
        return doc, _a("externalId", exact=True)
    raise InvalidPath(f"{name}: not an attribute Torget knows", field="path")


def _sub_name(attribute: dict, name: str) -> str:
    sub = _find(attribute.get("subAttributes") or [], name)
    if sub is None:
        raise InvalidPath(f"{attribute['name']}.{name}: not an attribute Torget knows", field="path")
    return sub["name"]


def _seed(where) -> dict:
    """A new value for a filter that matched nothing: emails[type eq "work"] → {"type": "work"}."""
    if where[0] == "eq" and len(where[1]) == 1:
        return {where[1][0]: where[2]}
    if where[0] == "and":
        return {**_seed(where[1]), **_seed(where[2])}
    return {}


def _apply(doc: dict, schema: str, op: str, path: str, value) -> None:
    names, where, sub = scim_filter.parse_path(path)
    if len(names) > 2 or (len(names) == 2 and sub):
        raise InvalidPath("The path goes deeper than an attribute's sub-attribute.", field="path")
    holder, attribute = _locate(doc, schema, names[0])
    key = attribute["name"]
    sub = _sub_name(attribute, names[1] if len(names) == 2 else sub) if (len(names) == 2 or sub) else None
    if attribute["type"] == "complex" and isinstance(value, str) and key == "manager" and not sub:
        value = {"value": value} if value else None  # sent as the manager's id alone
    current = holder.get(key)
    if attribute["multiValued"]:
        items = list(current or [])
        if where is not None:
            hits = [item for item in items if isinstance(item, dict) and scim_filter.matches(where, item)]
            if op == "remove":
                if sub:
                    for item in hits:
                        item.pop(sub, None)
                else:
                    items = [item for item in items if item not in hits]
            else:
                if not hits:
                    items.append(hit := _seed(where))
                    hits = [hit]
                for item in hits:
                    if sub:
                        item[sub] = value
                    elif isinstance(value, dict):
                        item.update(value)
                    else:
                        raise InvalidValue(f"{key}: the value must be an object", field=key)
            holder[key] = items
            return
        if sub:
            raise NoTarget(f"{key}.{sub}: name which {key} value with a filter, e.g. {key}[type eq \"work\"].{sub}")
        given = value if isinstance(value, list) else [value] if value is not None else []
        if op == "remove":
            wanted = {item.get("value") for item in given if isinstance(item, dict)}
            holder[key] = [item for item in items if item.get("value") not in wanted] if wanted else []
        elif op == "add":
            known = {item.get("value") for item in items if isinstance(item, dict)}
            holder[key] = items + [item for item in given if not (isinstance(item, dict) and item.get("value") in known)]
        else:
            holder[key] = given
        return
    if sub:
        inner = dict(current) if isinstance(current, dict) else {}
        if op == "remove":
            inner.pop(sub, None)
        else:
            inner[sub] = value
        holder[key] = inner
    elif op == "remove" or value is None:
        holder.pop(key, None)
    elif op == "add" and isinstance(current, dict) and isinstance(value, dict):
        holder[key] = {**current, **value}
    else:
        holder[key] = value


def apply_patch(schema: str, resource: dict, body: dict) -> dict:
    """The resource after a PatchOp body's operations, checked as a whole body would be."""
    doc = copy.deepcopy(resource)
    for op, path, value in patch_operations(body):
        if path:
            _apply(doc, schema, op, path, value)
            continue
        if not isinstance(value, dict):
            raise InvalidSyntax(f"{op} without a path: the value must be an object of attributes", field="value")
        for key, inner in value.items():
            uri = next((uri for uri in RESOURCE_EXTENSIONS[schema] if key.lower() == uri.lower()), None)
            if uri and isinstance(inner, dict):
                for name, part in inner.items():
                    _apply(doc, schema, op, name, part)
            elif key.lower() == "schemas":
                continue
            else:
                _apply(doc, schema, op, key, inner)
    return check_resource(schema, {**doc, "schemas": [schema]})
