"""The one definition of Torget's DynamoDB table and of every key string in it.

The store, the devserver and infra/ all import this module, so the table
they create and the keys they write can never drift apart.

| item             | PK                  | SK        | notes                         |
|------------------|---------------------|-----------|-------------------------------|
| session          | SESSION#<sha256>    | SESSION   | TTL; token itself never stored |
| login attempt    | LOGIN#<state>       | LOGIN     | TTL 10 min; deleted on use     |
| person           | PERSON#<id>         | PROFILE   | GSI1: PEOPLE / <name>          |
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


def login_attempt(state: str) -> dict:
    return {"PK": f"LOGIN#{state}", "SK": "LOGIN"}


def person(person_id: str) -> dict:
    return {"PK": f"PERSON#{person_id}", "SK": "PROFILE"}


def people_index(name: str) -> dict:
    """GSI1 keys that list people by name (the directory)."""
    return {"GSI1PK": "PEOPLE", "GSI1SK": name.casefold()}
