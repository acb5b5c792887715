"""Demo data for a fresh local intranet: colleagues, a few conversations, reactions.

Written through the same domain functions the API uses, so it obeys every
rule (published targets only, rendering, counters).
"""

from chalicelib import chat, comments, groups, posts, reactions
from chalicelib.store import people as people_store

from devserver.demo import DEMO_PEOPLE, EMAIL_DOMAIN, photo

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
                                      "title": title, "department": department, "roles": roles, "photo": photo(person_id)})
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
    made = seed_groups(callers)
    return {"people": len(people), "comments": len(posted), "reactions": given + 1, **made}


GROUPS = [
    ("karin.ek", "Ledningsgruppen", "Ledningsgruppens arbetsrum.", "secret", ["maria.berg", "lars.holm"]),
    ("elin.forsberg", "Löparklubben", "Vi springer tillsammans i Umeå och Storliden. Alla tempon välkomna!", "open",
     ["sara.nilsson", "jonas.bjork", "johan.lind"]),
    ("maria.berg", "Projekt Björkliden", "Förstudien inför nästa vindpark. Be om att få gå med om du vill bidra.", "closed",
     ["lars.holm", "fatima.yilmaz"]),
]
POSTS = [
    ("jonas.bjork", None, "Någon som hittat mina handskar i fikarummet i Storliden? Gröna, storlek 10. 🧤"),
    ("fatima.yilmaz", None, "Tips: miljörapporten för 2026 ligger nu i dokumentarkivet. Säg till om något är oklart, @maria.berg hjälper till med siffrorna."),
    ("elin.forsberg", "Löparklubben", "Intervaller på torsdag kl 17 från kontoret i Umeå. Vi delar upp oss i två grupper efter tempo."),
    ("sara.nilsson", "Löparklubben", "Jag är med! Första gången, så jag tar den lugnare gruppen 😊"),
    ("maria.berg", "Projekt Björkliden", "Vindmätningarna från masten är klara – snittet på 100 meter landade på 7,4 m/s."),
    ("karin.ek", "Ledningsgruppen", "Agendan till mötet på måndag: Björkliden, rekrytering av driftchef, budget 2027."),
]


def seed_groups(callers: dict) -> dict:
    made = {}
    for owner, name, description, visibility, members in GROUPS:
        group = groups.create_group(callers[owner], name, description, visibility)
        made[name] = group["id"]
        for person_id in members:
            if visibility == "open":
                groups.put_member(callers[person_id], group["id"], person_id)
            else:
                groups.put_member(callers[owner], group["id"], person_id)  # invite …
                groups.put_member(callers[person_id], group["id"], person_id)  # … accepted
    groups.put_member(callers["jonas.bjork"], made["Projekt Björkliden"], "jonas.bjork")  # a request to approve
    for author, group_name, text in POSTS:
        posts.create_post(callers[author], text, made.get(group_name) if group_name else None)
    running = f"group-{made['Löparklubben']}"
    for n, (author, text) in enumerate(CHAT):
        chat.send_message(callers[author], running, text, f"seed-{n:04d}")
    direct = chat.start_direct(callers["johan.lind"], ["sara.nilsson"])
    chat.send_message(callers["johan.lind"], direct["id"], "Hej Sara! Vill du skriva ett blogginlägg om första månaden?", "seed-dm-1")
    return {"groups": len(made), "posts": len(POSTS)}


CHAT = [
    ("elin.forsberg", "Hej alla! Torsdag kl 17 som vanligt?"),
    ("jonas.bjork", "Jag är med 👍"),
    ("sara.nilsson", "Jag också – första gången, så jag tar det lugnt."),
    ("elin.forsberg", "Toppen! Vi samlas vid **entrén**."),
]
