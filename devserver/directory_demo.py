"""The demo company's directory (about 60 people, 7 departments, 3 offices, managers, start dates, a few
leavers), provisioned at the first `make run` through Torget's own SCIM endpoint, as a company's
provisioning service would: managers before their reports, then the leavers deactivated with PATCH."""

import json
from datetime import date, timedelta

from devserver.demo import EMAIL_DOMAIN

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
TORGET = "urn:torget:params:scim:schemas:extension:2.0:User"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

# (id, name, title, department, office, manager, years at the company)
PEOPLE = [
    ("karin.ek", "Karin Ek", "VD", "Ledning", "Umeå", None, 9),
    ("johan.lind", "Johan Lind", "Kommunikationschef", "Kommunikation", "Umeå", "karin.ek", 6),
    ("maria.berg", "Maria Berg", "Ekonomichef", "Ekonomi", "Umeå", "karin.ek", 8),
    ("lars.holm", "Lars Holm", "IT-chef", "IT", "Umeå", "karin.ek", 5),
    ("eva.sund", "Eva Sund", "HR-chef", "HR", "Umeå", "karin.ek", 7),
    ("per.norberg", "Per Norberg", "Driftchef", "Drift", "Umeå", "karin.ek", 10),
    ("anna.lovgren", "Anna Lövgren", "Miljöchef", "Miljö", "Stockholm", "karin.ek", 4),
    ("ahmed.hassan", "Ahmed Hassan", "HR-partner", "HR", "Umeå", "eva.sund", 3),
    ("olof.strand", "Olof Strand", "Platschef Storliden", "Drift", "Storliden", "per.norberg", 8),
    ("fatima.yilmaz", "Fatima Yilmaz", "Miljöspecialist", "Miljö", "Stockholm", "anna.lovgren", 2),
    ("linnea.dahl", "Linnea Dahl", "Arbetsledare", "Drift", "Storliden", "olof.strand", 6),
    ("sara.nilsson", "Sara Nilsson", "Driftingenjör", "Drift", "Storliden", "olof.strand", 0),
    ("elin.forsberg", "Elin Forsberg", "Driftingenjör", "Drift", "Umeå", "per.norberg", 4),
    ("jonas.bjork", "Jonas Björk", "Servicetekniker", "Drift", "Storliden", "linnea.dahl", 5),
    ("hugo.lund", "Hugo Lund", "Lärling, service", "Drift", "Storliden", "jonas.bjork", 0),
]
FIRST = ["Erik", "Maja", "Nils", "Ida", "Oskar", "Alva", "Anton", "Elsa", "Viktor", "Wilma", "Gustav", "Ebba",
         "Axel", "Saga", "Emil", "Klara", "Leo", "Agnes", "Isak", "Tilda", "Hanna", "Mohammed", "Sofia", "Ali",
         "Johanna", "Amir", "Lina", "David", "Stina", "Filip", "Moa", "Adam", "Nora", "Simon", "Freja", "Sebastian",
         "Alice", "Viggo", "Ella", "Albin", "Julia", "Melvin", "Signe", "Theo", "Ines"]
LAST = ["Sjöberg", "Nyström", "Lindqvist", "Åberg", "Eriksson", "Holmberg", "Wikström", "Persson", "Engström",
        "Sandberg", "Lundgren", "Hedlund", "Forsgren", "Öberg", "Karlsson", "Nordin", "Bergström", "Hägglund",
        "Marklund", "Strömberg", "Lindberg", "Jonsson", "Söderberg", "Viklund", "Nilsson", "Backman", "Ström",
        "Granström", "Hansson", "Olsson", "Isaksson", "Boström", "Ekström", "Falk", "Lundin", "Sundqvist", "Berglund",
        "Wallin", "Ahmadi", "Rahimi", "Korhonen", "Andersson", "Dahlberg", "Nyberg", "Moberg"]
# Teams under each manager: (manager, title, department, office, how many)
TEAMS = [
    ("linnea.dahl", "Servicetekniker", "Drift", "Storliden", 12),
    ("olof.strand", "Elingenjör", "Drift", "Storliden", 5),
    ("per.norberg", "Driftanalytiker", "Drift", "Umeå", 5),
    ("lars.holm", "IT-tekniker", "IT", "Umeå", 5),
    ("maria.berg", "Ekonom", "Ekonomi", "Umeå", 5),
    ("johan.lind", "Kommunikatör", "Kommunikation", "Stockholm", 4),
    ("eva.sund", "Rekryterare", "HR", "Umeå", 3),
    ("anna.lovgren", "Miljöhandläggare", "Miljö", "Stockholm", 4),
    ("karin.ek", "Ledningsassistent", "Ledning", "Umeå", 2),
]
NEW_THIS_MONTH = 3  # the last people of the generated teams started within the last days
LEAVERS = 2  # and the first two of them have left


