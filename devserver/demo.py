"""The demo people the local identity provider offers, with their ID-token claims."""

DEMO_PEOPLE = [
    {"sub": "karin.ek", "name": "Karin Ek", "title": "VD", "department": "Ledning",
     "roles": ["admin", "editor"], "role": "CEO (admin, editor)"},
    {"sub": "johan.lind", "name": "Johan Lind", "title": "Kommunikationschef", "department": "Kommunikation",
     "roles": ["editor"], "role": "editor"},
    {"sub": "sara.nilsson", "name": "Sara Nilsson", "title": "Driftingenjör", "department": "Drift",
     "roles": [], "role": "employee"},
    {"sub": "ahmed.hassan", "name": "Ahmed Hassan", "title": "HR-partner", "department": "HR",
     "roles": ["moderator"], "role": "moderator"},
]
EMAIL_DOMAIN = "fjallvind.example"


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
    }
