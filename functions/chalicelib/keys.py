"""The one definition of Torget's DynamoDB table and of every key string in it.

The store, the devserver and infra/ all import this module, so the table
they create and the keys they write can never drift apart.

| item             | PK                  | SK        | notes                         |
|------------------|---------------------|-----------|-------------------------------|
| session          | SESSION#<sha256>    | SESSION   | TTL; token itself never stored; GSI1: SESSIONS#<person> / created |
| login attempt    | LOGIN#<state>       | LOGIN     | TTL 10 min; deleted on use     |
| person           | PERSON#<id>         | PROFILE   | GSI1: PEOPLE / <name>          |
| target           | TARGET#<targetId>   | META      | counts; articles: registration; GSI1: ARTICLES / date |
| my reactions     | TARGET#<targetId>   | U#<person>| the kinds one person gave; GSI1: REACTED#<person> / target |
| comment          | THREAD#<threadId>   | C#<ulid>  | top-level comment              |
| reply            | THREAD#<threadId>   | C#<parent>#R#<ulid> | sorts after its parent |
| idempotency      | IDEM#<person>#<key> | IDEM      | TTL 24 h                       |
| write budget     | RATE#<person>#<bucket>#<minute> | RATE | TTL 2 min              |
| group            | GROUP#<id>          | META      | GSI1: GROUPS / <name> (not secret) |
| group name       | GROUPNAME#<folded>  | NAME      | keeps names unique             |
| membership       | GROUP#<id>          | M#<person>| role, status                   |
| my groups        | PERSON#<id>         | G#<group> | the same, for "my groups"      |
| group feed entry | GROUP#<id>          | P#<ulid>  | a post in the group            |
| feed entry       | FEED#<yyyy-mm>      | E#<ulid>  | company feed, one partition a month |
| feed months      | FEED                | M#<yyyy-mm> | which months have entries    |
| connection       | CONN#<connId>       | META      | who, which topics; TTL 2 h     |
| my connection    | PERSON#<id>         | CONN#<connId> | counts a person's open sockets; TTL 2 h |
| subscription     | TOPIC#<topic>       | CONN#<connId> | fan-out list; TTL 2 h      |
| chat room        | ROOM#<id>           | META      | group or direct; message count |
| room member      | ROOM#<id>           | M#<person>| direct rooms                   |
| my room          | PERSON#<id>         | R#<room>  | direct rooms; read marker      |
| message          | ROOM#<id>           | MSG#<ulid>| a chat message; GSI1: SAID#<person> / <ulid> |
| client message id| ROOM#<id>           | CID#<person>#<clientId> | no duplicates; TTL 1 day |
| direct pair      | DIRECT#<hash of members> | ROOM | one room per set of people  |
| notification     | NOTIFY#<person>     | N#<kind>#<subject> | GSI1: NOTIFY#<person> / time; TTL 90 days |
| read confirmation| TARGET#<threadId>   | ACK#<person> | version read, when; GSI1: ACKS#<person> |
| first read       | TARGET#<threadId>   | V#<keyed hash> | one per reader, never the person |
| reads of a day   | TARGET#<threadId>   | RD#<yyyy-mm-dd>#<shard> | count of first reads, sharded |
| readers counter  | TARGET#<threadId>   | RC#<shard> | first reads, one of SHARDS items |
| person's activity| PERSON#<id>         | A#<ulid>  | posts and comments, for the profile |
| directory word   | PEOPLEWORD#<word[:1]> | <word>#<person> | name, title, department words |
| banners          | SITE                | BANNERS   | the active urgent banners       |
| mail queue       | MAILQ               | <due ms>#<person>#<notification> | at-once mail, sent if still unread; TTL |
| held mail        | MAILHELD            | <due ms>#<person>#<notification> | a queued mail refused or undelivered; TTL |
| article draft    | ARTICLE#<id>        | DRAFT     | web editor; GSI1: DRAFTS#<author> / updated |
| review queue     | REVIEWS             | R#<submitted>#<id> | drafts waiting for an editor |
| scheduled        | SCHEDULED           | S#<publishAt>#<id> | approved, published at that time |
| report           | REPORTS             | R#<ulid>  | reported content; GSI1: REPORTED#<target> / <ulid> |
| moderators       | SITE                | MODERATORS | who hears of reports (kept at login) |
| audit entry      | AUDIT#<yyyy-mm>     | <ms>#<ulid> | who did what to whom; TTL; never changed |
| audit months     | AUDIT               | M#<yyyy-mm> | which months have entries        |
| erasure          | ERASURE#<person>    | JOB       | confirmation token hash, progress  |
| erasures queue   | ERASURES            | <person>  | confirmed erasures not yet finished |
| removed upload   | UPLOADGONE          | <ms>#<key> | images of deleted posts, removed after retention |
| digest sent      | PERSON#<id>         | DIGEST#<period>#<day> | written before a digest goes: at most once; TTL 8 days |
| SCIM user        | SCIMUSERS           | <person>  | the resource as provisioned (JSON), version; the list SCIM filters |
| directory key    | DIRKEY#<kind>#<value> | KEY     | userName, externalId, e-mail → person: unique, and how login finds them |
| SCIM group       | SCIMGROUPS          | <group>   | displayName, externalId, version, member count |
| group member     | DIRGROUP#<group>    | M#<person>| a directory group's member                 |
| my directory group | PERSON#<id>       | DG#<group>| the same, for the person (audiences)        |
| org listing      | ORG#<manager or ->  | <name>#<person> | a person's card under their manager (- : the top) |
| department       | DEPT#<folded>       | <name>#<person> | a person's card in their department  |
| office           | OFFICE#<folded>     | <name>#<person> | a person's card at their office      |
| departments, offices | DEPTS / OFFICES | <folded>  | the name and how many people            |

Target ids are `article:<slug>`, `post:<ulid>`, `comment:<ulid>`; a thread
id is the id of the target its comments hang under.
"""