def _slug(name: str) -> str:
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")
    return ".".join(part.lower().translate(table) for part in name.split())


def people(today: date) -> list[dict]:
    """Everyone, managers before their reports, each with the fields the SCIM resource carries."""
    found = [{"id": pid, "name": name, "title": title, "department": dept, "office": office, "manager": manager,
              "start": date(today.year - years, 3 + (n * 5) % 9, 1 + (n * 7) % 27) if years else today - timedelta(days=40 + n)}
             for n, (pid, name, title, dept, office, manager, years) in enumerate(PEOPLE)]
    n = 0
    for manager, title, dept, office, count in TEAMS:
        for _ in range(count):
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}"
            found.append({"id": _slug(name), "name": name, "title": title, "department": dept, "office": office,
                          "manager": manager, "start": date(today.year - 1 - n % 12, 1 + n % 12, 1 + n % 28)})
            n += 1
    for offset, person in enumerate(found[-NEW_THIS_MONTH:]):
        person["start"] = today.replace(day=1 + offset * 2)  # this month, whatever day it is
    return found


def resource(person: dict, number: int) -> dict:
    given, family = person["name"].split(" ", 1)
    return {
        "schemas": [USER, ENTERPRISE, TORGET],
        "userName": f"{person['id']}@{EMAIL_DOMAIN}", "externalId": person["id"],  # the login's subject
        "name": {"givenName": given, "familyName": family}, "displayName": person["name"],
        "title": person["title"], "active": True, "preferredLanguage": "sv-SE",
        "emails": [{"value": f"{person['id']}@{EMAIL_DOMAIN}", "type": "work", "primary": True}],
        "phoneNumbers": [{"value": f"070-123 {45 + number // 100:02d} {number % 100:02d}", "type": "work"}],
        "addresses": [{"type": "work", "formatted": person["office"]}],
        ENTERPRISE: {"employeeNumber": f"{1000 + number}", "department": person["department"],
                     "organization": "Fjällvind Energi AB",
                     **({"manager": {"value": person["manager"]}} if person["manager"] else {})},
        TORGET: {"startDate": person["start"].isoformat()},
    }


def provision(call, token: str, today: date | None = None, headers: dict | None = None) -> dict:
    """Send the directory through SCIM. `call(method, path, headers, body)` → (status, headers, body): the
    API as the devserver's gateway runs it; `headers`: what stands in front adds (the production rehearsal's
    CloudFront secret). Returns how many were created and how many left."""
    today = today or date.today()
    everyone = people(today)
    headers = {"authorization": f"Bearer {token}", "content-type": "application/scim+json",
               "host": "localhost", "accept": "application/scim+json", **(headers or {})}
    made = 0
    for number, person in enumerate(everyone, start=1):
        status, _, raw = call("POST", "/api/scim/v2/Users", headers, json.dumps(resource(person, number)).encode())
        if status != 201:
            raise RuntimeError(f"SCIM refused {person['id']}: {status} {raw[:300]!r}")
        made += 1
    leavers = [person for person in everyone[-NEW_THIS_MONTH - LEAVERS - 3:-NEW_THIS_MONTH - 3]]
    for person in leavers:
        body = {"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
        status, _, raw = call("PATCH", f"/api/scim/v2/Users/{person['id']}", headers, json.dumps(body).encode())
        if status != 200:
            raise RuntimeError(f"SCIM refused to deactivate {person['id']}: {status} {raw[:300]!r}")
    group = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Ledningsgruppen",
             "members": [{"value": pid} for pid in ("karin.ek", "johan.lind", "maria.berg", "lars.holm", "eva.sund",
                                                    "per.norberg", "anna.lovgren")]}
    status, _, raw = call("POST", "/api/scim/v2/Groups", headers, json.dumps(group).encode())
    if status != 201:
        raise RuntimeError(f"SCIM refused the group: {status} {raw[:300]!r}")
    return {"people": made, "left": len(leavers), "departments": len({p["department"] for p in everyone}),
            "offices": len({p["office"] for p in everyone})}
