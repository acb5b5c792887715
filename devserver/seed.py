"""Demo data for a fresh local intranet: colleagues, a few conversations, reactions.

Written through the same domain functions the API uses, so it obeys every
rule (published targets only, rendering, counters).
"""

from chalicelib import comments, reactions
from chalicelib.store import people as people_store

from devserver.demo import DEMO_PEOPLE, EMAIL_DOMAIN

COLLEAGUES = [
    ("maria.berg", "Maria Berg", "Ekonomichef", "Ekonomi", ["employee"]),
    ("lars.holm", "Lars Holm", "IT-chef", "IT", ["employee"]),
    ("elin.forsberg", "Elin Forsberg", "Driftingenjör", "Drift", ["employee"]),
    ("jonas.bjork", "Jonas Björk", "Servicetekniker", "Drift", ["employee"]),
    ("fatima.yilmaz", "Fatima Yilmaz", "Miljöspecialist", "Miljö", ["employee"]),
]

# (thread, author, text, reply to the comment at this index or None)
CONVERSATIONS = [
    ("article:torget-oppnar", "sara.nilsson", "Äntligen! Kan man få notiser när någon svarar på ens kommentar?", None),
    ("article:torget-oppnar", "johan.lind", "Ja, det kommer – notiser är nästa steg. Tack för frågan @sara.nilsson!", 0),
    ("article:torget-oppnar", "jonas.bjork", "Fungerar fint i mobilen ute i Storliden också 👍", None),
    ("article:varfor-jag-bloggar", "elin.forsberg", "Bra initiativ. Hur ofta kommer du att svara på kommentarerna?", None),
    ("article:varfor-jag-bloggar", "karin.ek", "Jag läser dem varje dag och svarar minst en gång i veckan. Lova att hålla mig till det!", 3),
    ("article:friskvardsbidrag-2027", "fatima.yilmaz", "Räknas klättring på utomhusklippa, eller bara i hall?", None),
    ("article:friskvardsbidrag-2027", "ahmed.hassan", "Kurser och entréavgifter räknas, även utomhus. Utrustning räknas inte.", 5),
    ("article:sakerhetspolicy-2026", "maria.berg", "Gäller tvåstegsverifieringen även för reseräkningsappen?", None),
    ("article:sakerhetspolicy-2026", "lars.holm", "Ja, från den 1 december. Du får en guide i mejlen veckan innan.", 7),
    ("article:tre-saker-fran-storliden", "jonas.bjork", "Tack för att du kom upp i tornet! Reservdelsfrågan är verkligen viktig för oss.", None),
]

REACTIONS = [
    ("article:torget-oppnar", "celebrate", ["karin.ek", "sara.nilsson", "jonas.bjork", "maria.berg", "elin.forsberg"]),
    ("article:torget-oppnar", "like", ["lars.holm", "ahmed.hassan", "fatima.yilmaz"]),
    ("article:varfor-jag-bloggar", "heart", ["johan.lind", "sara.nilsson", "elin.forsberg", "jonas.bjork"]),
    ("article:storliden-i-drift", "celebrate", ["karin.ek", "jonas.bjork", "elin.forsberg", "maria.berg"]),
    ("article:friskvardsbidrag-2027", "like", ["sara.nilsson", "fatima.yilmaz", "lars.holm", "jonas.bjork", "elin.forsberg"]),
    ("article:tre-saker-fran-storliden", "like", ["jonas.bjork", "sara.nilsson"]),
]


def seed() -> dict:
    people = {}
    for person in DEMO_PEOPLE:
        people[person["sub"]] = (person["name"], person["title"], person["department"], ["employee", *person["roles"]])
    for person_id, name, title, department, roles in COLLEAGUES:
        people[person_id] = (name, title, department, roles)
    callers = {}
    for person_id, (name, title, department, roles) in people.items():
        people_store.save_from_login({"id": person_id, "name": name, "email": f"{person_id}@{EMAIL_DOMAIN}",
                                      "title": title, "department": department, "roles": roles})
        callers[person_id] = {"id": person_id, "name": name, "roles": roles}
    posted = []
    for thread, author, text, reply_to in CONVERSATIONS:
        parent = posted[reply_to]["id"] if reply_to is not None else None
        posted.append(comments.add_comment(callers[author], thread, text, parent))
    given = 0
    for target, kind, who in REACTIONS:
        for person_id in who:
            reactions.set_reaction(callers[person_id], target, kind, True)
            given += 1
    reactions.set_reaction(callers["karin.ek"], f"comment:{posted[0]['id']}", "like", True)
    return {"people": len(people), "comments": len(posted), "reactions": given + 1}