TTL_ATTRIBUTE = "expiresAt"
GSI1 = "GSI1"

TABLE_SCHEMA = {
    "AttributeDefinitions": [
        {"AttributeName": name, "AttributeType": "S"}
        for name in ("PK", "SK", "GSI1PK", "GSI1SK")
    ],
    "KeySchema": [
        {"AttributeName": "PK", "KeyType": "HASH"},
        {"AttributeName": "SK", "KeyType": "RANGE"},
    ],
    "GlobalSecondaryIndexes": [
        {
            "IndexName": GSI1,
            "KeySchema": [
                {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
    ],
    "BillingMode": "PAY_PER_REQUEST",
}


def session(token_hash: str) -> dict:
    return {"PK": f"SESSION#{token_hash}", "SK": "SESSION"}


def sessions_of(person_id: str) -> str:
    return f"SESSIONS#{person_id}"


def sessions_index(person_id: str, created: int) -> dict:
    """GSI1 keys that list one person's sessions (for their data export, erasure and retention)."""
    return {"GSI1PK": sessions_of(person_id), "GSI1SK": f"{created:012d}"}


def login_attempt(state: str) -> dict:
    return {"PK": f"LOGIN#{state}", "SK": "LOGIN"}


def person(person_id: str) -> dict:
    return {"PK": f"PERSON#{person_id}", "SK": "PROFILE"}


PEOPLE = "PEOPLE"  # GSI1 partition of everyone, by name


def people_index(name: str) -> dict:
    """GSI1 keys that list people by name (the directory)."""
    return {"GSI1PK": PEOPLE, "GSI1SK": name.casefold()}


ARTICLES = "ARTICLES"  # GSI1 partition of the published articles, by date


def target(target_id: str) -> dict:
    return {"PK": f"TARGET#{target_id}", "SK": "META"}


def my_reactions(target_id: str, person_id: str) -> dict:
    return {"PK": f"TARGET#{target_id}", "SK": f"U#{person_id}"}


def reacted_by(person_id: str) -> str:
    return f"REACTED#{person_id}"


def reactions_index(person_id: str, target_id: str) -> dict:
    """GSI1 keys that list the targets one person reacted to."""
    return {"GSI1PK": reacted_by(person_id), "GSI1SK": target_id}


def read_token(thread_id: str, token: str) -> dict:
    """One reader's first read of an article (a keyed hash, never the person)."""
    return {"PK": target_partition(thread_id), "SK": f"V#{token}"}


def reads_on(thread_id: str, day: str, shard: int | None = None) -> dict:
    """An article's count of first reads on one day (one of its shards; without a shard, the single
    counter written before counts were sharded)."""
    return {"PK": target_partition(thread_id), "SK": f"RD#{day}" + (f"#{shard}" if shard is not None else "")}


READERS_PREFIX = "RC#"


def readers_shard(thread_id: str, shard: int) -> dict:
    """One shard of an article's readers counter: an all-hands article read by thousands at once spreads
    its counting over several items instead of queueing on one."""
    return {"PK": target_partition(thread_id), "SK": f"{READERS_PREFIX}{shard}"}


def thread(thread_id: str) -> str:
    return f"THREAD#{thread_id}"


def comment_sort_key(comment_id: str, parent_id: str | None = None) -> str:
    return f"C#{parent_id}#R#{comment_id}" if parent_id else f"C#{comment_id}"


def comment(thread_id: str, comment_id: str, parent_id: str | None = None) -> dict:
    return {"PK": thread(thread_id), "SK": comment_sort_key(comment_id, parent_id)}


COMMENT_PREFIX = "C#"


def replies_prefix(parent_id: str) -> str:
    """The sort-key prefix of one comment's replies."""
    return f"C#{parent_id}#R#"


def idempotency(person_id: str, key: str) -> dict:
    return {"PK": f"IDEM#{person_id}#{key}", "SK": "IDEM"}


def write_budget(person_id: str, bucket: str, minute: int) -> dict:
    return {"PK": f"RATE#{person_id}#{bucket}#{minute}", "SK": "RATE"}


def group(group_id: str) -> dict:
    return {"PK": f"GROUP#{group_id}", "SK": "META"}


def group_name(folded: str) -> dict:
    return {"PK": f"GROUPNAME#{folded}", "SK": "NAME"}


GROUPS = "GROUPS"  # GSI1 partition of the groups that are not secret, by name


def group_index(folded_name: str) -> dict:
    return {"GSI1PK": GROUPS, "GSI1SK": folded_name}


MEMBER_PREFIX = "M#"  # a group's memberships (and a direct room's members)


def membership(group_id: str, person_id: str) -> dict:
    return {"PK": group_partition(group_id), "SK": f"{MEMBER_PREFIX}{person_id}"}


MY_GROUP_PREFIX = "G#"


def my_group(person_id: str, group_id: str) -> dict:
    return {"PK": person_partition(person_id), "SK": f"{MY_GROUP_PREFIX}{group_id}"}


def group_partition(group_id: str) -> str:
    return f"GROUP#{group_id}"


GROUP_ENTRY_PREFIX = "P#"


def group_entry(group_id: str, entry_id: str) -> dict:
    return {"PK": group_partition(group_id), "SK": f"{GROUP_ENTRY_PREFIX}{entry_id}"}


def feed_partition(month: str) -> str:
    return f"FEED#{month}"


FEED_ENTRY_PREFIX = "E#"


def feed_entry(month: str, entry_id: str) -> dict:
    return {"PK": feed_partition(month), "SK": f"{FEED_ENTRY_PREFIX}{entry_id}"}


FEED_MONTHS = "FEED"
MONTH_PREFIX = "M#"  # in FEED_MONTHS and AUDIT_MONTHS


def feed_month(month: str) -> dict:
    return {"PK": FEED_MONTHS, "SK": f"{MONTH_PREFIX}{month}"}


def connection(connection_id: str) -> dict:
    return {"PK": f"CONN#{connection_id}", "SK": "META"}


CONNECTION_PREFIX = "CONN#"  # a person's open sockets, a topic's subscribers


def my_connection(person_id: str, connection_id: str) -> dict:
    return {"PK": person_partition(person_id), "SK": f"{CONNECTION_PREFIX}{connection_id}"}


def topic(name: str) -> str:
    return f"TOPIC#{name}"


def subscription(name: str, connection_id: str) -> dict:
    return {"PK": topic(name), "SK": f"{CONNECTION_PREFIX}{connection_id}"}


def room(room_id: str) -> dict:
    return {"PK": room_partition(room_id), "SK": "META"}


def room_partition(room_id: str) -> str:
    return f"ROOM#{room_id}"


def room_member(room_id: str, person_id: str) -> dict:
    return {"PK": room_partition(room_id), "SK": f"{MEMBER_PREFIX}{person_id}"}


MY_ROOM_PREFIX = "R#"


def my_room(person_id: str, room_id: str) -> dict:
    return {"PK": person_partition(person_id), "SK": f"{MY_ROOM_PREFIX}{room_id}"}


MESSAGE_PREFIX = "MSG#"


def message_sort_key(message_id: str) -> str:
    return f"{MESSAGE_PREFIX}{message_id}"


def message(room_id: str, message_id: str) -> dict:
    return {"PK": room_partition(room_id), "SK": message_sort_key(message_id)}


def said_by(person_id: str) -> str:
    return f"SAID#{person_id}"


def messages_index(person_id: str, message_id: str) -> dict:
    """GSI1 keys that list one person's chat messages, oldest first by their ULID (time-ordered)."""
    return {"GSI1PK": said_by(person_id), "GSI1SK": message_id}


def client_message(room_id: str, person_id: str, client_id: str) -> dict:
    return {"PK": room_partition(room_id), "SK": f"CID#{person_id}#{client_id}"}


def direct_pair(members_hash: str) -> dict:
    return {"PK": f"DIRECT#{members_hash}", "SK": "ROOM"}


def notification(person_id: str, kind: str, subject: str) -> dict:
    return {"PK": f"NOTIFY#{person_id}", "SK": f"N#{kind}#{subject}"}


def notification_index(person_id: str, updated_ms: int) -> dict:
    """GSI1 keys that list a person's notifications newest first."""
    return {"GSI1PK": notifications_of(person_id), "GSI1SK": f"{updated_ms:015d}"}


def notifications_of(person_id: str) -> str:
    return f"NOTIFY#{person_id}"


ACK_PREFIX = "ACK#"


def ack(thread_id: str, person_id: str) -> dict:
    return {"PK": target_partition(thread_id), "SK": f"{ACK_PREFIX}{person_id}"}


def acks_by(person_id: str) -> str:
    return f"ACKS#{person_id}"


def acks_index(person_id: str, thread_id: str) -> dict:
    """GSI1 keys that list one person's read confirmations."""
    return {"GSI1PK": acks_by(person_id), "GSI1SK": thread_id}


def target_partition(target_id: str) -> str:
    return f"TARGET#{target_id}"


ACTIVITY_PREFIX = "A#"


def activity(person_id: str, entry_id: str) -> dict:
    return {"PK": person_partition(person_id), "SK": f"{ACTIVITY_PREFIX}{entry_id}"}


def person_partition(person_id: str) -> str:
    return f"PERSON#{person_id}"


def people_word(word: str, person_id: str) -> dict:
    return {"PK": people_words(word), "SK": f"{word}#{person_id}"}


def people_words(word: str) -> str:
    """Directory words are spread over one partition per first letter."""
    return f"PEOPLEWORD#{word[:1]}"


def banners() -> dict:
    return {"PK": "SITE", "SK": "BANNERS"}


def article_draft(draft_id: str) -> dict:
    return {"PK": f"ARTICLE#{draft_id}", "SK": "DRAFT"}


def drafts_of(person_id: str) -> str:
    return f"DRAFTS#{person_id}"


def drafts_index(person_id: str, updated: str) -> dict:
    """GSI1 keys that list one writer's drafts, newest change first ("My drafts")."""
    return {"GSI1PK": drafts_of(person_id), "GSI1SK": updated}


REVIEWS, REVIEW_PREFIX = "REVIEWS", "R#"


def review_entry(submitted: str, draft_id: str) -> dict:
    return {"PK": REVIEWS, "SK": f"{REVIEW_PREFIX}{submitted}#{draft_id}"}


SCHEDULED, SCHEDULED_PREFIX = "SCHEDULED", "S#"


def scheduled_entry(publish_at: str, draft_id: str) -> dict:
    return {"PK": SCHEDULED, "SK": f"{SCHEDULED_PREFIX}{publish_at}#{draft_id}"}


MAIL_QUEUE, MAIL_HELD = "MAILQ", "MAILHELD"


def mail_queue(due_ms: int, person_id: str, notification_id: str) -> dict:
    return {"PK": MAIL_QUEUE, "SK": f"{due_ms:015d}#{person_id}#{notification_id}"}


def mail_held(queue_sk: str) -> dict:
    return {"PK": MAIL_HELD, "SK": queue_sk}


REPORTS, REPORT_PREFIX = "REPORTS", "R#"


def report(report_id: str) -> dict:
    return {"PK": REPORTS, "SK": f"{REPORT_PREFIX}{report_id}"}


def reports_of(target_id: str) -> str:
    return f"REPORTED#{target_id}"


def reports_index(target_id: str, report_id: str) -> dict:
    return {"GSI1PK": reports_of(target_id), "GSI1SK": report_id}


def moderators() -> dict:
    return {"PK": "SITE", "SK": "MODERATORS"}


def audit_partition(month: str) -> str:
    return f"AUDIT#{month}"


def audit_entry(month: str, at_ms: int, entry_id: str) -> dict:
    return {"PK": audit_partition(month), "SK": f"{at_ms:015d}#{entry_id}"}


AUDIT_MONTHS = "AUDIT"


def audit_month(month: str) -> dict:
    return {"PK": AUDIT_MONTHS, "SK": f"{MONTH_PREFIX}{month}"}


def erasure(person_id: str) -> dict:
    return {"PK": f"ERASURE#{person_id}", "SK": "JOB"}


ERASURES = "ERASURES"


def erasures_queue(person_id: str) -> dict:
    return {"PK": ERASURES, "SK": person_id}


UPLOADS_GONE = "UPLOADGONE"


def upload_gone(at_ms: int, key: str) -> dict:
    return {"PK": UPLOADS_GONE, "SK": f"{at_ms:015d}#{key}"}


def digest_sent(person_id: str, period: str, day: str) -> dict:
    return {"PK": person_partition(person_id), "SK": f"DIGEST#{period}#{day}"}


SCIM_USERS = "SCIMUSERS"
SCIM_GROUPS = "SCIMGROUPS"


def scim_user(person_id: str) -> dict:
    return {"PK": SCIM_USERS, "SK": person_id}


def directory_key(kind: str, value: str) -> dict:
    """kind: "username" and "email" (folded), "external" (exact, as the provider sends it)."""
    return {"PK": f"DIRKEY#{kind}#{value}", "SK": "KEY"}


def scim_group(group_id: str) -> dict:
    return {"PK": SCIM_GROUPS, "SK": group_id}


def directory_group_partition(group_id: str) -> str:
    return f"DIRGROUP#{group_id}"


def directory_member(group_id: str, person_id: str) -> dict:
    return {"PK": directory_group_partition(group_id), "SK": f"{MEMBER_PREFIX}{person_id}"}


MY_DIRECTORY_GROUP_PREFIX = "DG#"


def my_directory_group(person_id: str, group_id: str) -> dict:
    return {"PK": person_partition(person_id), "SK": f"{MY_DIRECTORY_GROUP_PREFIX}{group_id}"}


TOP = "-"  # the org chart's top: people with no manager


def listing_partition(kind: str, value: str) -> str:
    """kind: ORG (value: the manager's id, or TOP), DEPT or OFFICE (value: folded name)."""
    return f"{kind}#{value}"


def listing(kind: str, value: str, name: str, person_id: str) -> dict:
    return {"PK": listing_partition(kind, value), "SK": f"{name.casefold()}#{person_id}"}


def listing_names(kind: str) -> str:
    """DEPTS or OFFICES: one item per department or office."""
    return {"DEPT": "DEPTS", "OFFICE": "OFFICES"}[kind]


def listing_name(kind: str, folded: str) -> dict:
    return {"PK": listing_names(kind), "SK": folded}
