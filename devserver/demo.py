"""The demo people the local identity provider offers, with their ID-token claims."""

DEMO_PEOPLE = [
    {"sub": "karin.ek", "phone": "070-123 45 01", "name": "Karin Ek", "title": "VD", "department": "Ledning",
     "roles": ["admin", "editor"], "role": "CEO (admin, editor)"},
    {"sub": "johan.lind", "phone": "070-123 45 02", "name": "Johan Lind", "title": "Kommunikationschef",
     "department": "Kommunikation",
     "roles": ["editor"], "role": "editor"},
    {"sub": "sara.nilsson", "phone": "070-123 45 03", "name": "Sara Nilsson", "title": "Driftingenjör", "department": "Drift",
     "roles": [], "role": "employee"},
    {"sub": "ahmed.hassan", "phone": "070-123 45 04", "name": "Ahmed Hassan", "title": "HR-partner", "department": "HR",
     "roles": ["author", "moderator"], "role": "author, moderator"},
]
EMAIL_DOMAIN = "fjallvind.example"
WITH_PHOTOS = {"karin-ek", "johan-lind", "sara-nilsson", "ahmed-hassan", "lars-holm", "maria-berg"}


def claims(person: dict) -> dict:
    return {
        "email": f"{person['sub']}@{EMAIL_DOMAIN}",
        "email_verified": True,
        "name": person["name"],
        "given_name": person["name"].split()[0],
        "family_name": person["name"].split()[-1],
        # Custom claims pass whatever the scope; Entra ID and Okta send roles the same way.
        "roles": person["roles"],
        "title": person["title"],
        "department": person["department"],
        "phone_number": person.get("phone", ""),
        "picture": photo(person["sub"]),
    }


def photo(person_id: str) -> str:
    """The demo picture of a person who writes on the site (content/images/people/), if any."""
    return f"/images/people/{person_id.replace('.', '-')}.svg" if person_id.replace(".", "-") in WITH_PHOTOS else ""
